// Each module ran its own servers under the same ids, and each stop-server stopped its own.
def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
def ports = []
def controls = []
['module-a', 'module-b', 'module-c'].each { module ->
    def props = new Properties()
    new File(basedir, "${module}/target/tcptest/servers.properties").withInputStream { props.load(it) }
    // Each project its own control endpoint, but module-c, which says <control>false</control>.
    if (module == 'module-c') {
        assert !props['tcptest.control.url'] : props
    } else {
        assert props['tcptest.control.url'] : "${module} has no control URL"
        controls << props['tcptest.control.url']
    }
    ['default', 'db'].each { id ->
        def port = props["tcptest.${id}.port"]
        assert port : "${module} ${id}"
        ports << port
        assert log.contains("tcptest server '${id}' on 127.0.0.1:${port}: 0 connection(s)") : "${module} ${id}"
    }
}
assert ports.unique().size() == 6
assert controls.unique().size() == 2
// stop-server closed them.
controls.each { url ->
    def control = new URL(url)
    try {
        new Socket('127.0.0.1', control.port).close()
        assert false : "the control endpoint on port ${control.port} is still open"
    } catch (ConnectException expected) {
    }
}
assert !log.contains('at the end of the build')
assert !log.contains('no servers were started')
