import java.util.jar.JarFile
import javax.xml.parsers.DocumentBuilderFactory
import javax.xml.xpath.XPathFactory

// The help goal is the plugin's own, generated beside the other mojos in dev.tcptest.maven.
def jar = new File(localRepositoryPath, "dev/tcptest/tcptest-maven-plugin/${pluginVersion}/tcptest-maven-plugin-${pluginVersion}.jar")
new JarFile(jar).withCloseable { plugin ->
    def descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(plugin.getInputStream(plugin.getEntry('META-INF/maven/plugin.xml')))
    def help = XPathFactory.newInstance().newXPath().evaluate("/plugin/mojos/mojo[goal='help']/implementation", descriptor)
    assert help == 'dev.tcptest.maven.HelpMojo' : "the help goal is implemented by '${help}'"
    assert plugin.getEntry('dev/tcptest/maven/HelpMojo.class') : "${jar} holds no dev/tcptest/maven/HelpMojo.class"
}

// Every goal and every parameter shows a description (the same text help:describe -Ddetail shows).
def lines = new File(basedir, 'build.log').readLines()*.replaceFirst(/^\[INFO\] ?/, '')
def expected = [
    'tcptest:help'        : ['detail', 'goal', 'indentSize', 'lineLength'],
    'tcptest:start-server': ['servers', 'port', 'handler', 'backlog', 'bindAddress', 'script', 'response',
                             'proxyTarget', 'faults', 'acceptPaused', 'skip', 'skipITs', 'skipTests', 'mavenTestSkip'],
    'tcptest:stop-server' : ['failOnHandlerError', 'skip', 'skipITs', 'skipTests', 'mavenTestSkip'],
    'tcptest:run'         : ['servers', 'port', 'handler', 'backlog', 'bindAddress', 'script', 'response',
                             'proxyTarget', 'faults', 'acceptPaused', 'skip'],
]
expected.each { goal, parameters ->
    int start = lines.findIndexOf { it == goal }
    assert start >= 0 : "no goal ${goal}"
    assert lines[start + 1].trim() : "goal ${goal} has no description"
    int end = lines.findIndexOf(start + 1) { it ==~ /tcptest:[a-z-]+/ }
    def section = lines.subList(start, end < 0 ? lines.size() : end)
    parameters.each { name ->
        int at = section.findIndexOf { it ==~ /\s{4}${name}( \(Default: .*\))?/ }
        assert at >= 0 : "${goal} lists no parameter ${name}"
        def description = section.drop(at + 1).takeWhile { it.trim() }.findAll { !it.contains('User property:') }
        assert description : "${goal} parameter ${name} has no description"
    }
}
true
