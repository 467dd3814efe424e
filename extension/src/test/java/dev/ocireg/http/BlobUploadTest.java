package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** end-4a/4b/4c, end-5, end-6, end-13, end-14: pushing blobs monolithically and in chunks. */
class BlobUploadTest {
    private static final AtomicInteger REPOS = new AtomicInteger();

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

    /** A fresh repository per test, so the tests do not see each other's blobs. */
    private static String repo() {
        return "up/r" + REPOS.incrementAndGet();
    }

    /** POST to start an upload: asserts 202, Location with a UUID and Range 0-0; returns the Location. */
    private static String start(String repository) {
        Response r = http.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
        assertStatus(r, 202);
        Http.uploadId(r, repository);
        assertThat(r.header("Range")).isEqualTo("0-0");
        return r.header("Location");
    }

    /** The closing URL of an upload location with {@code ?digest=} (respecting existing query parameters). */
    private static String withDigest(String location, String digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    private static void assertBlob(String repository, byte[] content) {
        String digest = Oci.sha256(content);
        Response r = assertStatus(http.get("/v2/" + repository + "/blobs/" + digest), 200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest);
    }

    private static void assertCreated(Response r, String repository, String digest) {
        assertStatus(r, 201);
        assertThat(r.header("Location")).endsWith("/v2/" + repository + "/blobs/" + digest);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest);
        // The Location is a pullable blob URL.
        assertStatus(http.get(r.header("Location")), 200);
    }

    @Test
    void postStartsAnUploadWithLocationAndRange() {
        String repository = repo();
        String location = start(repository);
        Response status = assertStatus(http.get(location), 204);
        assertThat(status.header("Range")).isEqualTo("0-0");
        assertThat(status.header("Location")).isNotNull();
    }

    @Test
    void twoPostsGiveTwoSessions() {
        String repository = repo();
        assertThat(start(repository)).isNotEqualTo(start(repository));
    }

    @Test
    void singlePostWithDigestCreatesTheBlob() {
        String repository = repo();
        byte[] content = Oci.bytes("single post");
        String digest = Oci.sha256(content);
        Response r = http.post(
                "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                content,
                "Content-Type",
                "application/octet-stream");
        assertCreated(r, repository, digest);
        assertBlob(repository, content);
    }

    @Test
    void singlePostWithAWrongDigestIs400AndStoresNothing() {
        String repository = repo();
        byte[] content = Oci.bytes("single post, wrong digest");
        String claimed = Oci.sha256(Oci.bytes("something else"));
        Response r = http.post("/v2/" + repository + "/blobs/uploads/?digest=" + claimed, content);
        assertError(r, 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + repository + "/blobs/" + claimed), 404, "BLOB_UNKNOWN");
        assertError(http.get("/v2/" + repository + "/blobs/" + Oci.sha256(content)), 404, "BLOB_UNKNOWN");
    }

    @Test
    void postThenPutWithTheWholeBody() {
        String repository = repo();
        byte[] content = Oci.pattern(1000);
        String digest = Oci.sha256(content);
        String location = start(repository);
        Response r = http.put(withDigest(location, digest), content, "Content-Type", "application/octet-stream");
        assertCreated(r, repository, digest);
        assertBlob(repository, content);
        // The session is over.
        assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void streamedPatchesWithoutContentRangeThenPutWithoutBody() {
        String repository = repo();
        byte[] content = Oci.pattern(300);
        String location = start(repository);

        Response first = http.sendStreamed("PATCH", location, Arrays.copyOfRange(content, 0, 120));
        assertStatus(first, 202);
        assertThat(first.header("Range")).isEqualTo("0-119");
        location = first.header("Location");
        Http.uploadId(first, repository);

        Response second = http.patch(location, Arrays.copyOfRange(content, 120, 300));
        assertStatus(second, 202);
        assertThat(second.header("Range")).isEqualTo("0-299");
        location = second.header("Location");

        Response done = http.put(withDigest(location, Oci.sha256(content)), null);
        assertCreated(done, repository, Oci.sha256(content));
        assertBlob(repository, content);
    }

    @Test
    void chunkedPatchesWithContentRange() {
        String repository = repo();
        byte[] content = Oci.pattern(25);
        String location = start(repository);
        int[][] chunks = {{0, 9}, {10, 19}, {20, 24}};
        for (int[] chunk : chunks) {
            Response r = http.patch(
                    location,
                    Arrays.copyOfRange(content, chunk[0], chunk[1] + 1),
                    "Content-Type",
                    "application/octet-stream",
                    "Content-Range",
                    chunk[0] + "-" + chunk[1]);
            assertStatus(r, 202);
            assertThat(r.header("Range")).isEqualTo("0-" + chunk[1]);
            Http.uploadId(r, repository);
            location = r.header("Location");
        }
        assertCreated(http.put(withDigest(location, Oci.sha256(content)), null), repository, Oci.sha256(content));
        assertBlob(repository, content);
    }

    @Test
    void theFinalChunkMayComeWithTheClosingPut() {
        String repository = repo();
        byte[] content = Oci.pattern(20);
        String location = start(repository);
        location = assertStatus(http.patch(location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9"), 202)
                .header("Location");
        Response r = http.put(
                withDigest(location, Oci.sha256(content)),
                Arrays.copyOfRange(content, 10, 20),
                "Content-Type",
                "application/octet-stream",
                "Content-Range",
                "10-19");
        assertCreated(r, repository, Oci.sha256(content));
        assertBlob(repository, content);
    }

    @Test
    void outOfOrderAndOverlappingChunksAre416AndTheUploadSurvives() {
        String repository = repo();
        byte[] content = Oci.pattern(20);
        String location = start(repository);
        location = assertStatus(http.patch(location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9"), 202)
                .header("Location");

        // A gap: the next chunk must start at 10.
        Response gap = http.patch(location, Oci.pattern(10), "Content-Range", "20-29");
        assertError(gap, 416, null);
        assertThat(gap.header("Range")).isEqualTo("0-9");
        assertThat(gap.header("Location")).isNotNull();

        // An overlap.
        Response overlap = http.patch(location, Oci.pattern(10), "Content-Range", "5-14");
        assertError(overlap, 416, null);
        assertThat(overlap.header("Range")).isEqualTo("0-9");

        // The first chunk again.
        Response again = http.patch(location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9");
        assertError(again, 416, null);
        assertThat(again.header("Range")).isEqualTo("0-9");

        // An out-of-order final chunk on the closing PUT.
        Response put = http.put(
                withDigest(location, Oci.sha256(content)),
                Arrays.copyOfRange(content, 10, 20),
                "Content-Range",
                "11-20");
        assertError(put, 416, null);
        assertThat(put.header("Range")).isEqualTo("0-9");

        // GET tells where the upload is; it continues from there.
        Response status = assertStatus(http.get(location), 204);
        assertThat(status.header("Range")).isEqualTo("0-9");
        location = status.header("Location");
        Response next = http.patch(location, Arrays.copyOfRange(content, 10, 20), "Content-Range", "10-19");
        assertStatus(next, 202);
        assertThat(next.header("Range")).isEqualTo("0-19");
        assertCreated(
                http.put(withDigest(next.header("Location"), Oci.sha256(content)), null),
                repository,
                Oci.sha256(content));
        assertBlob(repository, content);
    }

    @Test
    void aFirstChunkThatDoesNotStartAtZeroIs416() {
        String repository = repo();
        String location = start(repository);
        Response r = http.patch(location, Oci.pattern(5), "Content-Range", "1-5");
        assertError(r, 416, null);
        assertThat(r.header("Range")).isEqualTo("0-0");
        assertThat(assertStatus(http.get(location), 204).header("Range")).isEqualTo("0-0");
    }

    @Test
    void aContentRangeThatDisagreesWithTheBodyIs400() {
        String repository = repo();
        String location = start(repository);
        assertError(http.patch(location, Oci.pattern(5), "Content-Range", "0-9"), 400, "SIZE_INVALID");
        assertThat(assertStatus(http.get(location), 204).header("Range")).isEqualTo("0-0");
    }

    @Test
    void statusGetReports204WithRangeAndLocation() {
        String repository = repo();
        String location = start(repository);
        assertStatus(http.patch(location, Oci.pattern(7), "Content-Range", "0-6"), 202);
        Response r = assertStatus(http.get(location), 204);
        assertThat(r.header("Range")).isEqualTo("0-6");
        assertThat(location).endsWith("/" + Http.uploadId(r, repository));
        assertThat(r.body()).isEmpty();
    }

    @Test
    void cancelIs204AndTheSessionIsGone() {
        String repository = repo();
        String location = start(repository);
        assertStatus(http.patch(location, Oci.pattern(7)), 202);
        Response r = assertStatus(http.delete(location), 204);
        assertThat(r.body()).isEmpty();
        assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.patch(location, Oci.pattern(3)), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.put(withDigest(location, Oci.sha256(Oci.pattern(7))), null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void putWithAWrongDigestIs400AndNothingIsStored() {
        String repository = repo();
        byte[] content = Oci.bytes("put with wrong digest");
        String claimed = Oci.sha256(Oci.bytes("not this"));
        String location = start(repository);
        Response r = http.put(withDigest(location, claimed), content);
        assertError(r, 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + repository + "/blobs/" + claimed), 404, "BLOB_UNKNOWN");
        assertError(http.head("/v2/" + repository + "/blobs/" + Oci.sha256(content)), 404, null);
    }

    @ParameterizedTest(name = "PUT {0}")
    @ValueSource(strings = {"", "?digest=", "?digest=sha256:abc", "?digest=md5:d41d8cd98f00b204e9800998ecf8427e"})
    void putWithoutAValidDigestIs400(String query) {
        String repository = repo();
        String location = start(repository);
        assertError(http.put(location + query, Oci.bytes("x")), 400, "DIGEST_INVALID");
    }

    static Stream<Arguments> unknownUploads() {
        String other = repo();
        String foreign = Http.uploadId(http.post("/v2/" + other + "/blobs/uploads/", new byte[0]), other);
        return Stream.of(
                Arguments.of("a random UUID", "3f1c1b7e-2a8b-4d0e-9c55-1b2d3e4f5a6b"),
                Arguments.of("not a UUID", "not-a-uuid"),
                Arguments.of("an upper-case UUID", "3F1C1B7E-2A8B-4D0E-9C55-1B2D3E4F5A6B"),
                Arguments.of("an id of another repository", foreign));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownUploads")
    void unknownUploadIdsAre404BlobUploadUnknown(String what, String id) {
        String repository = repo();
        http.pushBlob(repository, Oci.bytes("so the repository exists"));
        String location = "/v2/" + repository + "/blobs/uploads/" + id;
        byte[] content = Oci.bytes("x");
        assertError(http.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.patch(location, content), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.patch(location, content, "Content-Range", "0-0"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.put(withDigest(location, Oci.sha256(content)), content), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void anUploadOfAnotherRepositoryIsLeftAlone() {
        String owner = repo();
        String location = start(owner);
        String id = location.substring(location.lastIndexOf('/') + 1);
        String intruder = repo();
        assertError(http.delete("/v2/" + intruder + "/blobs/uploads/" + id), 404, "BLOB_UPLOAD_UNKNOWN");
        assertStatus(http.get(location), 204);
    }

    @Test
    void sha512UploadIsClosedWithASha512Digest() {
        String repository = repo();
        byte[] content = Oci.pattern(77);
        String digest = Oci.sha512(content);
        Response post = http.post("/v2/" + repository + "/blobs/uploads/?digest-algorithm=sha512", new byte[0]);
        assertStatus(post, 202);
        String location = post.header("Location");
        location = assertStatus(http.patch(location, content, "Content-Range", "0-76"), 202)
                .header("Location");
        Response done = http.put(withDigest(location, digest), null);
        assertCreated(done, repository, digest);
        Response r = assertStatus(http.get("/v2/" + repository + "/blobs/" + digest), 200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest);
        // It was stored under its sha512 digest, not under sha256.
        assertError(http.get("/v2/" + repository + "/blobs/" + Oci.sha256(content)), 404, "BLOB_UNKNOWN");
    }

    @Test
    void singlePostWithASha512Digest() {
        String repository = repo();
        byte[] content = Oci.bytes("sha512 in one go");
        String digest = Oci.sha512(content);
        assertCreated(http.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content), repository, digest);
        assertThat(http.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @ParameterizedTest(name = "digest-algorithm={0}")
    @ValueSource(strings = {"md5", "sha1", "SHA256", "sha384", "blake3"})
    void unsupportedDigestAlgorithmsAre400(String algorithm) {
        String repository = repo();
        Response r = http.post("/v2/" + repository + "/blobs/uploads/?digest-algorithm=" + algorithm, new byte[0]);
        assertError(r, 400, "DIGEST_INVALID");
    }

    @Test
    void emptyBlobBySinglePost() {
        String repository = repo();
        Response r = http.post("/v2/" + repository + "/blobs/uploads/?digest=" + Oci.EMPTY_SHA256, new byte[0]);
        assertCreated(r, repository, Oci.EMPTY_SHA256);
        Response get = assertStatus(http.get("/v2/" + repository + "/blobs/" + Oci.EMPTY_SHA256), 200);
        assertThat(get.body()).isEmpty();
        assertThat(get.contentLength()).isZero();
    }

    @Test
    void emptyBlobByPostThenPutWithoutBody() {
        String repository = repo();
        String location = start(repository);
        assertCreated(http.put(withDigest(location, Oci.EMPTY_SHA256), null), repository, Oci.EMPTY_SHA256);
        Response head = assertStatus(http.head("/v2/" + repository + "/blobs/" + Oci.EMPTY_SHA256), 200);
        assertThat(head.contentLength()).isZero();
        assertThat(head.header("Docker-Content-Digest")).isEqualTo(Oci.EMPTY_SHA256);
    }

    @Test
    void pushingTheSameBlobTwiceIsFine() {
        String repository = repo();
        byte[] content = Oci.bytes("twice");
        http.pushBlob(repository, content);
        http.pushBlob(repository, content);
        assertBlob(repository, content);
    }

    @Test
    void aPostWithABodyButNoDigestIsRefused() {
        String repository = repo();
        assertError(http.post("/v2/" + repository + "/blobs/uploads/", Oci.bytes("data")), 400, null);
    }
}
