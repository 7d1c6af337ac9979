package dev.tcptest.internal.fault;

import java.io.IOException;

/**
 * The upstream direction as a fault sees it: bytes read from the connection nearer the socket,
 * handed to the handler's read. Bytes taken in and not yet handed over wait in a buffer for the
 * next read.
 */
final class ReadFlow extends Flow {

    private static final int BUFFER = 16 * 1024;

    private byte[] buffer;
    private int heldFrom;
    private int heldTo;
    private byte[] target;
    private int targetOffset;
    private int room;
    private int delivered;
    private boolean endOfStream;
    /** RST or FIN once a limit is reached: the next byte that arrives ends the connection. */
    private Boolean beyondReset;

    ReadFlow(Layer layer, Effect effect) {
        super(layer, effect);
    }

    /** Serves one read through the fault, one read at a time: some bytes, or -1 at the end of the stream or of this direction. */
    synchronized int read(byte[] into, int offset, int length) throws IOException, InterruptedException {
        if (over) {
            return -1;
        }
        if (beyondReset != null) {
            return probe(beyondReset);
        }
        target = into;
        targetOffset = offset;
        room = length;
        delivered = 0;
        endOfStream = false;
        try {
            while (delivered == 0 && !endOfStream && !over && !layer.cut().done()) {
                step();
            }
            return delivered > 0 ? delivered : -1;
        } finally {
            target = null;
        }
    }

    /** Reads one byte past the limit: if one comes, the connection ends; a clean end of stream passes. */
    private int probe(boolean reset) throws IOException {
        if (layer.next().input().read(buffer(), 0, 1) > 0) {
            layer.end(reset);
        }
        return -1;
    }

    /** @return bytes a read returns without waiting for the socket */
    int available() throws IOException {
        return held() > 0 ? held() : layer.next().input().available();
    }

    @Override
    int wanted() {
        return room - delivered;
    }

    @Override
    int take(int max) throws IOException {
        if (held() > 0) {
            throw new IllegalStateException("take() while " + held() + " bytes are held; forward them first");
        }
        int n = layer.next().input().read(buffer(), 0, Math.min(max, BUFFER));
        moves++;
        if (n < 0) {
            endOfStream = true;
            return -1;
        }
        heldFrom = 0;
        heldTo = n;
        return n;
    }

    @Override
    int held() {
        return heldTo - heldFrom;
    }

    @Override
    int forward(int n) {
        int count = Math.min(Math.min(n, held()), room - delivered);
        if (count <= 0) {
            return 0;
        }
        System.arraycopy(buffer, heldFrom, target, targetOffset + delivered, count);
        heldFrom += count;
        delivered += count;
        moves += count;
        return count;
    }

    @Override
    void endBeyond(boolean reset) {
        beyondReset = reset;
    }

    private byte[] buffer() {
        if (buffer == null) {
            buffer = new byte[BUFFER];
        }
        return buffer;
    }
}
