package dev.tcptest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes each finished connection as a chat script that replays it ({@link RecordedConnection#toScript()}),
 * one file {@code connection-<id>.chat} per connection, as it ends: record a real server through a
 * proxy once, replay the scripts in every build.
 */
final class ScriptRecorder implements Consumer<RecordedConnection> {

    private final Path directory;

    private ScriptRecorder(Path directory) {
        this.directory = directory;
    }

    /** A recorder into a folder, created if need be; a folder that cannot be is the setting's fault. */
    static ScriptRecorder into(Path directory) {
        try {
            return new ScriptRecorder(Files.createDirectories(directory));
        } catch (IOException e) {
            throw new InvalidSettingException("recordScripts", directory.toString(), Phrase.of("cannot be created as a"
                    + " folder (" + e + ")"), Phrase.of("give a folder that can be written, such as ")
                    .setting("recordScripts", "target/recorded"), e);
        }
    }

    @Override
    public void accept(RecordedConnection connection) {
        Path file = directory.resolve("connection-" + connection.id() + ".chat");
        try {
            Files.writeString(file, connection.toScript(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recorded script " + file, e);
        }
    }
}
