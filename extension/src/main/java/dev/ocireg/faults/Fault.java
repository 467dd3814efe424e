package dev.ocireg.faults;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One fault set up with {@link Faults}: which requests it hits, what it does to them, and how often it has hit.
 * Thread-safe.
 */
public final class Fault {

    /** What a fault does to a request it hits. */
    public enum Action {
        /** Answers with {@link #status()} and the spec's JSON error body (never reaches the registry). */
        STATUS,
        /** Waits {@link #delay()}, then lets the registry answer. */
        DELAY,
        /** Closes the connection before the status line. */
        CLOSE,
        /** Sends the status line, headers (with the full {@code Content-Length}) and {@link #bytes()} body bytes. */
        TRUNCATE,
        /** Changes the body bytes (same length), so a blob no longer matches its digest. */
        CORRUPT,
        /** Sends the body at most {@link #bytes()} bytes per second. */
        THROTTLE
    }

    private final String id;
    private final Predicate<FaultRequest> matcher;
    private final String matcherDescription;
    private final Action action;
    private final int status;
    private final Duration retryAfter;
    private final Duration delay;
    private final long bytes;
    private final int times;
    private final int afterFirst;
    private final double probability;
    private final Random random;
    private int seen;
    private int triggered;

    Fault(
            String id,
            Predicate<FaultRequest> matcher,
            String matcherDescription,
            Action action,
            int status,
            Duration retryAfter,
            Duration delay,
            long bytes,
            int times,
            int afterFirst,
            double probability,
            long seed) {
        this.id = id;
        this.matcher = matcher;
        this.matcherDescription = matcherDescription;
        this.action = action;
        this.status = status;
        this.retryAfter = retryAfter;
        this.delay = delay;
        this.bytes = bytes;
        this.times = times;
        this.afterFirst = afterFirst;
        this.probability = probability;
        this.random = probability < 1 ? new Random(seed) : null;
    }

    /** Whether this fault hits the request; counts it when it does. */
    synchronized boolean tryTrigger(FaultRequest request) {
        if (times >= 0 && triggered >= times) {
            return false;
        }
        if (!matcher.test(request)) {
            return false;
        }
        seen++;
        if (seen <= afterFirst) {
            return false;
        }
        if (random != null && random.nextDouble() >= probability) {
            return false;
        }
        triggered++;
        return true;
    }

    /** The id, such as {@code f1}, unique within the registry. */
    public String id() {
        return id;
    }

    public Action action() {
        return action;
    }

    /** The status sent by a {@link Action#STATUS} fault, else 0. */
    public int status() {
        return status;
    }

    /** The {@code Retry-After} sent with the status, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The wait before the registry (or the fault) answers; zero for none. */
    public Duration delay() {
        return delay;
    }

    /** Body bytes sent before the cut ({@link Action#TRUNCATE}), or bytes per second ({@link Action#THROTTLE}). */
    public long bytes() {
        return bytes;
    }

    /** How many requests this fault has hit. */
    public synchronized int triggered() {
        return triggered;
    }

    /** How many more requests it may hit, or -1 for no limit. */
    public synchronized int remaining() {
        return times < 0 ? -1 : times - triggered;
    }

    /** What it matches, such as {@code PUT manifest repository=app}. */
    public String matches() {
        return matcherDescription;
    }

    /** One line: {@code f1: PUT manifest repository=app → 503 (1 time, triggered 0)}. */
    public String description() {
        return id + ": " + matcherDescription + " -> " + actionText() + " ("
                + (times < 0 ? "always" : times + (times == 1 ? " time" : " times"))
                + (afterFirst > 0 ? ", after the first " + afterFirst : "")
                + (random != null ? ", probability " + probability : "") + ")";
    }

    /** What the fault does, as in the journal: {@code 503}, {@code close}, {@code truncate after 10 bytes}… */
    public String actionText() {
        String text = switch (action) {
            case STATUS -> status + (retryAfter != null ? " Retry-After " + retryAfter.toSeconds() : "");
            case DELAY -> "delay";
            case CLOSE -> "close connection";
            case TRUNCATE -> "truncate body after " + bytes + " bytes";
            case CORRUPT -> "corrupt body";
            case THROTTLE -> "throttle body to " + bytes + " B/s";
        };
        if (!delay.isZero() && action != Action.DELAY) {
            return "delay " + delay.toMillis() + " ms, " + text;
        }
        return action == Action.DELAY ? "delay " + delay.toMillis() + " ms" : text;
    }

    @Override
    public String toString() {
        return description() + ", triggered " + triggered();
    }
}
