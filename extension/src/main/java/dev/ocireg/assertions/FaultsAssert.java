package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.faults.Fault;
import dev.ocireg.faults.Faults;
import java.util.List;

/** Assertions over a registry's faults: {@code assertThat(registry.faults()).allTriggered()}. */
public final class FaultsAssert {
    private final Faults faults;

    FaultsAssert(Faults faults) {
        this.faults = faults;
    }

    /** Asserts that every fault hit at least one request; the failure lists those that never did. */
    public FaultsAssert allTriggered() {
        List<Fault> never = faults.untriggered();
        if (!never.isEmpty()) {
            throw failure(never.size() + " fault(s) never matched a request of the registry:" + Messages.lines(never));
        }
        return this;
    }

    /** Asserts that no fault hit any request. */
    public FaultsAssert noneTriggered() {
        List<Fault> hit = faults.list().stream().filter(f -> f.triggered() > 0).toList();
        if (!hit.isEmpty()) {
            throw failure("expected no fault to have hit a request, but " + hit.size() + " did:" + Messages.lines(hit));
        }
        return this;
    }
}
