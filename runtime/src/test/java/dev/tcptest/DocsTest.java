package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples in {@code docs/*.md} and the top-level {@code README.md} cannot rot: every
 * {@code ```java} block compiles against the test class path, and every {@code ```chat} block
 * parses with {@link Handlers#script(Path)}, as a file beside the others, so that one can include
 * another.
 *
 * <p>A block that declares a type (or has {@code import} lines) compiles as a file of its own; it
 * gets the imports below unless it has its own, which must then be complete. Any other block is
 * the body of a method {@code throws Exception} in a class with those imports. A block opts out
 * only with {@code <!-- not compiled: reason -->} on the line before its fence.
 */
class DocsTest {

    /** What a block without import lines may use unqualified. */
    static final List<String> IMPORTS = List.of("dev.tcptest.*", "dev.tcptest.junit.*", "dev.tcptest.remote.*", "java.io.*", "java.net.*",
            "java.nio.charset.*", "java.nio.file.*", "java.time.*", "java.util.*", "java.util.concurrent.*",
            "org.junit.jupiter.api.*", "org.junit.jupiter.api.extension.*", "static org.junit.jupiter.api.Assertions.*");

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([A-Za-z0-9_+-]*).*$");
    private static final Pattern OPT_OUT = Pattern.compile("^\\s*<!--\\s*not compiled:\\s*(\\S.*?)\\s*-->\\s*$");
    private static final Pattern TYPE = Pattern.compile("^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|abstract|final|"
            + "sealed|non-sealed|static|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile("^(?:@\\w+(?:\\([^)]*\\))?\\s+)*public\\s+(?:(?:abstract|"
            + "final|sealed|non-sealed|static|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("^(import|package)\\s", Pattern.MULTILINE);
    private static final Pattern CHAT_NAME = Pattern.compile("#\\s*([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\\.chat)\\b");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");

    /** A fenced code block: the file, the line of its opening fence, its language and its text. */
    record Block(Path file, int line, String language, String code, String optOut) {

        /** Where the block's line {@code n} (from 1) is, for messages: {@code docs/runtime.md:42}. */
        String at(long n) {
            return Docs.name(file) + ":" + (line + n);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaExampleCompiles() {
        List<Block> blocks = Docs.blocks("java");
        Map<Block, List<String>> errors = Compilation.errorsOf(blocks);
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.at(0) + " java", () -> {
            List<String> found = errors.get(block);
            if (!found.isEmpty()) {
                fail("the java block at " + block.at(0) + " does not compile (fix it, or mark it with"
                        + " <!-- not compiled: reason --> on the line before its fence):\n" + String.join("\n", found));
            }
        }));
    }

    /**
     * Each chat block is parsed as a file in one folder, so that a block can include another: a
     * block whose first line is a comment naming a file, {@code # handshake.chat: ...}, is that
     * file there.
     */
    @TestFactory
    Stream<DynamicTest> everyChatScriptParses(@TempDir Path folder) throws IOException {
        Map<Path, Block> files = new LinkedHashMap<>();
        for (Block block : Docs.blocks("chat")) {
            Matcher named = CHAT_NAME.matcher(block.code());
            Path file = folder.resolve(named.lookingAt() ? named.group(1) : "block-" + files.size() + ".chat");
            if (files.containsKey(file)) {
                file = folder.resolve("block-" + files.size() + ".chat");
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, block.code(), StandardCharsets.UTF_8);
            files.put(file, block);
        }
        return files.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getValue().at(0) + " chat", () -> {
            try {
                Handlers.script(entry.getKey());
            } catch (ScriptSyntaxException e) {
                Block where = files.getOrDefault(Path.of(e.source()), entry.getValue());
                fail("the chat block at " + entry.getValue().at(0) + " does not parse: " + where.at(e.line()) + ":"
                        + e.column() + ": " + e.reason());
            }
        }));
    }

    @Test
    void everyPageIsIndexedAndHasCheckedExamples() throws IOException {
        List<Path> pages = Docs.pages();
        assertFalse(pages.isEmpty(), "no pages found in " + Docs.root().resolve("docs"));
        String index = Files.readString(Docs.root().resolve("docs/README.md"), StandardCharsets.UTF_8);
        for (Path page : pages) {
            String name = page.getFileName().toString();
            if (!name.equals("README.md")) {
                assertTrue(index.contains("(" + name + ")"), "docs/README.md does not link to " + name);
            }
        }
        assertFalse(Docs.blocks("java").isEmpty(), "no java example found: the test would check nothing");
        assertFalse(Docs.blocks("chat").isEmpty(), "no chat example found: the test would check nothing");
    }

    @Test
    void relativeLinksPointToFilesThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : Docs.files()) {
            String[] lines = Files.readString(page, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher link = LINK.matcher(lines[i]);
                while (link.find()) {
                    String target = link.group(1);
                    if (!target.contains(":") && !Files.exists(page.getParent().resolve(target).normalize())) {
                        broken.add(Docs.name(page) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), "links to files that do not exist:\n" + String.join("\n", broken));
    }

    /** The pages and their fenced blocks. */
    static final class Docs {

        private Docs() {
        }

        /**
         * The checkout's root: the module's parent under Maven, which runs tests in the module's
         * directory, or the working directory itself when an IDE runs them from the root.
         */
        static Path root() {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
                if (Files.isDirectory(candidate.resolve("docs")) && Files.isRegularFile(candidate.resolve("README.md"))) {
                    return candidate;
                }
            }
            throw new AssertionError("no directory with docs/ and README.md at or above " + dir
                    + "; run the test from the runtime module or the checkout's root");
        }

        static String name(Path file) {
            return root().relativize(file).toString().replace('\\', '/');
        }

        static List<Path> pages() {
            try (Stream<Path> listed = Files.list(root().resolve("docs"))) {
                return listed.filter(p -> p.toString().endsWith(".md")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The pages and the top-level README. */
        static List<Path> files() {
            List<Path> files = new ArrayList<>(pages());
            files.add(root().resolve("README.md"));
            return files;
        }

        /** The blocks of a language in every file, those that opt out left out. */
        static List<Block> blocks(String language) {
            List<Block> blocks = new ArrayList<>();
            for (Path file : files()) {
                try {
                    for (Block block : blocksOf(file, Files.readString(file, StandardCharsets.UTF_8))) {
                        if (block.language().equals(language) && block.optOut() == null) {
                            blocks.add(block);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return blocks;
        }

        /** Every fenced block of a Markdown text, indented ones (in lists) included. */
        static List<Block> blocksOf(Path file, String text) {
            String[] lines = text.split("\r?\n", -1);
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                Matcher open = FENCE.matcher(lines[i]);
                if (!open.matches()) {
                    continue;
                }
                String indent = open.group(1);
                String fence = open.group(2);
                StringBuilder code = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && !isClosing(lines[j], fence)) {
                    code.append(unindent(lines[j], indent.length())).append('\n');
                    j++;
                }
                Matcher optOut = i > 0 ? OPT_OUT.matcher(lines[i - 1]) : null;
                blocks.add(new Block(file, i + 1, open.group(3).toLowerCase(Locale.ROOT), code.toString(),
                        optOut != null && optOut.matches() ? optOut.group(1) : null));
                i = j;
            }
            return blocks;
        }

        private static boolean isClosing(String line, String fence) {
            String trimmed = line.strip();
            return trimmed.length() >= fence.length() && trimmed.chars().allMatch(c -> c == fence.charAt(0));
        }

        private static String unindent(String line, int indent) {
            int n = 0;
            while (n < indent && n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            return line.substring(n);
        }
    }

    /** One javac run over every block, each in a package of its own, and its errors per block. */
    static final class Compilation {

        private Compilation() {
        }

        static Map<Block, List<String>> errorsOf(List<Block> blocks) {
            Map<Block, List<String>> errors = new LinkedHashMap<>();
            Map<URI, Source> sources = new LinkedHashMap<>();
            for (int i = 0; i < blocks.size(); i++) {
                Source source = Source.of(blocks.get(i), "docs.example" + i);
                sources.put(source.toUri(), source);
                errors.put(blocks.get(i), new ArrayList<>());
            }
            if (blocks.isEmpty()) {
                return errors;
            }
            DiagnosticCollector<JavaFileObject> diagnostics = compile(new ArrayList<>(sources.values()));
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                Source source = d.getSource() == null ? null : sources.get(d.getSource().toUri());
                if (source == null) {
                    throw new AssertionError("javac failed outside the examples: " + d.getMessage(Locale.ROOT));
                }
                String error = source.block().at(d.getLineNumber() - source.prefixLines()) + ": " + d.getMessage(Locale.ROOT);
                if (!errors.get(source.block()).contains(error)) {
                    errors.get(source.block()).add(error);
                }
            }
            return errors;
        }

        private static DiagnosticCollector<JavaFileObject> compile(List<Source> sources) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new AssertionError("no Java compiler in " + System.getProperty("java.home") + ": run the tests on a JDK");
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            Path out;
            try {
                out = Files.createTempDirectory("tcptest-docs");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                // Past an error in one block, go on to check the others (javac stops after parsing by default).
                List<String> options = List.of("--release", "17", "-proc:none", "-nowarn", "-Xlint:none",
                        "-XDshould-stop.ifError=FLOW", "-classpath", classPath(), "-d", out.toString());
                javac.getTask(new StringWriter(), null, diagnostics, options, null, sources).call();
                return diagnostics;
            } finally {
                delete(out);
            }
        }

        /** The test class path, however the runner passes it (a manifest-only jar, a module path). */
        private static String classPath() {
            Set<String> entries = new LinkedHashSet<>();
            for (String property : List.of("java.class.path", "surefire.test.class.path", "jdk.module.path")) {
                for (String entry : System.getProperty(property, "").split(java.io.File.pathSeparator)) {
                    if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                        entries.add(entry);
                    }
                }
            }
            for (Class<?> type : List.of(TcpServer.class, Test.class, org.junit.jupiter.api.extension.Extension.class,
                    org.opentest4j.AssertionFailedError.class)) {
                CodeSource code = type.getProtectionDomain().getCodeSource();
                if (code != null) {
                    try {
                        entries.add(Path.of(code.getLocation().toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // Not a file: the properties above have to do.
                    }
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }

        private static void delete(Path dir) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // A temporary directory left behind holds only compiled examples.
            }
        }
    }

    /** A block as a compilation unit: as written, or wrapped in a method. */
    static final class Source extends SimpleJavaFileObject {

        private final Block block;
        private final String text;
        private final int prefixLines;

        private Source(Block block, String packageName, String typeName, String prefix, String body, String suffix) {
            super(URI.create("string:///" + packageName.replace('.', '/') + "/" + typeName + ".java"), Kind.SOURCE);
            this.block = block;
            this.text = prefix + body + suffix;
            this.prefixLines = (int) prefix.chars().filter(c -> c == '\n').count();
        }

        static Source of(Block block, String packageName) {
            StringBuilder prefix = new StringBuilder("package " + packageName + ";\n");
            String code = block.code();
            boolean file = TYPE.matcher(code).find() || IMPORT_OR_PACKAGE.matcher(code).find();
            boolean ownImports = Pattern.compile("^import\\s", Pattern.MULTILINE).matcher(code).find();
            if (!ownImports) {
                IMPORTS.forEach(name -> prefix.append("import ").append(name).append(";\n"));
            }
            if (file) {
                // Each block has a package of its own; a package line of the example keeps its line, blanked.
                String body = Pattern.compile("^package\\s[^;]*;", Pattern.MULTILINE).matcher(code).replaceAll("");
                Matcher publicType = PUBLIC_TYPE.matcher(code);
                return new Source(block, packageName, publicType.find() ? publicType.group(1) : "Example", prefix.toString(),
                        body, "");
            }
            prefix.append("class Example {\n    void example() throws Exception {\n");
            return new Source(block, packageName, "Example", prefix.toString(), code, "    }\n}\n");
        }

        Block block() {
            return block;
        }

        int prefixLines() {
            return prefixLines;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
