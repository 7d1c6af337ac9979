package dev.tcptest.example;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Connection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Answers one line with the same line in upper case. */
public class UpperCaseHandler implements AcceptHandler {

    @Override
    public void handle(Connection connection) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = connection.input().read()) >= 0 && b != '\n') {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT) + "\n";
        connection.output().write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
