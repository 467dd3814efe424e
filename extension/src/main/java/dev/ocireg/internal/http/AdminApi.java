package dev.ocireg.internal.http;

import dev.ocireg.faults.Fault;
import dev.ocireg.faults.FaultBuilder;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.journal.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin API under {@code /_ocireg/} for clients that are not Java (shell scripts, Go, Python): faults, the
 * journal, a reset. Off unless asked for; on a registry with authentication, only with its own token (registry
 * credentials never open it).
 */
public final class AdminApi {
    static final String PREFIX = "/_ocireg/";
    private static final int MAX_BODY = 64 * 1024;
    private static final Set<String> FAULT_FIELDS = Set.of(
            "method",
            "endpoint",
            "repository",
            "reference",
            "status",
            "retryAfter",
            "delayMs",
            "times",
            "afterFirst",
            "probability",
            "seed",
            "action",
            "bytes");

    private final RegistryConfig config;
    private final Runnable reset;
    /** Null: no token asked (then refused when the registry has authentication). */
    private final String token;

    private final boolean registryHasAuth;

    public AdminApi(RegistryConfig config, Runnable reset, String token, boolean registryHasAuth) {
        this.config = config;
        this.reset = reset;
        this.token = token;
        this.registryHasAuth = registryHasAuth;
    }

    void handle(Exchange ex) throws IOException {
        if (token != null) {
            String given = ex.header("Authorization");
            String expected = "Bearer " + token;
            if (given == null
                    || !MessageDigest.isEqual(
                            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                ex.discardBody();
                ex.header("WWW-Authenticate", "Bearer realm=\"ocireg-admin\"");
                ErrorWriter.write(
                        ex,
                        401,
                        "UNAUTHORIZED",
                        "the admin API needs 'Authorization: Bearer <admin token>' (the token given with"
                                + " --admin-token; registry credentials do not open it)");
                return;
            }
        } else if (registryHasAuth) {
            ex.discardBody();
            ErrorWriter.write(
                    ex,
                    403,
                    "DENIED",
                    "the admin API of a registry with authentication needs its own token: start it with"
                            + " --admin-token TOKEN");
            return;
        }
        String path = ex.path.substring(PREFIX.length());
        String method = ex.method();
        Endpoint endpoint = endpointOf(path);
        if (endpoint != null && !endpoint.allows(method)) {
            notAllowed(ex, String.join(", ", new TreeSet<>(endpoint.methods())));
            return;
        }
        switch (path) {
            case "faults" -> {
                switch (method) {
                    case "GET" -> ex.sendJson(200, "application/json", Map.of("faults", faults()));
                    case "POST" -> addFault(ex);
                    case "DELETE" -> {
                        config.faults().clear();
                        ex.sendEmpty(204);
                    }
                    default -> throw new IllegalStateException(method); // excluded by the endpoint table
                }
            }
            case "journal" -> journal(ex);
            case "reset" -> {
                reset.run();
                ex.sendEmpty(204);
            }
            default -> {
                if (path.startsWith("faults/") && path.indexOf('/', 7) < 0) {
                    String id = path.substring(7);
                    switch (method) {
                        case "GET" -> {
                            var fault = config.faults().get(id);
                            if (fault.isPresent()) {
                                ex.sendJson(200, "application/json", json(fault.get()));
                            } else {
                                noSuchFault(ex, id);
                            }
                        }
                        case "DELETE" -> {
                            if (config.faults().remove(id)) {
                                ex.sendEmpty(204);
                            } else {
                                noSuchFault(ex, id);
                            }
                        }
                        default -> throw new IllegalStateException(method); // excluded by the endpoint table
                    }
                    return;
                }
                ex.discardBody();
                ErrorWriter.write(
                        ex,
                        404,
                        "NOT_FOUND",
                        "no such admin endpoint: " + ex.path + " (there are " + PREFIX + "faults, " + PREFIX
                                + "faults/{id}, " + PREFIX + "journal and " + PREFIX + "reset)");
            }
        }
    }

    private static void noSuchFault(Exchange ex, String id) {
        ErrorWriter.write(ex, 404, "NOT_FOUND", "no fault with id '" + id + "'");
    }

    /** The admin endpoint of a path under {@code /_ocireg/}, or null for none. */
    private static Endpoint endpointOf(String path) {
        return switch (path) {
            case "faults" -> Endpoint.ADMIN_FAULTS;
            case "journal" -> Endpoint.ADMIN_JOURNAL;
            case "reset" -> Endpoint.ADMIN_RESET;
            default -> path.startsWith("faults/") && path.indexOf('/', 7) < 0 ? Endpoint.ADMIN_FAULT : null;
        };
    }

    private static void notAllowed(Exchange ex, String allowed) {
        ex.discardBody();
        ex.header("Allow", allowed);
        ErrorWriter.write(ex, 405, "UNSUPPORTED", ex.method() + " is not supported here; use " + allowed);
    }

    private List<Map<String, Object>> faults() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Fault f : config.faults().list()) {
            out.add(json(f));
        }
        return out;
    }

    private static Map<String, Object> json(Fault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("matches", f.matches());
        m.put("action", f.action().name().toLowerCase(Locale.ROOT));
        m.put("does", f.actionText());
        m.put("triggered", f.triggered());
        m.put("remaining", f.remaining());
        m.put("description", f.description());
        return m;
    }

    private void addFault(Exchange ex) throws IOException {
        // Any Content-Type: curl -d sends application/x-www-form-urlencoded unless told otherwise.
        byte[] body;
        try (InputStream in = ex.body()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            ex.response.getHeaders().put("Connection", "close");
            ErrorWriter.write(ex, 413, "BAD_REQUEST", "a fault's JSON must be at most " + MAX_BODY + " bytes");
            return;
        }
        Map<?, ?> json;
        try {
            Object parsed = ContentJson.toJava(ContentJson.readTree(body));
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("a fault must be a JSON object, such as "
                        + "{\"method\":\"PUT\",\"endpoint\":\"manifest\",\"status\":503,\"times\":1}");
            }
            json = map;
        } catch (IllegalArgumentException e) {
            ErrorWriter.write(ex, 400, "BAD_REQUEST", e.getMessage());
            return;
        } catch (RuntimeException e) {
            ErrorWriter.write(ex, 400, "BAD_REQUEST", "the body is not valid JSON: " + firstLine(e.getMessage()));
            return;
        }
        Fault fault;
        try {
            fault = build(json);
        } catch (IllegalArgumentException e) {
            ErrorWriter.write(ex, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        ex.header("Location", PREFIX + "faults/" + fault.id());
        ex.sendJson(201, "application/json", json(fault));
    }

    private Fault build(Map<?, ?> json) {
        Set<String> unknown = new TreeSet<>();
        for (Object key : json.keySet()) {
            if (!FAULT_FIELDS.contains(String.valueOf(key))) {
                unknown.add(String.valueOf(key));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field(s) " + String.join(", ", unknown) + "; a fault has "
                    + String.join(", ", new TreeSet<>(FAULT_FIELDS)));
        }
        FaultBuilder b = config.faults().onAnyRequest();
        String method = string(json, "method");
        if (method != null) {
            b.method(method);
        }
        String endpoint = string(json, "endpoint");
        if (endpoint != null) {
            b.endpoint(Endpoint.fromJournalName(endpoint));
        }
        String repository = string(json, "repository");
        if (repository != null) {
            b.repository(repository);
        }
        String reference = string(json, "reference");
        if (reference != null) {
            b.reference(reference);
        }
        Integer times = whole(json, "times");
        if (times != null) {
            b.times(times);
        }
        Integer afterFirst = whole(json, "afterFirst");
        if (afterFirst != null) {
            b.afterFirst(afterFirst);
        }
        Object probability = json.get("probability");
        if (probability != null) {
            if (!(probability instanceof Number p)) {
                throw new IllegalArgumentException("'probability' must be a number in (0, 1]");
            }
            Long seed = number(json, "seed");
            b.withProbability(p.doubleValue(), seed == null ? 0 : seed);
        } else if (json.containsKey("seed")) {
            throw new IllegalArgumentException("'seed' goes with 'probability'");
        }
        Long delayMs = number(json, "delayMs");
        if (delayMs != null) {
            b.withDelay(Duration.ofMillis(delayMs));
        }
        Integer status = whole(json, "status");
        Long retryAfter = number(json, "retryAfter");
        Long bytes = number(json, "bytes");
        String action = string(json, "action");
        if (status != null && action != null) {
            throw new IllegalArgumentException("give either 'status' or 'action', not both");
        }
        if (retryAfter != null && status == null) {
            throw new IllegalArgumentException("'retryAfter' goes with 'status'");
        }
        if (status != null) {
            return retryAfter == null ? b.respond(status) : b.respond(status, Duration.ofSeconds(retryAfter));
        }
        if (action == null) {
            if (delayMs == null) {
                throw new IllegalArgumentException(
                        "a fault needs 'status', 'delayMs' or 'action' (close, truncate, corrupt, throttle)");
            }
            return b.delay(Duration.ofMillis(delayMs));
        }
        return switch (action) {
            case "close" -> b.closeConnection();
            case "corrupt" -> b.corruptBody();
            case "delay" -> b.delay(Duration.ofMillis(delayMs == null ? 0 : delayMs));
            case "truncate" -> b.truncateBody(requireBytes(bytes, action));
            case "throttle" -> b.throttle(requireBytes(bytes, action));
            default ->
                throw new IllegalArgumentException(
                        "unknown action '" + action + "'; use close, truncate, corrupt, throttle or delay");
        };
    }

    private static long requireBytes(Long bytes, String action) {
        if (bytes == null) {
            throw new IllegalArgumentException("action '" + action + "' needs 'bytes'");
        }
        return bytes;
    }

    private static String string(Map<?, ?> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return s;
    }

    /** A whole number that fits an int: counts and statuses. */
    private static Integer whole(Map<?, ?> json, String field) {
        Long value = number(json, field);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("'" + field + "' is out of range: " + value);
        }
        return value == null ? null : value.intValue();
    }

    private static Long number(Map<?, ?> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number");
        }
        return ((Number) value).longValue();
    }

    private void journal(Exchange ex) {
        String method = ex.param("method");
        String endpoint = ex.param("endpoint");
        String repository = ex.param("repository");
        Endpoint wanted;
        try {
            wanted = endpoint == null ? null : Endpoint.fromJournalName(endpoint);
        } catch (IllegalArgumentException e) {
            ErrorWriter.write(ex, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordedRequest r : config.journal().requests()) {
            if ((method != null && !r.method().equalsIgnoreCase(method))
                    || (wanted != null && r.endpoint() != wanted)
                    || (repository != null && !repository.equals(r.repository()))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", r.time().toString());
            m.put("method", r.method());
            m.put("path", r.path());
            m.put("query", r.query());
            m.put("endpoint", r.endpoint().journalName());
            m.put("repository", r.repository());
            m.put("reference", r.reference());
            m.put("status", r.status());
            m.put("requestHeaders", r.requestHeaders());
            m.put("responseHeaders", r.responseHeaders());
            m.put("requestBytes", r.requestBytes());
            m.put("responseBytes", r.responseBytes());
            m.put("durationMs", r.duration().toMillis());
            m.put("fault", r.fault().orElse(null));
            m.put("requestBody", r.requestBody().orElse(null));
            m.put("responseBody", r.responseBody().orElse(null));
            out.add(m);
        }
        ex.sendJson(200, "application/json", Map.of("requests", out));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
