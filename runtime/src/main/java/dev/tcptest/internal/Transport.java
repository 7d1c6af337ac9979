package dev.tcptest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The blocking streams of an accepted socket, made on the connection's own thread: the socket's
 * own, or, after {@link #startTls}, those of TLS layered over it, which read and write plaintext.
 * Socket-level acts (a reset, a stop's shutdown of the input) stay on the channel beneath, so
 * they mean the same with TLS as without.
 */
final class Transport {

    // How long, and how much, a graceful close reads what the client still sends, so that the
    // close stays a FIN: Linux answers a close with unread input by RST.
    static final long DRAIN_MILLIS = 2_000;
    static final long DRAIN_BYTES = 1024 * 1024;

    private final SocketChannel channel;
    private final Socket socket;
    private volatile InputStream input;
    private volatile OutputStream output;
    private volatile SSLSocket tls;
    // When the closing drain gives up: one bound for its recorded part and the rest.
    private volatile boolean draining;
    private volatile long drainDeadline;
    private volatile long drained;

    /**
     * Puts the channel in blocking mode with the read timeout.
     *
     * @throws IOException if the channel is closed already
     */
    Transport(SocketChannel channel, int readTimeoutMillis) throws IOException {
        this.channel = channel;
        if (!channel.isBlocking()) {
            channel.configureBlocking(true);
        }
        socket = channel.socket();
        socket.setSoTimeout(readTimeoutMillis);
        input = socket.isInputShutdown() ? InputStream.nullInputStream() : socket.getInputStream();
        output = socket.getOutputStream();
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    boolean isTls() {
        return tls != null;
    }

    /**
     * Layers TLS over the socket and shakes hands, within the read timeout; from then on the
     * streams read and write through TLS. The handshake reads the socket itself, so no byte of it
     * reaches the recording, and no byte read before it reaches the handshake.
     *
     * @return the protocol and cipher suite agreed, such as {@code TLSv1.3 TLS_AES_128_GCM_SHA256}
     * @throws SSLException if the handshake fails, times out, or its socket fails
     */
    String startTls(ServerTls settings) throws SSLException {
        SSLSession session;
        try {
            SSLSocket layered = settings.layer(new BufferedSocket(socket));
            layered.startHandshake();
            session = layered.getSession();
            input = layered.getInputStream();
            output = layered.getOutputStream();
            tls = layered;
        } catch (SSLException e) {
            throw e;
        } catch (IOException e) {
            throw handshakeFailed(e);
        }
        return session.getProtocol() + " " + session.getCipherSuite();
    }

    /** A socket's failure in a handshake, as the SSLException that a failed handshake is. */
    private SSLException handshakeFailed(IOException e) {
        String why;
        try {
            why = e instanceof SocketTimeoutException ? "the client completed no TLS handshake within the read"
                    + " timeout of " + socket.getSoTimeout() + " ms" : "the TLS handshake failed: " + e;
        } catch (IOException closed) {
            why = "the TLS handshake failed: " + e;
        }
        SSLException failure = new SSLHandshakeException(why);
        failure.initCause(e);
        return failure;
    }

    /** Half-closes: with TLS its close_notify first, then FIN. */
    void shutdownOutput() throws IOException {
        SSLSocket layered = tls;
        if (layered != null) {
            layered.shutdownOutput();
        } else {
            channel.shutdownOutput();
        }
    }

    /**
     * Reads what the client still sends after a graceful close began, within one time bound
     * (set by the first call) and {@link #DRAIN_BYTES}.
     *
     * @param quietMillis how long the client may send nothing before this call gives up
     * @param recorder where to record what is read, or null
     * @return false if the client was quiet for {@code quietMillis}, true once the drain is over
     * @throws IOException if the socket fails
     */
    boolean drain(long quietMillis, Recorder recorder) throws IOException {
        if (!draining) {
            draining = true;
            drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        }
        byte[] scratch = new byte[4096];
        while (drained < DRAIN_BYTES) {
            long left = TimeUnit.NANOSECONDS.toMillis(drainDeadline - System.nanoTime());
            if (left <= 0) {
                return true;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left, quietMillis)));
            int n;
            try {
                n = input.read(scratch);
            } catch (SocketTimeoutException e) {
                return left <= quietMillis;
            }
            if (n < 0) {
                return true;
            }
            if (recorder != null) {
                recorder.received(scratch, 0, n);
            }
            drained += n;
        }
        return true;
    }
}
