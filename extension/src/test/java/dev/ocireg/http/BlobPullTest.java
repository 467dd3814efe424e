package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** end-2: GET and HEAD of blobs, with {@code Range}. */
class BlobPullTest {
    private static final byte[] CONTENT = Oci.pattern(100);
    private static final String DIGEST = Oci.sha256(CONTENT);

    private static RegistryServer registry;
    private static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
        http.pushBlob("pull/a", CONTENT);
        http.pushBlob("pull/b", Oci.bytes("only in b"));
        http.pushBlob("pull/empty", new byte[0]);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void getReturnsTheBytesWithDigestAndLength() {
        Response r = assertStatus(http.get("/v2/pull/a/blobs/" + DIGEST), 200);
        assertThat(r.body()).isEqualTo(CONTENT);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(DIGEST);
        assertThat(r.contentLength()).isEqualTo(CONTENT.length);
        assertThat(Oci.sha256(r.body())).isEqualTo(r.header("Docker-Content-Digest"));
    }

    @Test
    void headReturnsDigestAndLengthWithoutBody() {
        Response r = assertStatus(http.head("/v2/pull/a/blobs/" + DIGEST), 200);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(DIGEST);
        assertThat(r.contentLength()).isEqualTo(CONTENT.length);
    }

    @Test
    void anEmptyBlobIsServedWithLengthZero() {
        Response r = assertStatus(http.get("/v2/pull/empty/blobs/" + Oci.EMPTY_SHA256), 200);
        assertThat(r.body()).isEmpty();
        assertThat(r.contentLength()).isZero();
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(Oci.EMPTY_SHA256);
        Response head = assertStatus(http.head("/v2/pull/empty/blobs/" + Oci.EMPTY_SHA256), 200);
        assertThat(head.contentLength()).isZero();
    }

    static Stream<Arguments> absentBlobs() {
        return Stream.of(
                Arguments.of("pull/a", Oci.sha256(Oci.bytes("never pushed"))),
                Arguments.of("pull/a", Oci.sha512(CONTENT)),
                Arguments.of("pull/c", DIGEST), // pushed to pull/a only: blobs are per repository
                Arguments.of("pull/a", Oci.sha256(Oci.bytes("only in b"))),
                Arguments.of("pull/never", DIGEST));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("absentBlobs")
    void absentBlobsAre404BlobUnknown(String repository, String digest) {
        assertError(http.get("/v2/" + repository + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertError(http.head("/v2/" + repository + "/blobs/" + digest), 404, null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "sha256:abc",
                "sha256:",
                "sha256",
                "notadigest",
                "sha256:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
                "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                "md5:d41d8cd98f00b204e9800998ecf8427e",
                "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            })
    void invalidDigestsAre404BlobUnknown(String digest) {
        // a digest that cannot exist names no blob: end-2 lists only 404
        JsonNode error = assertError(http.get("/v2/pull/a/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertThat(error.path("errors").get(0).path("message").asString()).contains("can have this digest");
        assertError(http.head("/v2/pull/a/blobs/" + digest), 404, null);
    }

    static Stream<Arguments> satisfiableRanges() {
        return Stream.of(
                Arguments.of("bytes=0-9", 0, 9),
                Arguments.of("bytes=10-19", 10, 19),
                Arguments.of("bytes=99-99", 99, 99),
                Arguments.of("bytes=0-", 0, 99),
                Arguments.of("bytes=42-", 42, 99),
                Arguments.of("bytes=-5", 95, 99),
                Arguments.of("bytes=-1", 99, 99),
                Arguments.of("bytes=-100", 0, 99),
                Arguments.of("bytes=-500", 0, 99), // a suffix longer than the blob is the whole blob
                Arguments.of("bytes=90-200", 90, 99)); // the last position is clipped to the size
    }

    @ParameterizedTest(name = "{0} -> 206 bytes {1}-{2}/100")
    @MethodSource("satisfiableRanges")
    void satisfiableRangesAre206WithContentRange(String range, int first, int last) {
        Response r = assertStatus(http.get("/v2/pull/a/blobs/" + DIGEST, "Range", range), 206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/100");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(CONTENT, first, last + 1));
        assertThat(r.contentLength()).isEqualTo(last - first + 1);
    }

    @ParameterizedTest(name = "{0} -> 416")
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=500-600", "bytes=-0", "bytes=20-10"})
    void unsatisfiableRangesAre416WithTheSize(String range) {
        Response r = http.get("/v2/pull/a/blobs/" + DIGEST, "Range", range);
        assertError(r, 416, null);
        assertThat(r.header("Content-Range")).isEqualTo("bytes */100");
    }

    @Test
    void anyRangeOfAnEmptyBlobIsUnsatisfiable() {
        Response r = http.get("/v2/pull/empty/blobs/" + Oci.EMPTY_SHA256, "Range", "bytes=0-");
        assertError(r, 416, null);
        assertThat(r.header("Content-Range")).isEqualTo("bytes */0");
    }

    @ParameterizedTest(name = "{0} -> 200 whole blob")
    @ValueSource(strings = {"bytes=a-b", "items=0-9", "bytes=0-1,5-6", "bytes=-", "0-9"})
    void rangesThatCannotBeParsedOrAreMultipleAreIgnored(String range) {
        // RFC 9110 section 14.2: a server MAY ignore the Range header (and must ignore an invalid one).
        Response r = assertStatus(http.get("/v2/pull/a/blobs/" + DIGEST, "Range", range), 200);
        assertThat(r.body()).isEqualTo(CONTENT);
        assertThat(r.hasHeader("Content-Range")).isFalse();
    }
}
