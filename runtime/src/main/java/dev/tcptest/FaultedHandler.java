package dev.tcptest;

import dev.tcptest.internal.fault.FaultPlan;
import dev.tcptest.internal.fault.FaultSpec;
import dev.tcptest.internal.fault.FaultedConnection;
import dev.tcptest.internal.script.ScriptFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A handler that sees its connection through faults; made by {@link AcceptHandler#with(Fault...)}. */
final class FaultedHandler implements AcceptHandler {

    private static final System.Logger LOG = System.getLogger("dev.tcptest");

    private final AcceptHandler inner;
    private final List<Fault> faults;
    private final FaultPlan plan;

    private FaultedHandler(AcceptHandler inner, List<Fault> faults) {
        this.inner = inner;
        this.faults = faults;
        List<FaultSpec> specs = new ArrayList<>();
        for (Fault fault : faults) {
            specs.add(fault.spec());
        }
        this.plan = new FaultPlan(specs);
    }

    static AcceptHandler of(AcceptHandler inner, List<Fault> faults) {
        Objects.requireNonNull(faults, "faults");
        List<Fault> copy = new ArrayList<>();
        for (Fault fault : faults) {
            copy.add(Objects.requireNonNull(fault, "faults must not contain null"));
        }
        if (copy.isEmpty()) {
            return inner;
        }
        if (inner instanceof FaultedHandler faulted) {
            // h.with(a).with(b) is h.with(a, b): one stack of faults that share one cut, so that
            // b ending the connection also ends a's delays and stalls.
            copy.addAll(0, faulted.faults);
            return new FaultedHandler(faulted.inner, List.copyOf(copy));
        }
        return new FaultedHandler(inner, List.copyOf(copy));
    }

    @Override
    public void handle(Connection connection) throws Exception {
        FaultedConnection faulted = plan.apply(connection, connection.id());
        try {
            inner.handle(faulted);
        } catch (IOException | ScriptFailure e) {
            if (!faulted.cut()) {
                throw e;
            }
            // A fault closed or reset the connection on purpose: a script that then meets end of
            // stream where it expected a line, or a read that stops short, follows from the fault,
            // not from the handler or its client.
            LOG.log(System.Logger.Level.DEBUG, () -> "tcptest: connection #" + connection.id() + " ended by a fault ("
                    + Faults.format(faults) + "): " + e);
        } finally {
            faulted.finish();
        }
    }

    @Override
    public String toString() {
        return inner + " with " + Faults.format(faults);
    }
}
