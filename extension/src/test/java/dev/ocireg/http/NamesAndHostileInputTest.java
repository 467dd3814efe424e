package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Repository names of every shape the spec allows (including ones whose segments look like endpoints), names it
 * forbids, and hostile paths, queries, headers and bodies: never a 500, never a stack trace, always the JSON error.
 */
class NamesAndHostileInputTest {
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

    // ------------------------------------------------------------------ valid names

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "a",
                "a/b",
                "org/team/project/x",
                "x/blobs/uploads/y",
                "manifests/tags",
                "blobs",
                "uploads",
                "manifests",
                "tags",
                "referrers",
                "v2",
                "tags/list",
                "a/blobs",
                "b/blobs/uploads",
                "c/manifests",
                "d/tags",
                "e/referrers",
                "f/tags/list",
                "g/blobs/uploads/h/manifests/i/tags/list",
                "a0.b1_c2__d3-e4---f5/6"
            })
    void everyEndpointWorksForName(String name) {
        String v2 = "/v2/" + name;

        // Chunked upload: POST, PATCH, status GET, closing PUT.
        byte[] layerBytes = Oci.bytes("layer of " + name);
        Response started = assertStatus(http.post(v2 + "/blobs/uploads/", new byte[0]), 202);
        assertThat(Http.uploadId(started, name)).isNotEmpty();
        Response patched = assertStatus(
                http.patch(started.header("Location"), layerBytes, "Content-Range", "0-" + (layerBytes.length - 1)),
                202);
        Http.uploadId(patched, name);
        Response status = assertStatus(http.get(patched.header("Location")), 204);
        assertThat(status.header("Range")).isEqualTo("0-" + (layerBytes.length - 1));
        String layerDigest = Oci.sha256(layerBytes);
        Response closed = assertStatus(http.put(status.header("Location") + "?digest=" + layerDigest, null), 201);
        assertThat(closed.header("Location")).endsWith(v2 + "/blobs/" + layerDigest);

        // Cancelled upload.
        Response cancelled = assertStatus(http.post(v2 + "/blobs/uploads/", new byte[0]), 202);
        assertStatus(http.delete(cancelled.header("Location")), 204);
        assertError(http.get(cancelled.header("Location")), 404, "BLOB_UPLOAD_UNKNOWN");

        // Single-POST blob, GET and HEAD.
        Map<String, Object> config = http.pushBlob(name, Oci.OCI_CONFIG, Oci.bytes("{\"name\":\"" + name + "\"}"));
        assertThat(assertStatus(http.get(v2 + "/blobs/" + layerDigest), 200).body())
                .isEqualTo(layerBytes);
        assertStatus(http.head(v2 + "/blobs/" + config.get("digest")), 200);

        // Manifest by tag and digest.
        Map<String, Object> layer = Oci.descriptor(Oci.OCI_LAYER, layerDigest, layerBytes.length);
        byte[] manifest = Oci.imageManifest(config, List.of(layer), Map.of());
        String digest = http.pushManifest(name, "v1", Oci.OCI_MANIFEST, manifest);
        assertThat(assertStatus(http.get(v2 + "/manifests/v1"), 200).body()).isEqualTo(manifest);
        assertThat(assertStatus(http.get(v2 + "/manifests/" + digest), 200).body())
                .isEqualTo(manifest);

        // Tags list, catalog.
        Response tags = assertStatus(http.get(v2 + "/tags/list"), 200);
        assertThat(tags.json().path("name").asString()).isEqualTo(name);
        assertThat(Http.strings(tags.json().path("tags"))).containsExactly("v1");
        assertThat(Http.strings(http.get("/v2/_catalog").json().path("repositories")))
                .contains(name);

        // Referrers.
        http.pushBlob(name, Oci.EMPTY_JSON);
        byte[] referrer = Oci.imageManifest(
                Oci.emptyConfig(),
                List.of(),
                Oci.map(
                        "artifactType",
                        "application/vnd.example",
                        "subject",
                        Oci.descriptor(Oci.OCI_MANIFEST, digest, manifest.length)));
        String referrerDigest = http.pushManifest(name, Oci.sha256(referrer), Oci.OCI_MANIFEST, referrer);
        Response referrers = assertStatus(http.get(v2 + "/referrers/" + digest), 200);
        assertThat(referrers.json().path("manifests").get(0).path("digest").asString())
                .isEqualTo(referrerDigest);

        // Mount into a sub-repository.
        Response mounted = http.post(v2 + "/sub/blobs/uploads/?mount=" + layerDigest + "&from=" + name, new byte[0]);
        assertStatus(mounted, 201);
        assertStatus(http.get(v2 + "/sub/blobs/" + layerDigest), 200);

        // Deletes.
        assertStatus(http.delete(v2 + "/manifests/v1"), 202);
        assertStatus(http.delete(v2 + "/manifests/" + referrerDigest), 202);
        assertStatus(http.delete(v2 + "/manifests/" + digest), 202);
        assertStatus(http.delete(v2 + "/blobs/" + layerDigest), 202);
        assertError(http.get(v2 + "/blobs/" + layerDigest), 404, "BLOB_UNKNOWN");
        assertStatus(http.get(v2 + "/sub/blobs/" + layerDigest), 200);
    }

    @Test
    void aNameOf255CharactersIsAccepted() {
        String name = "n".repeat(100) + "/" + "m".repeat(154);
        assertThat(name).hasSize(255);
        http.pushBlob(name, Oci.bytes("long name"));
        assertStatus(http.get("/v2/" + name + "/tags/list"), 200);
    }

    // ------------------------------------------------------------------ invalid names

    static Stream<String> invalidNames() {
        return Stream.of(
                "A",
                "Abc/def",
                "abc/Def",
                "-a",
                "a-",
                "_a",
                "a_",
                "a..b",
                "a._b",
                "a___b",
                "a/.b",
                "a/-b",
                "a//b",
                "a@b",
                "a~b",
                "a%20b",
                "a:b",
                "a".repeat(300),
                "n".repeat(100) + "/" + "m".repeat(155));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNames")
    void invalidNamesAre400NameInvalidOnEveryEndpoint(String name) {
        String v2 = "/v2/" + name;
        String digest = Oci.sha256(Oci.bytes("x"));
        byte[] manifest = Oci.imageManifest(Oci.emptyConfig(), List.of(), Map.of());
        assertError(http.get(v2 + "/tags/list"), 400, "NAME_INVALID");
        assertError(http.get(v2 + "/blobs/" + digest), 400, "NAME_INVALID");
        assertError(http.head(v2 + "/blobs/" + digest), 400, null);
        assertError(http.delete(v2 + "/blobs/" + digest), 400, "NAME_INVALID");
        assertError(http.get(v2 + "/manifests/latest"), 400, "NAME_INVALID");
        assertError(
                http.put(v2 + "/manifests/latest", manifest, "Content-Type", Oci.OCI_MANIFEST), 400, "NAME_INVALID");
        assertError(http.delete(v2 + "/manifests/latest"), 400, "NAME_INVALID");
        assertError(http.post(v2 + "/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
        assertError(http.post(v2 + "/blobs/uploads/?digest=" + digest, Oci.bytes("x")), 400, "NAME_INVALID");
        assertError(http.get(v2 + "/blobs/uploads/3f1c1b7e-2a8b-4d0e-9c55-1b2d3e4f5a6b"), 400, "NAME_INVALID");
        assertError(http.get(v2 + "/referrers/" + digest), 400, "NAME_INVALID");
    }

    // ------------------------------------------------------------------ hostile requests

    static Stream<Arguments> hostileRequests() {
        String digest = Oci.sha256(Oci.bytes("x"));
        return Stream.of(
                Arguments.of("GET", "/v2/a/../../../etc/passwd"),
                Arguments.of("GET", "/v2/../../etc/passwd"),
                Arguments.of("GET", "/v2/a/../b/tags/list"),
                Arguments.of("GET", "/v2/%2e%2e/%2e%2e/etc/tags/list"),
                Arguments.of("GET", "/v2/a/%2e%2e/b/tags/list"),
                Arguments.of("GET", "/v2/%2e/tags/list"),
                Arguments.of("GET", "/v2/a/manifests/.."),
                Arguments.of("GET", "/v2/a/manifests/%2e%2e"),
                Arguments.of("GET", "/v2/a/manifests/..%2f..%2fblobs"),
                Arguments.of("PUT", "/v2/a/manifests/%2e%2e%2f%2e%2e%2fx"),
                Arguments.of("GET", "/v2/a%2Fb/tags/list"),
                Arguments.of("GET", "/v2/a%2fb/blobs/" + digest),
                Arguments.of("GET", "/v2/a/blobs/..%2F..%2F" + digest),
                Arguments.of("GET", "/v2/a/blobs/sha256:..%2f.."),
                Arguments.of("DELETE", "/v2/a/blobs/..%2fblobs%2f" + digest),
                Arguments.of("PATCH", "/v2/a/blobs/uploads/..%2F..%2Fx"),
                Arguments.of("PUT", "/v2/a/blobs/uploads/%2e%2e?digest=" + digest),
                Arguments.of("DELETE", "/v2/a/blobs/uploads/.."),
                Arguments.of("GET", "/v2/a%00b/tags/list"),
                Arguments.of("GET", "/v2/a/manifests/a%00"),
                Arguments.of("GET", "/v2/a/blobs/sha256:%00"),
                Arguments.of("GET", "/v2/a%5Cb/tags/list"),
                Arguments.of("GET", "/v2/a\\b/tags/list"),
                Arguments.of("GET", "/v2/%ff/tags/list"),
                Arguments.of("GET", "/v2/a%/tags/list"),
                Arguments.of("GET", "/v2/a%2/tags/list"),
                Arguments.of("GET", "/v2/a;b/tags/list"),
                Arguments.of("GET", "/v2/a;jsessionid=1/tags/list"),
                Arguments.of("GET", "/v2/_catalog?n=%ZZ"),
                Arguments.of("GET", "/v2/_catalog?n=1&last=%ZZ"),
                Arguments.of("GET", "/v2/a/tags/list?n=%00"),
                Arguments.of("GET", "/v2/a/referrers/" + digest + "?artifactType=%ZZ"),
                Arguments.of("POST", "/v2/a/blobs/uploads/?digest=%00"),
                Arguments.of("POST", "/v2/a/blobs/uploads/?mount=%2e%2e&from=%2e%2e"),
                Arguments.of("POST", "/v2/a/blobs/uploads/?mount=" + digest + "&from=..%2F.."),
                Arguments.of("GET", "/v2/a/manifests/" + "a".repeat(10_000)),
                Arguments.of("GET", "/v2/" + "a/".repeat(2_000) + "tags/list"),
                Arguments.of("GET", "//v2//"),
                Arguments.of("GET", "/v2/a/blobs/uploads/%2F"),
                Arguments.of("GET", "/V2/"),
                Arguments.of("GET", "*"),
                Arguments.of("GET", "http://127.0.0.1/v2/a%2fb/tags/list"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostileRequests")
    void hostilePathsGetA4xxJsonErrorNeverA500(String method, String target) {
        Response r = http.raw(method, target);
        assertThat(r.status()).as("%s", r).isBetween(400, 499);
        assertError(r, r.status(), null);
    }

    static Stream<Arguments> hostileHeaders() {
        return Stream.of(
                Arguments.of("Range", "bytes=99999999999999999999-"),
                Arguments.of("Range", "bytes=-99999999999999999999"),
                Arguments.of("Range", "bytes=0-99999999999999999999"),
                Arguments.of("Range", "bytes=" + "1".repeat(1000) + "-"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileHeaders")
    void hostileRangeHeadersAreNeverA500(String name, String value) {
        String digest = http.pushBlob("hostile/r", Oci.pattern(10));
        Response r = http.get("/v2/hostile/r/blobs/" + digest, name, value);
        assertThat(r.status()).as("%s", r).isIn(200, 206, 416);
        if (r.status() == 416) {
            assertError(r, 416, null);
        }
    }

    @ParameterizedTest(name = "Content-Range: {0}")
    @ValueSource(strings = {"0-99999999999999999999", "99999999999999999999-0", "bytes 0-9/10", "-1-5", "5", "a-b"})
    void hostileContentRangesAreA4xx(String contentRange) {
        String location = http.post("/v2/hostile/r/blobs/uploads/", new byte[0]).header("Location");
        Response r = http.patch(location, Oci.pattern(10), "Content-Range", contentRange);
        assertThat(r.status()).as("%s", r).isBetween(400, 499);
        assertError(r, r.status(), null);
        assertThat(assertStatus(http.get(location), 204).header("Range")).isEqualTo("0-0");
    }

    static Stream<Arguments> hostileManifests() {
        String c = new String(Oci.json(Oci.descriptor(Oci.OCI_CONFIG, Oci.sha256(Oci.bytes("c")), 1)));
        String head = "{\"schemaVersion\":2,\"mediaType\":\"" + Oci.OCI_MANIFEST + "\"";
        return Stream.of(
                Arguments.of("deep nesting", Oci.bytes("[".repeat(100_000))),
                Arguments.of("deep object nesting", Oci.bytes("{\"a\":".repeat(50_000))),
                Arguments.of(
                        "deep nesting in annotations",
                        Oci.bytes(head + ",\"config\":" + c + ",\"layers\":[],\"annotations\":" + "[".repeat(50_000))),
                Arguments.of(
                        "huge size",
                        Oci.bytes(head + ",\"config\":{\"mediaType\":\"" + Oci.OCI_CONFIG + "\",\"digest\":\""
                                + Oci.sha256(Oci.bytes("c"))
                                + "\",\"size\":99999999999999999999999999},\"layers\":[]}")),
                Arguments.of(
                        "fractional size",
                        Oci.bytes(head + ",\"config\":{\"mediaType\":\"" + Oci.OCI_CONFIG + "\",\"digest\":\""
                                + Oci.sha256(Oci.bytes("c")) + "\",\"size\":1.5},\"layers\":[]}")),
                Arguments.of(
                        "huge schemaVersion",
                        Oci.bytes("{\"schemaVersion\":99999999999999999999999,\"config\":" + c + ",\"layers\":[]}")),
                Arguments.of("a very long number", Oci.bytes("{\"schemaVersion\":" + "9".repeat(100_000) + "}")),
                Arguments.of("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}),
                Arguments.of("NUL bytes", new byte[] {'{', 0, 0, '}'}),
                Arguments.of("a BOM and garbage", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x'}),
                Arguments.of(
                        "data field that is not base64",
                        Oci.bytes(head + ",\"config\":{\"mediaType\":\"" + Oci.OCI_CONFIG + "\",\"digest\":\""
                                + Oci.sha256(Oci.bytes("c")) + "\",\"size\":1,\"data\":\"!!!\"},\"layers\":[]}")),
                Arguments.of(
                        "digest with path characters",
                        Oci.bytes(head + ",\"config\":{\"mediaType\":\"" + Oci.OCI_CONFIG
                                + "\",\"digest\":\"sha256:../../etc/passwd\",\"size\":1},\"layers\":[]}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileManifests")
    void hostileManifestsAre400ManifestInvalid(String what, byte[] body) {
        Response r = http.put("/v2/hostile/r/manifests/hostile", body, "Content-Type", Oci.OCI_MANIFEST);
        assertError(r, 400, "MANIFEST_INVALID");
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {";;;", "application/vnd.oci.image.manifest.v1+json; charset", "*/*", "x"})
    void oddManifestContentTypesAreNeverA500(String contentType) {
        byte[] manifest = Oci.imageManifest(Oci.absent(Oci.OCI_CONFIG, "odd"), List.of(), Map.of());
        Response r = http.put("/v2/hostile/r/manifests/odd", manifest, "Content-Type", contentType);
        assertThat(r.status()).as("%s", r).isBetween(400, 499);
        assertError(r, r.status(), null);
    }
}
