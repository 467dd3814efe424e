package dev.ocireg.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the registry answered, as recorded in its {@link RequestJournal}. Immutable.
 *
 * @param time when the request arrived
 * @param method the HTTP method, such as {@code PUT}
 * @param path the decoded path, such as {@code /v2/org/app/manifests/v1}
 * @param query the raw query string, or {@code ""}
 * @param endpoint what the path addresses ({@link Endpoint}): the API base, the catalog, {@code UPLOADS} (the POST of a
 *     new upload), {@code UPLOAD} (an upload session), a blob, a manifest, tags, referrers, the token endpoint, or
 *     {@code UNKNOWN}
 * @param repository the repository name in the path, or {@code null} (base, catalog, unknown routes)
 * @param reference the tag, digest or upload id in the path, or {@code null}
 * @param status the response status
 * @param requestHeaders selected request headers ({@code Content-Type}, {@code Content-Length}, {@code
 *     Content-Range}, {@code Range}, {@code Accept}, {@code User-Agent}); names in canonical case
 * @param responseHeaders selected response headers ({@code Location}, {@code Docker-Content-Digest}, {@code
 *     Content-Type}, {@code Range}, {@code OCI-Subject})
 * @param requestBytes body bytes read from the client
 * @param responseBytes body bytes sent to the client
 * @param duration time from arrival to the end of the handler
 */
public record RecordedRequest(
        Instant time,
        String method,
        String path,
        String query,
        Endpoint endpoint,
        String repository,
        String reference,
        int status,
        Map<String, List<String>> requestHeaders,
        Map<String, List<String>> responseHeaders,
        long requestBytes,
        long responseBytes,
        Duration duration) {

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** The first value of a recorded request header. */
    public Optional<String> requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** The first value of a recorded response header. */
    public Optional<String> responseHeader(String name) {
        return first(responseHeaders, name);
    }

    /**
     * The digest the request was about: {@code Docker-Content-Digest} of the response, else a {@code digest} query
     * parameter, else a digest in the path.
     */
    public Optional<String> digest() {
        Optional<String> header = responseHeader("Docker-Content-Digest");
        if (header.isPresent()) {
            return header;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("digest=")) {
                return Optional.of(
                        java.net.URLDecoder.decode(part.substring(7), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return reference != null && reference.contains(":") ? Optional.of(reference) : Optional.empty();
    }

    /** True for a PATCH that carried {@code Content-Range} (a chunk of a chunked upload). */
    public boolean isChunk() {
        return method.equals("PATCH") && requestHeader("Content-Range").isPresent();
    }

    /** One line: {@code PUT /v2/app/manifests/v1 201 (312 B in, 0 B out, 3 ms)}. */
    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " " + status + " (" + requestBytes
                + " B in, " + responseBytes + " B out, " + duration.toMillis() + " ms)";
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
