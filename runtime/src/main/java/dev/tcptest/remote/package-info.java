/**
 * Remote control: {@link dev.tcptest.remote.ControlEndpoint} serves this JVM's servers over HTTP
 * by id, and {@link dev.tcptest.remote.RemoteServers} drives them from another JVM, such as
 * integration tests driving the servers a Maven build started.
 *
 * <p>JDK only: the endpoint runs on {@code com.sun.net.httpserver} (module {@code jdk.httpserver}),
 * the client on {@code java.net.http}.
 */
package dev.tcptest.remote;
