package dev.tcptest;

import dev.tcptest.internal.fault.FaultPlan;
import dev.tcptest.internal.fault.FaultSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A handler that sees its connection through faults; made by {@link AcceptHandler#with(Fault...)}. */
final class FaultedHandler implements AcceptHandler {

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
        return copy.isEmpty() ? inner : new FaultedHandler(inner, List.copyOf(copy));
    }

    @Override
    public void handle(Connection connection) throws Exception {
        FaultPlan.Applied applied = plan.apply(ConnectionLink.of(connection));
        try {
            inner.handle(new LinkConnection(connection, applied.link()));
        } finally {
            applied.finish();
        }
    }

    @Override
    public String toString() {
        return inner + " with " + Faults.format(faults);
    }
}
