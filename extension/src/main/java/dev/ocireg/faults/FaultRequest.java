package dev.ocireg.faults;

import dev.ocireg.journal.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as a fault sees it when deciding whether to apply, before the registry answers it.
 *
 * @param method the HTTP method, such as {@code PUT}
 * @param path the decoded path, such as {@code /v2/app/manifests/1}
 * @param endpoint what the path addresses ({@link Endpoint#UNKNOWN} when nothing)
 * @param repository the repository name in the path, or {@code null}
 * @param reference the tag, digest or upload id in the path, or {@code null}
 * @param headers the request headers
 */
public record FaultRequest(
        String method,
        String path,
        Endpoint endpoint,
        String repository,
        String reference,
        Map<String, List<String>> headers) {

    public FaultRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(endpoint, "endpoint");
        headers = Map.copyOf(headers);
    }

    /** The first value of a request header (names compared ignoring case). */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
