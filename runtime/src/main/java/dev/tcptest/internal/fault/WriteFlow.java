package dev.tcptest.internal.fault;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The downstream direction as a fault sees it: the bytes of the handler's write, forwarded to the
 * connection nearer the socket. Taking in never waits; each forwarded piece is flushed on its own.
 */
final class WriteFlow extends Flow {

    private byte[] bytes;
    private int offered;
    private int end;
    private int heldFrom;
    private int heldTo;

    WriteFlow(Layer layer, Effect effect) {
        super(layer, effect);
    }

    /**
     * Runs one write through the fault, one write at a time; what is left when the fault stops
     * this direction or a fault cuts the connection is dropped.
     */
    synchronized void write(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
        bytes = buffer;
        offered = offset;
        end = offset + length;
        heldFrom = offset;
        heldTo = offset;
        try {
            while ((offered < end || held() > 0) && !over && !layer.cut().done()) {
                step();
            }
        } finally {
            bytes = null;
        }
    }

    @Override
    int wanted() {
        return end - offered;
    }

    @Override
    int take(int max) {
        if (held() > 0) {
            throw new IllegalStateException("take() while " + held() + " bytes are held; forward them first");
        }
        int n = Math.min(max, end - offered);
        heldFrom = offered;
        heldTo = offered + n;
        offered += n;
        moves += n;
        return n;
    }

    @Override
    int held() {
        return heldTo - heldFrom;
    }

    @Override
    int forward(int n) throws IOException {
        int count = Math.min(n, held());
        if (count > 0 && !layer.cut().done()) {
            OutputStream out = layer.next().output();
            out.write(bytes, heldFrom, count);
            out.flush();
        }
        heldFrom += count;
        moves += count;
        return count;
    }

    @Override
    void endBeyond(boolean reset) throws IOException {
        layer.end(reset);
    }
}
