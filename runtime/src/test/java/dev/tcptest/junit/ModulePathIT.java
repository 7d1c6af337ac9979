package dev.tcptest.junit;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime jar as the module {@code dev.tcptest}: what it exports, and the JUnit extension
 * serving a test suite that is a named module itself ({@code src/test/module-path}), run by the
 * JUnit Platform in a JVM of its own with everything on the module path. The rest of the suite
 * runs on the class path.
 */
class ModulePathIT {

    private static final Path JAR = Path.of(System.getProperty("tcptest.jar"));
    private static final Path SOURCES = Path.of("src/test/module-path");

    @Test
    void theJarIsAModuleThatExportsOnlyThePublicPackages() {
        ModuleDescriptor module = ModuleFinder.of(JAR).find("dev.tcptest").orElseThrow().descriptor();
        assertFalse(module.isAutomatic(), "the jar has no module-info: " + module);
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(toSet());
        assertEquals(Set.of("dev.tcptest", "dev.tcptest.junit", "dev.tcptest.remote"), exported);
        assertEquals(Set.of("dev.tcptest.junit to [org.junit.platform.commons]"),
                module.opens().stream().map(ModuleDescriptor.Opens::toString).collect(toSet()));
        assertTrue(module.packages().contains("dev.tcptest.internal"), "packages: " + module.packages());
    }

    @Test
    void theExtensionServesTheTestsOfANamedModule(@TempDir Path directory) throws Exception {
        String modulePath = Stream.concat(junitJars(), Stream.of(JAR.toString())).collect(Collectors.joining(File.pathSeparator));
        Path classes = directory.resolve("classes");
        compile(classes, modulePath);
        Files.copy(SOURCES.resolve("module-greeting.chat"), classes.resolve("module-greeting.chat"));

        Path output = directory.resolve("output.txt");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + File.pathSeparator + modulePath,
                "-m", "dev.tcptest.example/dev.tcptest.example.RunTests")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertTrue(java.waitFor(120, TimeUnit.SECONDS), "the modular test run did not end: " + Files.readString(output));
            assertEquals(0, java.exitValue(), Files.readString(output));
        } finally {
            java.destroyForcibly();
        }
    }

    /** JUnit's jars from this test's class path, which is what a modular build puts on its module path. */
    private static Stream<String> junitJars() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().matches("(junit|opentest4j|apiguardian|jspecify)-.*\\.jar"))
                .toList();
        assertFalse(jars.isEmpty(), "no JUnit jar on the class path: " + System.getProperty("java.class.path"));
        return jars.stream();
    }

    private static void compile(Path classes, String modulePath) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
        }
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(messages, true, StandardCharsets.UTF_8);
        int status = ToolProvider.getSystemJavaCompiler().run(null, out, out, arguments.toArray(String[]::new));
        assertEquals(0, status, messages.toString(StandardCharsets.UTF_8));
    }
}
