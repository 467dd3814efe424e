package dev.ocireg.conformance.internal;

import dev.ocireg.conformance.ConformanceSettings;
import dev.ocireg.internal.wire.Urls;
import dev.ocireg.spec.Digest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What a check's body works with: the HTTP client (recording into the check's transcript), the settings, the run's
 * data and state shared between checks, and assertions that end the check with a message naming what was expected
 * and what came back. One per check: checks run at the same time, each with its own context, sharing {@link #state}.
 */
public final class Ctx {
    /** The error codes of the spec's table (code-1 … code-14). */
    public static final Set<String> SPEC_ERROR_CODES = java.util.Arrays.stream(dev.ocireg.spec.OciErrorCode.values())
            .map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern CODE = Pattern.compile("[A-Z_]+");

    public final Http http;
    public final ConformanceSettings settings;
    public final TestData data;
    public final Map<String, Object> state;
    private final List<String> notes = new ArrayList<>();
    private final List<String> flaws = new ArrayList<>();

    public Ctx(Http http, ConformanceSettings settings, TestData data, Map<String, Object> state) {
        this.http = http;
        this.settings = settings;
        this.data = data;
        this.state = state;
    }

    /** Notes a check leaves on a pass (shown as its message), such as "mounting is not supported". */
    public List<String> notes() {
        return notes;
    }

    public void note(String note) {
        notes.add(note);
    }

    /**
     * Failures recorded without ending the check ({@link #flaw}): the check fails with them, but what it set up (a
     * pushed blob, say) is there, so the checks that build on it still run.
     */
    public List<String> flaws() {
        return flaws;
    }

    /**
     * Records a failure and lets the check go on: for a requirement whose violation does not stop what follows, such
     * as a missing header on a response that otherwise succeeded.
     */
    public void flaw(String message) {
        flaws.add(message);
    }

    /** {@link #check} that does not end the check: records a {@link #flaw} when the condition is false. */
    public boolean verify(boolean condition, String message) {
        if (!condition) {
            flaw(message);
        }
        return condition;
    }

    /** The same client with the credentials of {@code OCI_USERNAME2}, recording into this check's transcript. */
    public Http secondUser() {
        return http.asSecondUser();
    }

    // ------------------------------------------------------------------ requests

    public Http.Request request(String method, String target) {
        return http.request(method, target);
    }

    public Http.Response get(String target, String... headers) {
        return with(http.request("GET", target), headers).send();
    }

    public Http.Response head(String target, String... headers) {
        return with(http.request("HEAD", target), headers).send();
    }

    public Http.Response delete(String target) {
        return http.request("DELETE", target).send();
    }

    private static Http.Request with(Http.Request r, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return r;
    }

    public String repo1() {
        return settings.repo1();
    }

    public String repo2() {
        return settings.repo2();
    }

    /** {@code /v2/<repo>/manifests/<reference>}. */
    public static String manifestPath(String repo, String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    /** {@code /v2/<repo>/blobs/<digest>}. */
    public static String blobPath(String repo, Digest digest) {
        return "/v2/" + repo + "/blobs/" + digest;
    }

    /** {@code /v2/<repo>/blobs/uploads/}. */
    public static String uploadsPath(String repo) {
        return "/v2/" + repo + "/blobs/uploads/";
    }

    /** {@code location} resolved against the URL of the response that returned it. */
    public static URI location(Http.Response r, String location) {
        return Http.resolve(r.uri(), location);
    }

    /** {@code uri} with a query parameter added (keeping the query the registry put there). */
    public static String withQuery(URI uri, String name, String value) {
        return Urls.withQuery(uri, name + "=" + Urls.encode(value)).toString();
    }

    // ------------------------------------------------------------------ outcomes

    public Outcome fail(String message) {
        return Outcome.failed(message);
    }

    public void check(boolean condition, String message) {
        if (!condition) {
            throw Outcome.failed(message);
        }
    }

    public void skip(String reason) {
        throw Outcome.skipped(reason);
    }

    /** Fails unless the status is one of {@code expected}; {@code what} names the request for the message. */
    public Http.Response expectStatus(Http.Response r, String what, int... expected) {
        for (int e : expected) {
            if (r.status() == e) {
                return r;
            }
        }
        throw Outcome.failed(what + ": expected " + statuses(expected) + " but got " + r.status() + errorSummary(r));
    }

    /** The header's value, which the check needs to go on; fails when it is missing. */
    public String expectHeader(Http.Response r, String name, String what) {
        String v = r.header(name);
        if (v == null || v.isBlank()) {
            throw Outcome.failed(missingHeader(r, name, what));
        }
        return v;
    }

    /** The header's value, or null after recording a {@link #flaw} when it is missing: the check goes on. */
    public String checkHeader(Http.Response r, String name, String what) {
        String v = r.header(name);
        if (v == null || v.isBlank()) {
            flaw(missingHeader(r, name, what));
            return null;
        }
        return v;
    }

    private static String missingHeader(Http.Response r, String name, String what) {
        return what + ": the response (" + r.status() + ") has no " + name + " header";
    }

    /** Fails unless the body equals {@code expected} byte for byte. */
    public void expectBody(Http.Response r, byte[] expected, String what) {
        if (!Arrays.equals(r.body(), expected)) {
            throw Outcome.failed(what + ": the body differs from the content pushed (" + r.body().length
                    + " bytes received, " + expected.length + " expected" + firstDifference(r.body(), expected) + ")");
        }
    }

    /**
     * {@code Docker-Content-Digest} of a pull: when present it must be a digest of {@code content} — {@code digest}
     * itself, or the content's digest in another algorithm (the spec allows a registry to hash with its own); when
     * absent it is a failure only if {@code requiredSetting} ({@code OCI_API_*_DIGEST_HEADER}) is true.
     */
    public void expectDigestHeader(
            Http.Response r, Digest digest, byte[] content, String requiredSetting, String what) {
        String header = r.header("Docker-Content-Digest");
        if (header == null) {
            if (settings.flag(requiredSetting)) {
                flaw(what + ": no Docker-Content-Digest header (" + requiredSetting + "=true)");
            }
            return;
        }
        if (header.strip().equals(digest.toString())) {
            return;
        }
        Digest other;
        try {
            other = Digest.parse(header.strip());
        } catch (IllegalArgumentException e) {
            flaw(what + ": Docker-Content-Digest '" + header + "' is not a sha256 or sha512 digest");
            return;
        }
        verify(
                !other.algorithm().equals(digest.algorithm())
                        && Digest.of(other.algorithm(), content).equals(other),
                what + ": Docker-Content-Digest is " + header + ", which is not the digest of the content (" + digest
                        + ")");
    }

    /** {@code Docker-Content-Digest} of a push: when present it MUST equal the digest the client gave. */
    public void expectPushedDigestHeader(Http.Response r, Digest digest, String requiredSetting, String what) {
        String header = r.header("Docker-Content-Digest");
        if (header == null) {
            if (settings.flag(requiredSetting)) {
                flaw(what + ": no Docker-Content-Digest header (" + requiredSetting + "=true)");
            }
            return;
        }
        verify(
                header.strip().equals(digest.toString()),
                what + ": Docker-Content-Digest is " + header + ", expected " + digest);
    }

    /**
     * A 4XX body, if JSON, MUST be {@code {"errors":[{"code","message","detail"}]}} with codes from the spec's table.
     * Returns the codes found (empty when the body is not JSON).
     */
    public List<String> expectErrorBody(Http.Response r, String what) {
        if (r.status() < 400 || r.status() > 499) {
            return List.of();
        }
        JsonNode json = r.json();
        if (json == null) {
            return List.of();
        }

        JsonNode errors = json.get("errors");
        if (errors == null || !errors.isArray()) {
            throw Outcome.failed(what + ": the JSON error body has no \"errors\" array");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode error : errors) {
            JsonNode code = error.get("code");
            if (code == null || !code.isString()) {
                throw Outcome.failed(what + ": an entry of \"errors\" has no string \"code\": " + error);
            }
            String c = code.asString();
            if (!CODE.matcher(c).matches()) {
                throw Outcome.failed(what + ": error code \"" + c + "\" is not only uppercase letters and underscores");
            }
            if (!SPEC_ERROR_CODES.contains(c)) {
                throw Outcome.failed(what + ": error code \"" + c + "\" is not one of the spec's codes "
                        + SPEC_ERROR_CODES.stream().sorted().collect(Collectors.toList()));
            }
            JsonNode message = error.get("message");
            if (message != null && !message.isNull() && !message.isString()) {
                throw Outcome.failed(what + ": \"message\" of error " + c + " is not a string");
            }
            codes.add(c);
        }
        return codes;
    }

    /** The error body must be JSON in the spec's format and contain {@code code}. */
    public void expectErrorCode(Http.Response r, String code, String what) {
        check(
                r.status() >= 400 && r.status() <= 499,
                what + ": expected a 4XX error with code " + code + ", got " + r.status());
        JsonNode json = r.json();
        if (json == null) {
            throw Outcome.failed(what + ": expected a JSON error body with code " + code + ", got "
                    + (r.body().length == 0 ? "no body" : "a body that is not JSON"));
        }
        List<String> codes = expectErrorBody(r, what);
        check(codes.contains(code), what + ": expected error code " + code + ", got " + codes);
    }

    /** Parses the body as JSON; fails when it is not. */
    public JsonNode expectJson(Http.Response r, String what) {
        JsonNode json = r.json();
        if (json == null) {
            throw Outcome.failed(what + ": the body is not JSON");
        }
        return json;
    }

    // ------------------------------------------------------------------ state

    @SuppressWarnings("unchecked")
    public <T> T state(String key) {
        return (T) state.get(key);
    }

    /**
     * A mutable map in the shared state, created on first use; synchronized, as checks run at the same time (copy it
     * before iterating over it).
     */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> stateMap(String key) {
        return (Map<K, V>) state.computeIfAbsent(key, k -> Collections.synchronizedMap(new LinkedHashMap<K, V>()));
    }

    /** A mutable set in the shared state, created on first use; synchronized like {@link #stateMap}. */
    @SuppressWarnings("unchecked")
    public <T> Set<T> stateSet(String key) {
        return (Set<T>) state.computeIfAbsent(key, k -> Collections.synchronizedSet(new LinkedHashSet<T>()));
    }

    /** A copy of a synchronized map from the state, safe to iterate. */
    public static <K, V> Map<K, V> snapshot(Map<K, V> map) {
        synchronized (map) {
            return new LinkedHashMap<>(map);
        }
    }

    // ------------------------------------------------------------------ text

    static String statuses(int... codes) {
        if (codes.length == 1) {
            return String.valueOf(codes[0]);
        }
        return Arrays.stream(codes).mapToObj(String::valueOf).collect(Collectors.joining(" or "));
    }

    static String errorSummary(Http.Response r) {
        JsonNode json = r.json();
        if (json != null
                && json.has("errors")
                && json.get("errors").isArray()
                && !json.get("errors").isEmpty()) {
            JsonNode e = json.get("errors").get(0);
            return " (" + e.path("code").asString("?") + ": "
                    + e.path("message").asString("") + ")";
        }
        return "";
    }

    private static String firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return "; first difference at byte " + i;
            }
        }
        return "";
    }
}
