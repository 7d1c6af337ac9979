package dev.tcptest.example;

import dev.tcptest.AcceptHandler;
import dev.tcptest.Connection;
import java.nio.charset.StandardCharsets;

/** A handler class of the test module, neither public nor with a public constructor. */
class Greeter implements AcceptHandler {

    @Override
    public void handle(Connection connection) throws Exception {
        connection.output().write("hello from a module\n".getBytes(StandardCharsets.US_ASCII));
    }
}
