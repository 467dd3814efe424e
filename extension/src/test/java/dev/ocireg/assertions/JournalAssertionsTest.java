package dev.ocireg.assertions;

import static dev.ocireg.assertions.ContentAssertionsTest.failure;
import static dev.ocireg.assertions.RegistryAssertions.assertThat;
import static dev.ocireg.testing.Oci.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocireg.RegistryServer;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The journal assertions against the requests a real registry answered; the registry is reset before each test. */
class JournalAssertionsTest {
    private static RegistryServer registry;
    private static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void reset() {
        registry.reset();
    }

    /** A config, one layer and an OCI manifest tagged {@code tag}; returns the manifest digest. */
    private static String image(String repository, String tag, String seed) {
        Map<String, Object> config =
                http.pushBlob(repository, MediaTypes.OCI_CONFIG, bytes("{\"seed\":\"" + seed + "\"}"));
        Map<String, Object> layer = http.pushBlob(repository, MediaTypes.OCI_LAYER_TAR_GZIP, bytes("layer " + seed));
        return http.pushManifest(
                repository,
                tag,
                MediaTypes.OCI_MANIFEST,
                Oci.imageManifest(MediaTypes.OCI_MANIFEST, config, List.of(layer), Oci.map()));
    }

    @Test
    void once() {
        image("org/app", "1.0", "a");
        assertThat(registry.journal())
                .received("PUT", "manifest", "org/app", "1.0")
                .once()
                .received("put", "manifest", "org/app")
                .once()
                .received("POST", "uploads")
                .times(2)
                .received("GET", "blob")
                .never()
                .received("PUT", "manifest", "org/app", "1.0")
                .withStatus(201)
                .atLeastOnce();
    }

    @Test
    void wrongCountListsTheMatchingRequests() {
        image("org/app", "1.0", "a");
        image("org/app", "1.0", "b");
        AssertionFailedError e = assertThrows(
                AssertionFailedError.class,
                () -> assertThat(registry.journal())
                        .received("PUT", "manifest", "org/app", "1.0")
                        .once());
        assertThat(e.getMessage())
                .startsWith("expected PUT manifest org/app:1.0 to be received once but it was received 2 times:\n"
                        + "  PUT /v2/org/app/manifests/1.0 201 (")
                .containsPattern("\n  PUT /v2/org/app/manifests/1\\.0 201 \\([0-9]+ B in, 0 B out, [0-9]+ ms\\)$");
        assertEquals(1, e.getExpected().getValue());
        assertEquals(2, e.getActual().getValue());
    }

    @Test
    void neverListsWhatWasReceived() {
        String digest = http.pushBlob("org/app", bytes("x"));
        assertThat(http.send("GET", "/v2/org/app/blobs/" + digest, null).status())
                .isEqualTo(200);
        assertThat(failure(() ->
                        assertThat(registry.journal()).received("GET", "blob").never()))
                .startsWith("expected GET blob never to be received but it was received once:\n  GET /v2/org/app/blobs/"
                        + digest + " 200 (");
    }

    @Test
    void noneMatchedListsTheLatestRequests() {
        for (int i = 0; i < 25; i++) {
            http.get("/v2/org/app/tags/list");
        }
        http.head("/v2/org/app/manifests/1.0");
        String message = failure(() -> assertThat(registry.journal())
                .received("PUT", "manifest", "org/app", "1.0")
                .once());
        assertThat(message)
                .startsWith("expected PUT manifest org/app:1.0 to be received once but it was never received; the"
                        + " last 20 of 26 requests recorded:\n  GET /v2/org/app/tags/list 404 (")
                .endsWith(")")
                .contains("\n  HEAD /v2/org/app/manifests/1.0 404 (");
        assertThat(message.split("\n")).hasSize(21);
    }

    @Test
    void atLeastOnce() {
        assertThat(failure(() ->
                        assertThat(registry.journal()).received("GET", "base").atLeastOnce()))
                .isEqualTo("expected GET base to be received at least once but it was never received; the journal is"
                        + " empty");
        http.get("/v2/");
        assertThat(registry.journal()).received("GET", "base").atLeastOnce();
        assertThat(failure(() -> assertThat(registry.journal())
                        .received("GET", "base")
                        .withStatus(401)
                        .atLeastOnce()))
                .startsWith("expected GET base answered 401 to be received at least once but it was never received;"
                        + " the 1 request recorded:\n  GET /v2/ 200 (");
    }

    @Test
    void unknownEndpointIsAMistakeNotAFailure() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> assertThat(registry.journal()).received("PUT", "manifests"));
        assertThat(e.getMessage())
                .isEqualTo("unknown endpoint 'manifests'; the journal's endpoints are base, catalog, uploads, upload,"
                        + " blob, manifest, tags, referrers, token, unknown");
    }

    @Test
    void noBlobUploadedTwice() {
        String first = image("org/app", "1.0", "a");
        String config = http.pushBlob("org/app", bytes("{\"seed\":\"b\"}"));
        http.mountBlob("org/other", config, "org/app"); // a mount is not an upload
        assertThat(registry.journal()).noBlobUploadedTwice();
        assertThat(first).startsWith("sha256:");

        String again = http.pushChunkedBlob("org/mirror", bytes("layer a"), 4);
        String message = failure(() -> assertThat(registry.journal()).noBlobUploadedTwice());
        assertThat(message)
                .startsWith("expected no blob to be uploaded twice but 1 blob was (check with HEAD first; across"
                        + " repositories, mount with ?mount=<digest>&from=<repository>):\n  " + again
                        + " uploaded 2 times:\n    POST /v2/org/app/blobs/uploads/?digest=" + again + " 201 (")
                .containsPattern("\n    PUT /v2/org/mirror/blobs/uploads/[0-9a-f-]+\\?digest=" + again + " 201 \\(");
    }

    @Test
    void everyUploadWasChunked() {
        assertThat(registry.journal()).everyUploadWasChunked(); // nothing uploaded
        http.pushChunkedBlob("org/app", bytes("0123456789"), 4);
        http.pushChunkedBlob("org/app", bytes("abc"), 10);
        assertThat(registry.journal()).everyUploadWasChunked();

        String single = http.pushBlob("org/app", bytes("single"));
        String streamed = http.pushStreamedBlob("org/app", bytes("streamed"));
        String message = failure(() -> assertThat(registry.journal()).everyUploadWasChunked());
        assertThat(message)
                .startsWith("expected every upload to be chunked (PATCH with Content-Range) but 2 of 4 were not:\n  "
                        + single + " in org/app, in a single POST:\n    POST /v2/org/app/blobs/uploads/?digest="
                        + single + " 201 (")
                .contains("\n  " + streamed + " in org/app, without a PATCH with Content-Range:\n"
                        + "    POST /v2/org/app/blobs/uploads/ 202 (")
                .containsPattern("\n    PATCH /v2/org/app/blobs/uploads/[0-9a-f-]+ 202 \\(8 B in")
                .containsPattern("\n    PUT /v2/org/app/blobs/uploads/[0-9a-f-]+\\?digest=" + streamed + " 201 \\(");
    }

    @Test
    void hasNoErrors() {
        image("org/app", "1.0", "a");
        assertThat(http.send("HEAD", "/v2/org/app/blobs/" + Oci.sha256(bytes("absent")), null)
                        .status())
                .isEqualTo(404);
        assertThat(registry.journal()).hasNoErrors().hasNoServerErrors();

        assertThat(http.send("GET", "/v2/org/app/manifests/2.0", null).status()).isEqualTo(404);
        assertThat(registry.journal()).hasNoServerErrors();
        assertThat(failure(() -> assertThat(registry.journal()).hasNoErrors()))
                .startsWith("expected no error responses (5xx, or 4xx other than 404 to HEAD) but 1 of 5 requests"
                        + " failed:\n  GET /v2/org/app/manifests/2.0 404 (")
                .doesNotContain("HEAD /v2");
    }

    @Test
    void hasNoServerErrors() {
        // The registry does not fail on purpose (yet): record a 500 into a journal of our own.
        dev.ocireg.internal.journal.Journal journal = new dev.ocireg.internal.journal.Journal();
        journal.record(journal.begin(), request("GET", "/v2/", "base", 200));
        journal.record(journal.begin(), request("PUT", "/v2/org/app/manifests/1.0", "manifest", 500));
        assertThat(failure(() -> assertThat(journal).hasNoServerErrors()))
                .isEqualTo("expected no server errors (5xx) but 1 of 2 requests failed:\n"
                        + "  PUT /v2/org/app/manifests/1.0 500 (0 B in, 0 B out, 3 ms)");
    }

    @Test
    void failuresSayWhenTheJournalDroppedRequests() {
        try (RegistryServer small =
                RegistryServer.builder().journalCapacity(2).build().start()) {
            Http client = new Http(small);
            for (int i = 0; i < 3; i++) {
                client.get("/v2/");
            }
            assertThat(failure(() ->
                            assertThat(small.journal()).received("GET", "base").once()))
                    .startsWith("expected GET base to be received once but it was received 2 times:")
                    .endsWith("\n(the journal dropped 1 older request; they are not counted)");
        }
    }

    private static RecordedRequest request(String method, String path, String endpoint, int status) {
        return new RecordedRequest(
                Instant.now(),
                method,
                path,
                "",
                dev.ocireg.journal.Endpoint.fromJournalName(endpoint),
                null,
                null,
                status,
                Map.of(),
                Map.of(),
                0,
                0,
                Duration.ofMillis(3),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
