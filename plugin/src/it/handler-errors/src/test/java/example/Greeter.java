package example;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Reads the banner, greets with the word it is given, and reads what follows. */
public final class Greeter {

    public static void main(String[] args) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(args[0]))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((args[1] + " fixture\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            System.out.println("greeter: the server sent " + answer.replace("\r\n", "|"));
        }
    }
}
