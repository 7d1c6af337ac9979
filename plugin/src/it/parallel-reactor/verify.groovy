// Each module ran its own servers under the same ids, and each stop-server stopped its own.
def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
def ports = []
['module-a', 'module-b', 'module-c'].each { module ->
    def props = new Properties()
    new File(basedir, "${module}/target/tcptest/servers.properties").withInputStream { props.load(it) }
    ['default', 'db'].each { id ->
        def port = props["tcptest.${id}.port"]
        assert port : "${module} ${id}"
        ports << port
        assert log.contains("tcptest server '${id}' on 127.0.0.1:${port}: 0 connection(s)") : "${module} ${id}"
    }
}
assert ports.unique().size() == 6
assert !log.contains('at the end of the build')
assert !log.contains('no servers were started')
