package dev.tcptest.internal.script;

import dev.tcptest.ScriptSyntaxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed chat script: the sequence it runs first and the {@code on} rules that answer
 * afterwards, or, with {@code [connection N]} sections, one such part per range of connections.
 * Immutable; one program serves any number of connections at once.
 */
public final class Program {

    /**
     * What one connection plays: the prologue and its section, or the whole script.
     *
     * @param header the section's header, null for a script without sections
     * @param from the first connection number of the run it plays
     * @param to the last one, {@link Long#MAX_VALUE} for {@code *}
     * @param sequence the commands, the prologue's first
     * @param rules the rules, the prologue's first
     */
    record Part(At header, long from, long to, List<Step> sequence, RuleSet rules) {

        Part {
            sequence = List.copyOf(sequence);
        }

        /** The range as the header writes it: {@code 1}, {@code 2-3}, {@code *}, {@code 4-*}. */
        String range() {
            if (from == to) {
                return String.valueOf(from);
            }
            return from == 1 && to == Long.MAX_VALUE ? "*" : from + "-" + (to == Long.MAX_VALUE ? "*" : String.valueOf(to));
        }
    }

    private final String source;
    private final Part prologue;
    private final List<Part> sections;

    Program(String source, Part prologue, List<Part> sections) {
        this.source = source;
        this.prologue = prologue;
        this.sections = List.copyOf(sections);
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

    /** The whole script, for a program without sections; null otherwise. */
    Part unsectioned() {
        return sections.isEmpty() ? prologue : null;
    }

    /** The section the connection with this number in its run plays, or null if none covers it. */
    Part sectionFor(long number) {
        return sections.stream().filter(part -> part.from() <= number && number <= part.to()).findFirst().orElse(null);
    }

    /** The sections' ranges, for messages: {@code 1, 2-3}. */
    String ranges() {
        return String.join(", ", sections.stream().map(Part::range).toList());
    }

    /** The first section's header, where a connection no section covers is reported. */
    At firstHeader() {
        return sections.get(0).header();
    }

    /** @return how many commands and rules, and sections if any, for summaries */
    public String summary() {
        String counts = prologue.sequence().size() + " command(s), " + prologue.rules().size() + " rule(s)";
        return sections.isEmpty() ? counts : counts + " and " + sections.size() + " section(s)";
    }
}
