package dev.tcptest;

import dev.tcptest.internal.script.Interpreter;
import dev.tcptest.internal.script.Program;
import dev.tcptest.internal.script.Origin;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A parsed chat script: a protocol fake in a few lines of text, usable as an
 * {@link AcceptHandler}. Parsing happens once, in {@code parse}; the script then serves any
 * number of connections at once, each from its first line.
 *
 * <pre>
 * # smtp.chat: the server speaks first
 * send "220 localhost ready\r\n"
 * expect line "EHLO *"
 * send "250 OK\r\n"
 * expect regex "^MAIL FROM:&lt;.+&gt;$"
 * send "250 OK\r\n"
 * on line "NOOP" send "250 OK\r\n"
 * on line "QUIT" send "221 bye\r\n" close
 * </pre>
 *
 * <h2>Syntax</h2>
 * One command per line (LF or CRLF; a leading byte order mark is skipped); blank lines are ignored
 * and {@code #} starts a comment outside strings.
 * Strings are in double quotes and take the escapes {@code \r \n \t \\ \" \$} and {@code \xHH}
 * (one raw byte); other text is sent as UTF-8. In a {@code send} string, <code>${name}</code> sends
 * what the named group {@code (?<name>...)} of an {@code expect regex} or {@code on regex} last
 * captured on the connection; write <code>\${</code> for the two characters. Durations are a whole number with {@code ms}, {@code s}
 * or {@code m} (minutes): {@code 200ms}, {@code 2s}, {@code 1m}.
 * <ul>
 * <li>{@code send "..."} writes the bytes in one write; {@code send hex "32 35 30 0d 0a"} writes
 *     bytes given as pairs of hex digits (spaces between them are ignored).
 * <li>{@code expect "..."} reads until the data received contains the bytes; what came before them
 *     is skipped.
 * <li>{@code expect line "GLOB"} reads one line (ended by LF or CRLF; at end of stream, the rest)
 *     and matches all of it, without its line break, against a glob: {@code *} matches any run of
 *     bytes, {@code ?} one byte, {@code \*} and {@code \?} themselves. A line longer than 64 KiB
 *     fails the script, here and under the rules; read such data with {@code expect "..."} or
 *     {@code expect bytes N}.
 * <li>{@code expect regex "RE"} reads one line, decodes it as UTF-8 and looks for the Java
 *     regular expression in it ({@code Matcher.find}; anchor with {@code ^ $}). The string is
 *     taken as written, so {@code "\d+"} needs no doubled backslash.
 * <li>{@code expect bytes N} reads exactly N bytes, whatever they are.
 * <li>{@code expect exactly "..."} reads the next bytes, which must be the string's, nothing
 *     skipped; {@code expect hex "c0 ?? 0a"} does the same in hex, {@code ??} matching any byte.
 * <li>{@code delay 200ms} sleeps, unless the connection ends first (the server stops, say),
 *     which ends the script; {@code timeout 2s} sets how long each following expect waits
 *     (5 s until then).
 * <li>{@code shutdown-output} sends FIN and keeps reading; {@code close} closes gracefully and
 *     {@code reset} with RST, both ending the script; {@code hold} keeps the connection open until
 *     the server stops; {@code await-close} reads until the client closes, then ends the script.
 * <li>{@code include "other.chat"} puts another script's commands and rules here, the path
 *     relative to this script's file, resource or (for a string) the working directory.
 * <li>{@code on line "GLOB" <actions>}, {@code on regex "RE" <actions>}, {@code on bytes "..."
 *     <actions>} and {@code on bytes hex "..." <actions>} are rules, written after every other
 *     command. Once the sequence is done, they are tried in order on the bytes not read yet, a
 *     line rule on a whole line, a bytes rule on as many bytes as its pattern; the first that
 *     matches answers with its actions, until the client closes, with FIN or with RST (as Jedis
 *     does). Actions are {@code send "..."}, {@code send hex "..."}, {@code delay D},
 *     {@code shutdown-output}, {@code close} and {@code reset}, several on one line
 *     ({@code on line "QUIT" send "221 bye\r\n" close}), or {@code ignore} alone.
 * <li>{@code [connection 1]}, {@code [connection 2-3]} and {@code [connection *]} start sections:
 *     the lines before the first are played by every connection, then each connection plays the
 *     first section whose range holds its number, counted from 1 in each run of the server.
 * </ul>
 * Reads are framed the same whatever the packet boundaries: a line split over ten writes and ten
 * lines in one write behave alike.
 *
 * <h2>Failures</h2>
 * A syntax error throws {@link ScriptSyntaxException} from {@code parse} with the file (an
 * included one, where the error is), the line, the column and what was expected. When a client
 * does not follow the script (a line that does not match, an expect that times out, end of stream
 * before the expected data, bytes no rule answers, a connection no section covers), the script
 * throws an {@link AssertionError} whose message names the script, the line, what was expected
 * and what arrived, escaped; the server records it as the connection's
 * {@link RecordedConnection#error() error} and closes the connection.
 */
public final class Script implements AcceptHandler {

    private static final String DEFAULT_SOURCE = "script";

    private final Program program;

    private Script(Program program) {
        this.program = program;
    }

    /**
     * Parses script text; messages name it {@code script}.
     *
     * @param text the script, not null
     * @return the parsed script
     * @throws ScriptSyntaxException if the text is not a valid script
     */
    public static Script parse(String text) {
        return parse(DEFAULT_SOURCE, text);
    }

    /**
     * Parses script text under a name used in messages, such as the file it came from.
     *
     * @param sourceName the name shown in error messages, such as {@code smtp.chat}
     * @param text the script, not null
     * @return the parsed script
     * @throws ScriptSyntaxException if the text is not a valid script
     */
    public static Script parse(String sourceName, String text) {
        Objects.requireNonNull(text, "script text must not be null; give the script's lines, or a Path to a .chat file");
        String source = sourceName == null || sourceName.isBlank() ? DEFAULT_SOURCE : sourceName;
        return new Script(Program.parse(source, text));
    }

    /**
     * Reads a UTF-8 script file and parses it; messages name the file as given, and an
     * {@code include} is relative to the file's folder.
     *
     * @param file the script file, such as {@code src/test/resources/smtp.chat}
     * @return the parsed script
     * @throws ScriptSyntaxException if the file, or a file it includes, is not a valid script
     * @throws UncheckedIOException if the file cannot be read or is not UTF-8, naming the file
     */
    public static Script parse(Path file) {
        Objects.requireNonNull(file, "script file must not be null; give the Path of a .chat file");
        return new Script(Program.parse(Origin.file(file)));
    }

    /**
     * Reads a UTF-8 script resource, such as one on the class path, and parses it under a name
     * used in messages; an {@code include} is relative to the resource's folder.
     *
     * @param sourceName the name shown in messages, such as the resource name {@code redis/main.chat}
     * @param resource where to read the script, such as {@code getClass().getResource("/redis/main.chat")}
     * @return the parsed script
     * @throws ScriptSyntaxException if the resource, or a script it includes, is not a valid script
     * @throws UncheckedIOException if the resource cannot be read or is not UTF-8, naming it
     */
    public static Script parse(String sourceName, URL resource) {
        Objects.requireNonNull(resource, "script resource must not be null; is the resource on the class path?");
        String source = sourceName == null || sourceName.isBlank() ? resource.toString() : sourceName;
        return new Script(Program.parse(Origin.resource(source, resource)));
    }

    /**
     * The name used in messages: the file as given, or the name passed to {@code parse}.
     *
     * @return the source name
     */
    public String source() {
        return program.source();
    }

    /**
     * Runs the script on one connection, on the connection's thread.
     *
     * @param connection the accepted connection
     * @throws AssertionError if the client does not follow the script, naming the script line,
     *     what was expected and what arrived
     * @throws Exception if the connection fails otherwise
     */
    @Override
    public void handle(Connection connection) throws Exception {
        Interpreter.run(program, connection);
    }

    @Override
    public String toString() {
        return "script(" + program.source() + ", " + program.summary() + ")";
    }
}
