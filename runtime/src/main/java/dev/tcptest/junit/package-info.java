/**
 * The JUnit Jupiter extension: {@link dev.tcptest.junit.WithTcpServer} starts a real TCP server
 * for a test class or method, {@link dev.tcptest.junit.TcpServerExtension} does the same for a
 * server built in code, and {@link dev.tcptest.junit.ServerId} chooses among several servers.
 *
 * <p>Needs junit-jupiter-api 5.10 or later (6.x included) on the test class path; the rest of
 * tcptest works without it.
 */
package dev.tcptest.junit;
