package dev.ocireg.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders every error as {@code {"errors":[{"code","message","detail"}]}}. */
final class ErrorWriter {

    static void write(Exchange exchange, RegistryException e) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (RegistryException each : e.all()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", each.code().name());
            error.put("message", each.getMessage() == null ? each.code().description() : each.getMessage());
            error.put("detail", each.detail() == null ? Map.of() : each.detail());
            errors.add(error);
        }
        e.headers().forEach(exchange::header);
        exchange.sendJson(e.status(), "application/json", Map.of("errors", errors));
    }

    /** An error with a code of our choosing (a fault's {@code UNKNOWN} for a 5xx has no {@code OciErrorCode}). */
    static void write(Exchange exchange, int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("detail", Map.of());
        exchange.sendJson(status, "application/json", Map.of("errors", List.of(error)));
    }

    /** For failures that are nobody's fault but ours: a JSON 500 that says so, never a stack trace. */
    static void writeInternal(Exchange exchange, Throwable t) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "UNKNOWN");
        error.put(
                "message",
                "internal registry error: " + t.getClass().getSimpleName() + "; the registry log has the details");
        error.put("detail", Map.of());
        exchange.sendJson(500, "application/json", Map.of("errors", List.of(error)));
    }

    private ErrorWriter() {}
}
