package dev.tcptest.bench;

import dev.tcptest.Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM's throwaway leaf, key and chain, written once to a PKCS12 file, so that the TLS servers
 * of both runtimes (today's and {@code tcptest-before}, each with a {@code Certificates} class of
 * its own) present the same certificate, which the clients trust through today's CA.
 */
public final class ThrowawayKeyStore {

    /** The file's password, which is also the key's. */
    public static final String PASSWORD = "bench";

    private static Path file;

    private ThrowawayKeyStore() {
    }

    /**
     * The file, written at the first call and deleted when the JVM exits.
     *
     * @return the PKCS12 file
     */
    public static synchronized Path file() {
        if (file == null) {
            try {
                Path written = Files.createTempFile("tcptest-bench-", ".p12");
                written.toFile().deleteOnExit();
                Certificates.throwaway().writeKeyStore(written, PASSWORD);
                file = written;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the bench's key store to a temporary file", e);
            }
        }
        return file;
    }
}
