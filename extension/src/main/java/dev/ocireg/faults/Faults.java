package dev.ocireg.faults;

import dev.ocireg.journal.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The faults of one registry: requests it answers wrongly on purpose, so that clients' error handling, retries and
 * verification can be tested. Faults belong to one registry and are cleared by its {@code reset()} (before each test
 * with {@code @OciRegistry}). Thread-safe.
 *
 * <pre>{@code
 * registry.faults().on("PUT", Endpoint.MANIFEST).repository("app").times(1).respond(503);
 * registry.faults().on("GET", Endpoint.BLOB).times(1).truncateBody(100);
 * …
 * registry.faults().assertAllTriggered();
 * }</pre>
 *
 * <p>For each request, the faults are tried in the order they were added; the first that hits it applies, and the
 * journal entry of the request names it ({@code RecordedRequest.fault()}).
 */
public final class Faults {
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** Made by the registry; each registry has its own. */
    public Faults() {}

    /** A fault for requests with this method to this endpoint. */
    public FaultBuilder on(String method, Endpoint endpoint) {
        return new FaultBuilder(this).method(method).endpoint(endpoint);
    }

    /** A fault for requests to this endpoint. */
    public FaultBuilder on(Endpoint endpoint) {
        return new FaultBuilder(this).endpoint(endpoint);
    }

    /** A fault for any request (narrow it with the builder's conditions). */
    public FaultBuilder onAnyRequest() {
        return new FaultBuilder(this);
    }

    Fault add(Function<String, Fault> make) {
        Fault fault = make.apply("f" + ids.incrementAndGet());
        faults.add(fault);
        return fault;
    }

    /** The faults set up, in order. */
    public List<Fault> list() {
        return List.copyOf(faults);
    }

    /** Whether there is no fault (the registry's fast path). */
    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /** The fault with this id. */
    public Optional<Fault> get(String id) {
        return faults.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** Removes one fault; false if there is none with this id. */
    public boolean remove(String id) {
        Objects.requireNonNull(id, "id");
        return faults.removeIf(f -> f.id().equals(id));
    }

    /** Removes every fault. */
    public void clear() {
        faults.clear();
    }

    /** The faults that never hit a request. */
    public List<Fault> untriggered() {
        List<Fault> never = new ArrayList<>();
        for (Fault f : faults) {
            if (f.triggered() == 0) {
                never.add(f);
            }
        }
        return never;
    }

    /**
     * Fails (with opentest4j's {@code AssertionFailedError} when on the class path, else an {@link AssertionError})
     * listing the faults that never hit a request.
     */
    public void assertAllTriggered() {
        List<Fault> never = untriggered();
        if (!never.isEmpty()) {
            StringBuilder message =
                    new StringBuilder(never.size() + " fault(s) never matched a request of the registry:");
            for (Fault f : never) {
                message.append("\n  ").append(f.description());
            }
            throw Failures.failure(message.toString());
        }
    }

    /**
     * The fault that hits this request, if any, counted as triggered. Called by the registry for every request; a
     * test has no need to.
     */
    public Optional<Fault> trigger(FaultRequest request) {
        for (Fault f : faults) {
            if (f.tryTrigger(request)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        if (faults.isEmpty()) {
            return "no faults";
        }
        StringBuilder out = new StringBuilder(faults.size() + " fault(s):");
        for (Fault f : faults) {
            out.append("\n  ").append(f);
        }
        return out.toString();
    }

    /** Builds the assertion error without loading opentest4j where it is absent. */
    private static final class Failures {
        static AssertionError failure(String message) {
            try {
                return OpenTest4j.failure(message);
            } catch (LinkageError absent) {
                return new AssertionError(message);
            }
        }
    }

    private static final class OpenTest4j {
        static AssertionError failure(String message) {
            return new org.opentest4j.AssertionFailedError(message);
        }
    }
}
