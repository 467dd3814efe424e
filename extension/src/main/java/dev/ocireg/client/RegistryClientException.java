package dev.ocireg.client;

import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request of {@link RegistryClient} that failed: an unexpected HTTP status, a body whose digest is not the one
 * asked for, or an I/O failure. It carries the method, the URL, the status (or {@code -1} when no response came) and
 * the spec's error list parsed from the body, and says all of it in its one-line message:
 *
 * <pre>{@code
 * RegistryClientException e = assertThrows(RegistryClientException.class, () -> client.pullManifest("app", "nope"));
 * assertThat(e.status()).isEqualTo(404);
 * assertThat(e.errorCodes()).contains("MANIFEST_UNKNOWN");
 * // e.getMessage(): GET http://127.0.0.1:41234/v2/app/manifests/nope -> 404 MANIFEST_UNKNOWN: manifest nope is not ...
 * }</pre>
 */
public final class RegistryClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * One entry of the spec's error body {@code {"errors":[{"code","message","detail"}]}}.
     *
     * @param code the error code, such as {@code MANIFEST_UNKNOWN} (empty when the registry sent none)
     * @param message the registry's message (empty when it sent none)
     */
    public record ErrorEntry(String code, String message) implements Serializable {
        /** Null becomes empty. */
        public ErrorEntry {
            code = code == null ? "" : code;
            message = message == null ? "" : message;
        }
    }

    private final String method;
    private final URI uri;
    private final int status;
    private final List<ErrorEntry> errors;

    RegistryClientException(
            String method, URI uri, int status, List<ErrorEntry> errors, String problem, Throwable cause) {
        super(describe(method, uri, status, errors, problem), cause);
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /** The HTTP method of the failed request, such as {@code GET}. */
    public String method() {
        return method;
    }

    /** The URL of the failed request (after redirects, the last one). */
    public URI uri() {
        return uri;
    }

    /** The HTTP status received, or {@code -1} when the request failed before a response (I/O, timeout). */
    public int status() {
        return status;
    }

    /** The spec errors of the response body, in order; empty when it had none (HEAD, I/O failure, non-JSON body). */
    public List<ErrorEntry> errors() {
        return errors;
    }

    /** Just the codes of {@link #errors()}, such as {@code [MANIFEST_UNKNOWN]}. */
    public List<String> errorCodes() {
        List<String> codes = new ArrayList<>(errors.size());
        for (ErrorEntry e : errors) {
            codes.add(e.code());
        }
        return List.copyOf(codes);
    }

    private static String describe(String method, URI uri, int status, List<ErrorEntry> errors, String problem) {
        StringBuilder s = new StringBuilder().append(method).append(' ').append(uri);
        if (status >= 0) {
            s.append(" -> ").append(status);
        }
        StringBuilder listed = new StringBuilder();
        for (ErrorEntry e : errors) {
            if (listed.length() > 0) {
                listed.append("; ");
            }
            listed.append(e.code().isEmpty() ? "(no code)" : e.code());
            if (!e.message().isEmpty()) {
                listed.append(": ").append(e.message());
            }
        }
        if (listed.length() > 0) {
            s.append(' ').append(listed);
        }
        if (problem != null && !problem.isEmpty()) {
            s.append(listed.length() > 0 ? " (" : ": ").append(problem);
            if (listed.length() > 0) {
                s.append(')');
            }
        }
        return s.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
