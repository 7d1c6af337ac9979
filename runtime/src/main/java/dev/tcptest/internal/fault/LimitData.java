package dev.tcptest.internal.fault;

import java.io.IOException;

/**
 * {@code limit-data} and {@code reset-after} a size: N bytes pass, then the connection ends,
 * gracefully (FIN) or with RST; when the end comes is the {@link Flow#endBeyond(boolean) flow's}
 * to say. A limit of 0 ends the connection at once.
 */
final class LimitData extends Effect {

    private final long limit;
    private final boolean reset;
    private long passed;

    LimitData(FaultSpec spec) {
        this.limit = spec.amount();
        this.reset = spec.kind() == FaultSpec.Kind.RESET_AFTER_BYTES;
    }

    @Override
    void start(Layer layer) throws IOException {
        if (limit == 0) {
            layer.end(reset);
        }
    }

    @Override
    void step(Flow flow) throws IOException {
        if (flow.held() == 0 && flow.take((int) Math.min(flow.wanted(), limit - passed)) <= 0) {
            return;
        }
        passed += flow.forward(flow.held());
        if (passed >= limit) {
            flow.endBeyond(reset);
        }
    }
}
