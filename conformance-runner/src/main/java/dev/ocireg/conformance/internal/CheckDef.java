package dev.ocireg.conformance.internal;

import dev.ocireg.conformance.ConformanceCheck;
import java.util.List;
import java.util.function.Supplier;

/**
 * A check with what it needs to run: the checks whose outcome it builds on, a gate that can skip it (a setting turned
 * off), and its body.
 *
 * @param check the public description
 * @param requires ids of checks that must have passed first (they run first when not run yet)
 * @param gate returns the reason to skip, or null to run
 * @param body the check itself
 */
public record CheckDef(ConformanceCheck check, List<String> requires, Supplier<String> gate, Body body) {

    /** The body of a check: returns normally to pass, throws {@link Outcome} to fail or skip. */
    @FunctionalInterface
    public interface Body {
        void run(Ctx ctx) throws Exception;
    }

    public String id() {
        return check.id();
    }
}
