package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An open control endpoint never keeps a JVM alive: its threads are daemon threads, even when started from main. */
class JvmExitTest {

    @Test
    void aJvmWhoseMainReturnsWithAnOpenEndpointExits(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("output.txt");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OpenEndpointMain.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(java.waitFor(120, TimeUnit.SECONDS), "the JVM is still running: " + Files.readString(output));
            assertEquals(0, java.exitValue(), "exit status 2: the take never reached the endpoint; output: "
                    + Files.readString(output));
            assertEquals("", Files.readString(output));
        } finally {
            java.destroyForcibly();
        }
    }
}
