package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reading responses for the parts of {@link RegistryClient}: bodies, headers the spec defines ({@code Location},
 * {@code Docker-Content-Digest}, {@code Content-Type}), digest checks, and turning failures into {@link
 * RegistryClientException}s.
 */
final class Responses {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private Responses() {}

    // ------------------------------------------------------------------ failures

    /** The registry's error from a response with an unexpected status; reads and closes the body. */
    static RegistryClientException error(HttpResponse<InputStream> response) {
        return error(response, null);
    }

    /** {@link #error(HttpResponse)} that says what failed, such as "the token request for scope '…' failed". */
    static RegistryClientException error(HttpResponse<InputStream> response, String problem) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        List<RegistryClientException.ErrorEntry> errors = new ArrayList<>();
        try {
            if (body.length > 0) {
                for (JsonNode e : ContentJson.readTree(body).path("errors")) {
                    errors.add(new RegistryClientException.ErrorEntry(
                            ContentJson.text(e, "code"), ContentJson.text(e, "message")));
                }
            }
        } catch (JacksonException e) {
            // not the spec's error body
        }
        String detail = problem;
        if (errors.isEmpty() && body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            text = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            detail = (problem == null ? "" : problem + ": ") + "body: " + text;
        }
        if (response.statusCode() == 401 && detail == null) {
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            if (!challenges.isEmpty()) {
                detail = "WWW-Authenticate: " + String.join(", ", challenges);
            }
        }
        return new RegistryClientException(
                response.request().method(), response.uri(), response.statusCode(), errors, detail, null);
    }

    /** A failure without an error body (I/O, digest mismatch, a missing header). */
    static RegistryClientException failure(String method, URI uri, int status, String problem, Throwable cause) {
        return new RegistryClientException(method, uri, status, List.of(), problem, cause);
    }

    /** {@link #failure} for a response. */
    static RegistryClientException failure(HttpResponse<?> response, String problem) {
        return failure(response.request().method(), response.uri(), response.statusCode(), problem, null);
    }

    // ------------------------------------------------------------------ bodies

    /** The whole body; closes it. */
    static byte[] readAll(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure(response.request().method(), response.uri(), response.statusCode(), e.toString(), e);
        }
    }

    /** Reads the next bytes of a body into {@code buffer}; an I/O failure is the response's failure. */
    static int read(HttpResponse<?> r, InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw failure(r.request().method(), r.uri(), r.statusCode(), "reading the body failed: " + e, e);
        }
    }

    /** Closes a body without reading it. */
    static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // nothing left to read from it
        }
    }

    // ------------------------------------------------------------------ headers and digests

    /** Throws unless {@code actual}, the digest of what was received, is the one asked for. */
    static void verify(HttpResponse<?> r, Digest expected, Digest actual) {
        if (!expected.equals(actual)) {
            throw failure(r, "the body's digest is " + actual + ", not " + expected);
        }
    }

    /** Throws when the registry's {@code Docker-Content-Digest} names another digest than the content sent. */
    static void checkDigestHeader(HttpResponse<?> r, Digest expected) {
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && !header.get().trim().equals(expected.toString())) {
            throw failure(
                    r, "the registry reports digest " + header.get() + " for content whose digest is " + expected);
        }
    }

    /** A {@code Docker-Content-Digest} value as a digest. */
    static Digest parseDigestHeader(HttpResponse<?> r, String value) {
        try {
            return Digest.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw failure(r, "Docker-Content-Digest '" + value + "' is not a digest: " + e.getMessage());
        }
    }

    /** The media type of {@code Content-Type}, without parameters, or null. */
    static String contentType(HttpResponse<?> r) {
        return r.headers()
                .firstValue("Content-Type")
                .map(v -> v.split(";", 2)[0].trim())
                .orElse(null);
    }

    /** The absolute {@code Location} of a response; {@code fallback} (or a failure when null) when it has none. */
    static URI location(HttpResponse<?> r, URI fallback) {
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            throw failure(r, "the response has no Location header");
        }
        return resolve(r.uri(), location.get());
    }

    /** A Location (absolute, or relative to the URL of the request that received it) as an absolute URL. */
    static URI resolve(URI requestUri, String location) {
        try {
            return requestUri.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw failure("GET", requestUri, -1, "the registry sent an invalid Location '" + location + "'", e);
        }
    }
}
