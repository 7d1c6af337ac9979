package dev.tcptest.internal;

import dev.tcptest.CloseReason;
import dev.tcptest.RecordedConnection;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * The way into {@link RecordedConnection} for the runtime's other packages, as the JDK's
 * SharedSecrets and OkHttp's {@code Internal} do it: the public class installs an {@link Access}
 * in its static initializer, so that a connection recorded in another process can be rebuilt
 * from its parts, and its recording read, without a public constructor or accessor.
 */
public final class RecordAccess {

    private static volatile Access access;

    private RecordAccess() {
    }

    /** What {@link RecordedConnection} grants. */
    public interface Access {

        /**
         * A record made of its parts.
         *
         * @param parts the values
         * @return the record
         */
        RecordedConnection create(Parts parts);

        /**
         * The bytes of a record, with the order of its turns.
         *
         * @param connection the record
         * @return its recording
         */
        Recording recording(RecordedConnection connection);
    }

    /**
     * What a record holds.
     *
     * @param id the connection's number on its server
     * @param remoteAddress the client's address
     * @param localAddress the server's side
     * @param recording the bytes
     * @param closeReason how it ended, null while open
     * @param error what ended it abnormally, or null
     * @param acceptedAt when it was accepted
     * @param closedAt when it was closed, null while open
     */
    public record Parts(long id, InetSocketAddress remoteAddress, InetSocketAddress localAddress, Recording recording,
            CloseReason closeReason, Throwable error, Instant acceptedAt, Instant closedAt) {
    }

    /**
     * Called once, by {@link RecordedConnection}'s static initializer.
     *
     * @param granted the access
     */
    public static void install(Access granted) {
        if (access != null) {
            throw new IllegalStateException("the access to RecordedConnection is installed already");
        }
        access = granted;
    }

    /**
     * A record made of its parts.
     *
     * @param parts the values
     * @return the record
     */
    public static RecordedConnection create(Parts parts) {
        return access().create(parts);
    }

    /**
     * The recording of a record.
     *
     * @param connection the record
     * @return its bytes and turns
     */
    public static Recording recording(RecordedConnection connection) {
        return access().recording(connection);
    }

    private static Access access() {
        Access installed = access;
        if (installed == null) {
            // Nothing has touched RecordedConnection yet: initializing it installs the access.
            try {
                Class.forName(RecordedConnection.class.getName(), true, RecordedConnection.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("RecordedConnection cannot be initialized", e);
            }
            installed = access;
        }
        return installed;
    }
}
