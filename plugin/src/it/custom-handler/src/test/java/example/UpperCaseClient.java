package example;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends a line and expects it back in upper case. */
public final class UpperCaseClient {

    public static void main(String[] args) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(args[0]))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("make me loud\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!answer.equals("MAKE ME LOUD\n")) {
                throw new AssertionError("expected MAKE ME LOUD, got [" + answer + "]");
            }
            System.out.println("client: the project's handler answered " + answer.trim());
        }
    }
}
