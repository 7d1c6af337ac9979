package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed chat script: the sequence it runs first and the {@code on} rules that answer
 * afterwards. Immutable; one program serves any number of connections at once.
 */
public final class Program {

    private final String source;
    private final List<Step> sequence;
    private final RuleSet rules;

    Program(String source, List<Step> sequence, List<Step.Rule> rules) {
        this.source = source;
        this.sequence = List.copyOf(sequence);
        this.rules = new RuleSet(rules);
    }

    /**
     * Parses a script given as a string; what it includes is found relative to the working
     * directory.
     *
     * @param source the name used in messages; null or blank for {@code script}
     * @param text the script
     * @return the program
     * @throws ScriptSyntaxException with the file, the line, the column and what was expected;
     *     never anything else
     */
    public static Program parse(String source, String text) {
        String name = source == null || source.isBlank() ? "script" : source;
        return Parser.parse(Origin.text(name, text, Path.of("")), text);
    }

    /**
     * Reads a script from where it comes from and parses it.
     *
     * @param origin the script's file or resource, or a string with its folder
     * @return the program
     * @throws ScriptSyntaxException with the file, the line, the column and what was expected
     * @throws UncheckedIOException if the script itself cannot be read or is not UTF-8, naming it
     */
    public static Program parse(Origin origin) {
        String text;
        try {
            text = origin.read();
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException("chat script " + origin.name() + " is not valid UTF-8; save it as UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chat script " + origin.location() + ": " + e.getMessage(), e);
        }
        return Parser.parse(origin, text);
    }

    /**
     * Reads text that is not a script but takes a script string's escapes
     * ({@code \r \n \t \\ \" \xHH}), such as a response to send; a plain {@code "} stays a quote.
     *
     * @param source the name used in messages
     * @param text the escaped text
     * @return the bytes, text as UTF-8 and each {@code \xHH} as one byte
     * @throws ScriptSyntaxException with the column of a bad escape
     */
    public static byte[] unescape(String source, String text) {
        return Parser.unescape(source == null || source.isBlank() ? "script" : source, text);
    }

    /** @return the script's name */
    public String source() {
        return source;
    }

    List<Step> sequence() {
        return sequence;
    }

    RuleSet rules() {
        return rules;
    }

    /** @return how many commands of the sequence, then how many rules, for summaries */
    public String summary() {
        return sequence.size() + " command(s), " + rules.size() + " rule(s)";
    }
}
