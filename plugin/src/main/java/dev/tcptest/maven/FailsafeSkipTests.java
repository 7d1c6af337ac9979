package dev.tcptest.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Whether {@code -DskipTests} skips a project's integration tests, and so its servers. Up to
 * maven-failsafe-plugin 3.5 it does; from 3.6 on failsafe runs them all the same unless its
 * configuration says {@code <skipTests>true</skipTests>}, and the servers must then be up.
 */
final class FailsafeSkipTests {

    private static final String GROUP = "org.apache.maven.plugins";
    private static final String ARTIFACT = "maven-failsafe-plugin";
    private static final ComparableVersion DECOUPLED = new ComparableVersion("3.6.0");

    private FailsafeSkipTests() {
    }

    /**
     * The failsafe that runs the project's integration tests although {@code skipTests} is true.
     *
     * @param project the project, its build as Maven resolved it
     * @return failsafe's version ({@code "of a version Maven chooses"} when the POM gives none), or
     *     null when {@code skipTests} skips the integration tests: no failsafe in the build, one
     *     before 3.6, or one configured to skip on it
     */
    static String runsTestsDespiteSkipTests(MavenProject project) {
        Plugin failsafe = project.getBuild() == null ? null : project.getBuild().getPluginsAsMap().get(GROUP + ":" + ARTIFACT);
        if (failsafe == null || configuredToSkip(failsafe)) {
            return null;
        }
        String version = failsafe.getVersion();
        if (version == null || version.isBlank() || version.contains("${")) {
            // Maven takes the newest then, which is past 3.6.
            return "of a version Maven chooses";
        }
        return new ComparableVersion(version).compareTo(DECOUPLED) >= 0 ? version : null;
    }

    private static boolean configuredToSkip(Plugin failsafe) {
        List<Object> configurations = new ArrayList<>();
        configurations.add(failsafe.getConfiguration());
        for (PluginExecution execution : failsafe.getExecutions()) {
            configurations.add(execution.getConfiguration());
        }
        for (Object configuration : configurations) {
            if (configuration instanceof Xpp3Dom) {
                Xpp3Dom skipTests = ((Xpp3Dom) configuration).getChild("skipTests");
                if (skipTests != null && "true".equalsIgnoreCase(String.valueOf(skipTests.getValue()).trim())) {
                    return true;
                }
            }
        }
        return false;
    }
}
