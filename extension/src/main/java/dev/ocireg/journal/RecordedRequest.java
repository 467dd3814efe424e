package dev.ocireg.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

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
 * @param status the response status; 0 when a fault closed the connection before any response
 * @param requestHeaders selected request headers, in name order ({@code Content-Type}, {@code Content-Length}, {@code
 *     Content-Range}, {@code Range}, {@code Accept}, {@code User-Agent}); names in canonical case
 * @param responseHeaders selected response headers, in name order ({@code Location}, {@code Docker-Content-Digest}, {@code
 *     Content-Type}, {@code Range}, {@code OCI-Subject})
 * @param requestBytes body bytes read from the client
 * @param responseBytes body bytes sent to the client
 * @param duration time from arrival to the end of the handler
 * @param fault the fault that hit the request ({@code dev.ocireg.faults}), such as {@code f1: 503}, if any
 * @param requestBody the request body when it was JSON (a manifest…) of at most {@link #MAX_BODY_BYTES} bytes; blob
 *     bodies are never kept (see {@link #requestBytes} and {@link #digest()})
 * @param responseBody the response body when it was JSON of at most {@link #MAX_BODY_BYTES} bytes
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
        Duration duration,
        Optional<String> fault,
        Optional<String> requestBody,
        Optional<String> responseBody) {

    /** The largest body kept in the journal, in bytes (64 KiB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public RecordedRequest {
        fault = fault == null ? Optional.empty() : fault;
        requestBody = requestBody == null ? Optional.empty() : requestBody;
        responseBody = responseBody == null ? Optional.empty() : responseBody;
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        requestHeaders = sortedCopy(requestHeaders);
        responseHeaders = sortedCopy(responseHeaders);
    }

    /** An unmodifiable copy in name order, so the journal (and the admin API's JSON of it) reads the same every run. */
    private static Map<String, List<String>> sortedCopy(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        headers.forEach((name, values) -> sorted.put(Objects.requireNonNull(name), List.copyOf(values)));
        return Collections.unmodifiableSortedMap(sorted);
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
                + " B in, " + responseBytes + " B out, " + duration.toMillis() + " ms)"
                + fault.map(f -> " [fault " + f + "]").orElse("");
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
