package dev.ocireg.faults;

import dev.ocireg.journal.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Describes a fault: which requests it hits (all conditions must hold), how often, then what it does — the last call
 * ({@link #respond(int)}, {@link #delay(Duration)}, {@link #closeConnection()}, {@link #truncateBody(long)}, {@link
 * #corruptBody()}, {@link #throttle(long)}) installs it and returns it. Without {@code times}, a fault hits every
 * matching request ({@link #always()}).
 *
 * <pre>{@code
 * registry.faults().on("PUT", Endpoint.MANIFEST).repository("app").times(1).respond(503);
 * }</pre>
 *
 * <p>Patterns for repositories and references are globs: {@code *} matches any characters but {@code /}, {@code **}
 * any characters, {@code ?} one character; or a {@link Pattern} for a regular expression (matching the whole name).
 */
public final class FaultBuilder {
    private final Faults faults;
    private final List<Predicate<FaultRequest>> conditions = new ArrayList<>();
    private final List<String> described = new ArrayList<>();
    private int times = -1;
    private int afterFirst;
    private double probability = 1;
    private long seed;
    private Duration delay = Duration.ZERO;

    FaultBuilder(Faults faults) {
        this.faults = faults;
    }

    /** Only requests with this method ({@code GET}, {@code PUT}…; HEAD is its own method). */
    public FaultBuilder method(String method) {
        String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        return when(r -> r.method().equals(m), m);
    }

    /** Only requests to this endpoint. */
    public FaultBuilder endpoint(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return when(r -> r.endpoint() == endpoint, endpoint.journalName());
    }

    /** Only requests to repositories whose name matches the glob. */
    public FaultBuilder repository(String glob) {
        Pattern p = glob(glob);
        return when(r -> r.repository() != null && p.matcher(r.repository()).matches(), "repository=" + glob);
    }

    /** Only requests to repositories whose whole name matches the regular expression. */
    public FaultBuilder repository(Pattern regex) {
        Objects.requireNonNull(regex, "regex");
        return when(
                r -> r.repository() != null && regex.matcher(r.repository()).matches(),
                "repository~" + regex.pattern());
    }

    /** Only requests whose tag, digest or upload id matches the glob. */
    public FaultBuilder reference(String glob) {
        Pattern p = glob(glob);
        return when(r -> r.reference() != null && p.matcher(r.reference()).matches(), "reference=" + glob);
    }

    /** Only requests whose whole tag, digest or upload id matches the regular expression. */
    public FaultBuilder reference(Pattern regex) {
        Objects.requireNonNull(regex, "regex");
        return when(
                r -> r.reference() != null && regex.matcher(r.reference()).matches(), "reference~" + regex.pattern());
    }

    /** Only requests the predicate accepts. */
    public FaultBuilder matching(Predicate<FaultRequest> predicate) {
        return when(Objects.requireNonNull(predicate, "predicate"), "matching a predicate");
    }

    /** Hits at most {@code n} requests (n ≥ 1). */
    public FaultBuilder times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + n);
        }
        this.times = n;
        return this;
    }

    /** Hits every matching request (the default). */
    public FaultBuilder always() {
        this.times = -1;
        return this;
    }

    /** Lets the first {@code n} matching requests through untouched. */
    public FaultBuilder afterFirst(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("afterFirst must not be negative, was " + n);
        }
        this.afterFirst = n;
        return this;
    }

    /** Hits a matching request with probability {@code p}, drawn from a random seeded with {@code seed}. */
    public FaultBuilder withProbability(double p, long seed) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1], was " + p);
        }
        this.probability = p;
        this.seed = seed;
        return this;
    }

    /** Waits this long before the fault's action (any action). */
    public FaultBuilder withDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.delay = delay;
        return this;
    }

    // ------------------------------------------------------------------ actions: install the fault

    /**
     * Answers with {@code status} and the spec's JSON error body, without reaching the registry: 401 {@code
     * UNAUTHORIZED} with a {@code WWW-Authenticate} challenge, 403 {@code DENIED}, 429 {@code TOOMANYREQUESTS} with
     * {@code Retry-After: 1}, 404 the endpoint's unknown code, any other {@code UNKNOWN}.
     */
    public Fault respond(int status) {
        return respond(status, status == 429 ? Duration.ofSeconds(1) : null);
    }

    /** Answers with {@code status} (see {@link #respond(int)}) and {@code Retry-After} in whole seconds. */
    public Fault respond(int status, Duration retryAfter) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault's status must be 4xx or 5xx, was " + status);
        }
        return install(Fault.Action.STATUS, status, retryAfter, 0);
    }

    /** 429 {@code TOOMANYREQUESTS} with {@code Retry-After}. */
    public Fault tooManyRequests(Duration retryAfter) {
        return respond(429, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** Waits, then lets the registry answer as usual. */
    public Fault delay(Duration delay) {
        withDelay(delay);
        return install(Fault.Action.DELAY, 0, null, 0);
    }

    /** Closes the connection before the status line: the client sees a reset or an early end of stream. */
    public Fault closeConnection() {
        return install(Fault.Action.CLOSE, 0, null, 0);
    }

    /**
     * Sends the registry's status and headers (the full {@code Content-Length} promised) and only the first {@code
     * afterBytes} body bytes, then closes the connection.
     */
    public Fault truncateBody(long afterBytes) {
        if (afterBytes < 0) {
            throw new IllegalArgumentException("afterBytes must not be negative");
        }
        return install(Fault.Action.TRUNCATE, 0, null, afterBytes);
    }

    /** Changes body bytes (the length stays), so a blob no longer matches its digest. */
    public Fault corruptBody() {
        return install(Fault.Action.CORRUPT, 0, null, 0);
    }

    /** Sends the response body at most {@code bytesPerSecond} bytes per second. */
    public Fault throttle(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be positive");
        }
        return install(Fault.Action.THROTTLE, 0, null, bytesPerSecond);
    }

    private Fault install(Fault.Action action, int status, Duration retryAfter, long bytes) {
        List<Predicate<FaultRequest>> all = List.copyOf(conditions);
        Predicate<FaultRequest> matcher = r -> {
            for (Predicate<FaultRequest> c : all) {
                if (!c.test(r)) {
                    return false;
                }
            }
            return true;
        };
        String description = described.isEmpty() ? "any request" : String.join(" ", described);
        return faults.add(id -> new Fault(
                id,
                matcher,
                description,
                action,
                status,
                retryAfter,
                delay,
                bytes,
                times,
                afterFirst,
                probability,
                seed));
    }

    private FaultBuilder when(Predicate<FaultRequest> condition, String description) {
        conditions.add(condition);
        described.add(description);
        return this;
    }

    /** A glob as a regular expression: {@code **} any characters, {@code *} any but {@code /}, {@code ?} one. */
    static Pattern glob(String glob) {
        Objects.requireNonNull(glob, "pattern");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
