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
 * @param stage when the check may run: every check of a stage runs after every check of the stages before it (checks
 *     of one stage run at the same time, each after the checks it requires)
 */
public record CheckDef(ConformanceCheck check, List<String> requires, Supplier<String> gate, Body body, int stage) {

    /** Pushes, pulls and uploads: content of their own, so they run at the same time. */
    public static final int PUSH_AND_PULL = 1;
    /**
     * Pushes of content that other checks pull (again, or under another tag): after those pulls, as some registries
     * answer a GET with 500 while the same manifest is being written.
     */
    public static final int PUSH_AGAIN = 2;
    /** Listings compare with everything pushed: after the pushes. */
    public static final int DISCOVERY = 3;
    /** Deletes of single items that no other check of the stage reads. */
    public static final int DELETE_FIRST = 4;
    /** Each variant's manifests. */
    public static final int DELETE_MANIFESTS = 5;
    /** The manifests no variant deleted. */
    public static final int DELETE_OTHER_MANIFESTS = 6;
    /** Each variant's blobs, once no manifest references them. */
    public static final int DELETE_BLOBS = 7;
    /** The blobs no variant deleted. */
    public static final int DELETE_OTHER_BLOBS = 8;
    /** Checks about the whole run, such as the Warning headers received. */
    public static final int LAST = 9;

    /** The body of a check: returns normally to pass, throws {@link Outcome} to fail or skip. */
    @FunctionalInterface
    public interface Body {
        void run(Ctx ctx) throws Exception;
    }

    public String id() {
        return check.id();
    }
}
