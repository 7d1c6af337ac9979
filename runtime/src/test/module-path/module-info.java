/**
 * A modular test suite as a user writes one: tests and their handler in a named module, tcptest
 * and JUnit as modules beside it. Open, as JUnit needs it to be, and the extension too, since it
 * creates a handler class that need not be public.
 */
open module dev.tcptest.example {
    requires dev.tcptest;
    requires org.junit.jupiter.api;
    requires org.junit.platform.launcher;
}
