package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.journal.Endpoint;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.journal.RequestJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Assertions over the requests a registry answered, as its {@link RequestJournal} recorded them. Get one from {@link
 * RegistryAssertions#assertThat(RequestJournal)}.
 *
 * <pre>{@code
 * assertThat(registry.journal())
 *         .received("PUT", "manifest", "org/app", "1.0").once()
 *         .received("GET", "blob").never()
 *         .noBlobUploadedTwice()
 *         .everyUploadWasChunked()
 *         .hasNoErrors();
 * }</pre>
 *
 * <p>Each assertion reads the journal when it runs, waiting for requests still being answered. The journal keeps
 * only its newest requests ({@link RequestJournal#capacity()}); failures say when older ones were dropped. Endpoints
 * are {@link Endpoint}s, or their journal names: {@code base, catalog, uploads} (the POST that starts or completes an
 * upload), {@code upload} (an upload session), {@code blob, manifest, tags, referrers, token, unknown}.
 */
public final class JournalAssert {
    private final RequestJournal journal;

    JournalAssert(RequestJournal journal) {
        this.journal = journal;
    }

    /** Selects the requests with this method to this endpoint, in any repository, to count them. */
    public RequestsAssert received(String method, Endpoint endpoint) {
        return select(method, endpoint, null, null);
    }

    /** Selects the requests with this method to this endpoint of this repository, to count them. */
    public RequestsAssert received(String method, Endpoint endpoint, String repository) {
        return select(method, endpoint, Objects.requireNonNull(repository, "repository"), null);
    }

    /**
     * Selects the requests with this method to the endpoint with this journal name ({@link Endpoint#journalName()}:
     * {@code manifest}, {@code blob}, {@code uploads}, …), in any repository, to count them.
     */
    public RequestsAssert received(String method, String endpoint) {
        return select(method, endpoint, null, null);
    }

    /** Selects the requests with this method to this endpoint of this repository, to count them. */
    public RequestsAssert received(String method, String endpoint, String repository) {
        return select(method, endpoint, Objects.requireNonNull(repository, "repository"), null);
    }

    /**
     * Selects the requests with this method to this endpoint of this repository with this reference (a tag, a digest
     * or an upload id as in the path), to count them.
     */
    public RequestsAssert received(String method, String endpoint, String repository, String reference) {
        return select(
                method,
                endpoint,
                Objects.requireNonNull(repository, "repository"),
                Objects.requireNonNull(reference, "reference"));
    }

    /**
     * Asserts that no blob was uploaded twice: no digest completed by two uploads (a 201 to a single-request POST or
     * to the closing PUT), in the same repository or in two. Mounts are not uploads.
     */
    public JournalAssert noBlobUploadedTwice() {
        Map<String, List<RecordedRequest>> byDigest = new LinkedHashMap<>();
        for (RecordedRequest r : journal.requests()) {
            if (isCompletedUpload(r)) {
                byDigest.computeIfAbsent(r.digest().orElse("(unknown digest)"), d -> new ArrayList<>())
                        .add(r);
            }
        }
        List<String> repeated = new ArrayList<>();
        for (Map.Entry<String, List<RecordedRequest>> e : byDigest.entrySet()) {
            if (e.getValue().size() > 1) {
                repeated.add(
                        e.getKey() + " uploaded " + Messages.times(e.getValue().size()) + ":"
                                + Messages.lines(e.getValue()).replace("\n", "\n  "));
            }
        }
        if (!repeated.isEmpty()) {
            throw failure("expected no blob to be uploaded twice but " + Messages.count(repeated.size(), "blob")
                    + (repeated.size() == 1 ? " was" : " were")
                    + " (check with HEAD first; across repositories, mount with ?mount=<digest>&from=<repository>):"
                    + Messages.lines(repeated) + dropped());
        }
        return this;
    }

    /**
     * Asserts that every completed upload sent its data in chunks: at least one PATCH with {@code Content-Range} to
     * its session before the closing PUT. A single-request POST is not chunked. Passes when nothing was uploaded.
     */
    public JournalAssert everyUploadWasChunked() {
        List<RecordedRequest> all = journal.requests();
        int completed = 0;
        List<String> unchunked = new ArrayList<>();
        for (RecordedRequest r : all) {
            if (!isCompletedUpload(r)) {
                continue;
            }
            completed++;
            String digest = r.digest().orElse("(unknown digest)");
            if (r.endpoint() == Endpoint.UPLOADS) {
                unchunked.add(digest + " in " + r.repository() + ", in a single POST:\n    " + r);
                continue;
            }
            List<RecordedRequest> session = session(all, r);
            if (session.stream().noneMatch(s -> s.isChunk() && s.status() == 202)) {
                unchunked.add(digest + " in " + r.repository() + ", without a PATCH with Content-Range:"
                        + Messages.lines(session).replace("\n", "\n  "));
            }
        }
        if (!unchunked.isEmpty()) {
            throw failure("expected every upload to be chunked (PATCH with Content-Range) but " + unchunked.size()
                    + " of " + completed + (unchunked.size() == 1 ? " was" : " were") + " not:"
                    + Messages.lines(unchunked) + dropped());
        }
        return this;
    }

    /**
     * Asserts that no request failed: no 5xx, and no 4xx except a 404 to {@code HEAD} (how clients ask whether
     * something exists). The failure lists the failed requests.
     */
    public JournalAssert hasNoErrors() {
        return noneFailed(
                "no error responses (5xx, or 4xx other than 404 to HEAD)",
                r -> r.status() >= 500
                        || (r.status() >= 400
                                && !(r.status() == 404 && r.method().equals("HEAD"))));
    }

    /** Asserts that no request got a 5xx response; 4xx answers are allowed. The failure lists the failed requests. */
    public JournalAssert hasNoServerErrors() {
        return noneFailed("no server errors (5xx)", r -> r.status() >= 500);
    }

    // ---- helpers

    private JournalAssert noneFailed(String expectation, Predicate<RecordedRequest> failed) {
        List<RecordedRequest> all = journal.requests();
        List<RecordedRequest> failures = new ArrayList<>();
        for (RecordedRequest r : all) {
            if (failed.test(r)) {
                failures.add(r);
            }
        }
        if (!failures.isEmpty()) {
            throw failure("expected " + expectation + " but " + failures.size() + " of "
                    + Messages.count(all.size(), "request") + " failed:" + Messages.lines(failures) + dropped());
        }
        return this;
    }

    private RequestsAssert select(String method, String endpoint, String repository, String reference) {
        Objects.requireNonNull(endpoint, "endpoint");
        return select(method, Endpoint.fromJournalName(endpoint), repository, reference);
    }

    private RequestsAssert select(String method, Endpoint endpoint, String repository, String reference) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        String m = method.toUpperCase(Locale.ROOT);
        String description = m + " " + endpoint.journalName()
                + (repository == null ? "" : " " + repository)
                + (reference == null
                        ? ""
                        : (endpoint == Endpoint.UPLOAD ? " " : reference.contains(":") ? "@" : ":") + reference);
        Predicate<RecordedRequest> filter = r -> r.method().equals(m)
                && r.endpoint() == endpoint
                && (repository == null || repository.equals(r.repository()))
                && (reference == null || reference.equals(r.reference()));
        return new RequestsAssert(this, journal, description, filter);
    }

    /** A 201 that made a blob from uploaded bytes: a single-request POST (not a mount) or a closing PUT. */
    private static boolean isCompletedUpload(RecordedRequest r) {
        if (r.status() != 201) {
            return false;
        }
        if (r.endpoint() == Endpoint.UPLOAD) {
            return r.method().equals("PUT");
        }
        return r.endpoint() == Endpoint.UPLOADS
                && r.method().equals("POST")
                && (!hasParameter(r, "mount") || r.requestBytes() > 0);
    }

    /** The requests of an upload's session: the POST that opened it and those to its upload id. */
    private static List<RecordedRequest> session(List<RecordedRequest> all, RecordedRequest closing) {
        String id = closing.reference();
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : all) {
            boolean opened = r.endpoint() == Endpoint.UPLOADS
                    && Objects.equals(r.repository(), closing.repository())
                    && r.responseHeader("Location")
                            .map(l -> l.contains("/uploads/" + id))
                            .orElse(false);
            boolean inside = r.endpoint() == Endpoint.UPLOAD
                    && Objects.equals(r.repository(), closing.repository())
                    && id.equals(r.reference());
            if (opened || inside) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean hasParameter(RecordedRequest r, String name) {
        for (String part : r.query().split("&")) {
            if (part.equals(name) || part.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    String dropped() {
        return journal.dropped() > 0
                ? "\n(the journal dropped " + Messages.count(journal.dropped(), "older request")
                        + "; they are not counted)"
                : "";
    }
}
