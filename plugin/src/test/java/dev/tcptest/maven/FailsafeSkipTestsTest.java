package dev.tcptest.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/** Whether -DskipTests skips a project's integration tests, and so its servers, by its failsafe. */
class FailsafeSkipTestsTest {

    @Test
    void aFailsafeBefore36SkipsOnSkipTests() throws Exception {
        assertNull(FailsafeSkipTests.runsTestsDespiteSkipTests(project(failsafe("3.5.3"))));
        assertNull(FailsafeSkipTests.runsTestsDespiteSkipTests(project(failsafe("2.22.2"))));
    }

    @Test
    void aFailsafeFrom36OnRunsTheTestsAllTheSame() throws Exception {
        assertEquals("3.6.0", FailsafeSkipTests.runsTestsDespiteSkipTests(project(failsafe("3.6.0"))));
        assertEquals("3.6.1", FailsafeSkipTests.runsTestsDespiteSkipTests(project(failsafe("3.6.1"))));
        assertEquals("4.0.0-M1", FailsafeSkipTests.runsTestsDespiteSkipTests(project(failsafe("4.0.0-M1"))));
        assertEquals("of a version Maven chooses", FailsafeSkipTests.runsTestsDespiteSkipTests(project(failsafe(null))));
    }

    @Test
    void aFailsafeConfiguredToSkipOnSkipTestsSkips() throws Exception {
        Plugin onThePlugin = failsafe("3.6.1");
        onThePlugin.setConfiguration(Xpp3DomBuilder.build(new StringReader("<configuration><skipTests>true</skipTests></configuration>")));
        assertNull(FailsafeSkipTests.runsTestsDespiteSkipTests(project(onThePlugin)));

        Plugin onAnExecution = failsafe("3.6.1");
        PluginExecution execution = new PluginExecution();
        execution.setConfiguration(Xpp3DomBuilder.build(new StringReader("<configuration><skipTests> true </skipTests></configuration>")));
        onAnExecution.addExecution(execution);
        assertNull(FailsafeSkipTests.runsTestsDespiteSkipTests(project(onAnExecution)));

        // ${skipTests} without -DskipTests stays unevaluated: failsafe runs the tests.
        Plugin unset = failsafe("3.6.1");
        unset.setConfiguration(Xpp3DomBuilder.build(new StringReader("<configuration><skipTests>${skipTests}</skipTests></configuration>")));
        assertEquals("3.6.1", FailsafeSkipTests.runsTestsDespiteSkipTests(project(unset)));
    }

    @Test
    void withoutFailsafeSkipTestsSkips() {
        assertNull(FailsafeSkipTests.runsTestsDespiteSkipTests(project(null)));
        Plugin surefire = new Plugin();
        surefire.setArtifactId("maven-surefire-plugin");
        surefire.setVersion("3.6.1");
        assertNull(FailsafeSkipTests.runsTestsDespiteSkipTests(project(surefire)));
    }

    private static Plugin failsafe(String version) {
        Plugin plugin = new Plugin();
        plugin.setGroupId("org.apache.maven.plugins");
        plugin.setArtifactId("maven-failsafe-plugin");
        plugin.setVersion(version);
        return plugin;
    }

    private static MavenProject project(Plugin plugin) {
        Model model = new Model();
        model.setBuild(new Build());
        if (plugin != null) {
            model.getBuild().addPlugin(plugin);
        }
        return new MavenProject(model);
    }
}
