package dev.tcptest.internal;

import java.io.IOException;
import java.net.SocketException;

/** Tells the socket errors that mean "the client went away" from the others. */
public final class SocketErrors {

    private SocketErrors() {
    }

    /**
     * Whether the error is the client's reset.
     *
     * @param failure an error from a socket, or null
     * @return true for "Connection reset" and its kin
     */
    public static boolean isReset(Throwable failure) {
        return says(failure, "reset");
    }

    /**
     * Whether the error means the client is gone: a reset, or a write to a closed connection.
     *
     * @param failure an error from a socket, or null
     * @return true when the client left
     */
    public static boolean clientLeft(Throwable failure) {
        return isReset(failure) || says(failure, "Broken pipe");
    }

    // The JDK has no type for either: its socket code throws SocketException (or, from the NIO
    // socket adaptor, a plain IOException) with the operating system's words.
    private static boolean says(Throwable failure, String word) {
        return (failure instanceof SocketException || failure != null && failure.getClass() == IOException.class)
                && failure.getMessage() != null && failure.getMessage().contains(word);
    }
}
