package dev.tcptest.remote;

import java.io.InputStream;

/**
 * A request to the control endpoint, as the calls need it.
 *
 * @param method the HTTP method
 * @param path the raw path under the secret, such as {@code servers/smtp/pause}
 * @param query the raw query, or null for none
 * @param contentType the {@code Content-Type} header, or null
 * @param contentLength the declared body length, or -1 if none was declared
 * @param body the body
 */
record Request(String method, String path, String query, String contentType, long contentLength, InputStream body) {
}
