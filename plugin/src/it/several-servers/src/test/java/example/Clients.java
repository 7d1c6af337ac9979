package example;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Talks to each server of the fixture and fails (so the build fails) on anything unexpected. */
public final class Clients {

    public static void main(String[] args) throws Exception {
        String smtp = talk(Integer.parseInt(args[0]), "HELO fixture\r\nQUIT\r\n");
        expect("220 fixture ready\r\n250 hello\r\n221 bye\r\n", smtp);
        expect("220 \"ready\"\r\n\u0000", talk(Integer.parseInt(args[1]), ""));
        expect("", talkThenClose(Integer.parseInt(args[2]), "dropped\n"));
        expect("", talk(Integer.parseInt(args[3]), ""));
        expect("220 \"ready\"\r\n\u0000", talk(Integer.parseInt(args[4]), ""));
        System.out.println("clients: all five servers answered as configured");
    }

    private static String talk(int port, String send) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
            return read(socket.getInputStream());
        }
    }

    private static String talkThenClose(int port, String send) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            return read(socket.getInputStream());
        }
    }

    private static String read(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static void expect(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError("expected [" + expected + "] but the server sent [" + actual + "]");
        }
    }
}
