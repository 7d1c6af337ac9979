package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.util.List;

/**
 * A parsed chat script: the sequence it runs first and the {@code on} rules that answer lines
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
     * Parses a script.
     *
     * @param source the name used in messages, such as a file name
     * @param text the script
     * @return the program
     * @throws ScriptSyntaxException with the line, the column and what was expected; never anything else
     */
    public static Program parse(String source, String text) {
        return new Parser(source, text).parse();
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
        return new Parser(source, text).unescaped();
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
