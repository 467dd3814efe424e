package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** end-3 (GET/HEAD manifests) and end-7 (PUT manifests, with {@code ?tag=} and {@code subject}). */
class ManifestPushPullTest {
    private static final String REPO = "man/r";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static RegistryServer registry;
    private static Http http;
    private static Map<String, Object> config;
    private static Map<String, Object> layer;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
        config = http.pushBlob(REPO, Oci.OCI_CONFIG, Oci.bytes("{\"os\":\"linux\",\"architecture\":\"arm64\"}"));
        layer = http.pushBlob(REPO, Oci.OCI_LAYER, Oci.bytes("layer bytes"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** A distinct valid manifest (an annotation keeps each one unique). */
    private static byte[] manifest() {
        return Oci.imageManifest(
                config, List.of(layer), Oci.map("annotations", Map.of("seq", String.valueOf(SEQ.incrementAndGet()))));
    }

    private static Response put(String reference, byte[] body, String contentType) {
        return http.put("/v2/" + REPO + "/manifests/" + reference, body, "Content-Type", contentType);
    }

    private static void assertCreated(Response r, String repository, byte[] body) {
        String digest = Oci.sha256(body);
        assertStatus(r, 201);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(r.header("Location")).endsWith("/v2/" + repository + "/manifests/" + digest);
        assertThat(http.get(r.header("Location")).body()).isEqualTo(body);
    }

    private static void assertServed(String repository, String reference, byte[] body, String mediaType) {
        String target = "/v2/" + repository + "/manifests/" + reference;
        Response get = assertStatus(http.get(target), 200);
        assertThat(get.body()).isEqualTo(body);
        assertThat(get.header("Content-Type")).isEqualTo(mediaType);
        assertThat(get.contentLength()).isEqualTo(body.length);
        assertThat(get.header("Docker-Content-Digest")).isEqualTo(Oci.sha256(body));
        Response head = assertStatus(http.head(target), 200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo(mediaType);
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.header("Docker-Content-Digest")).isEqualTo(Oci.sha256(body));
    }

    // ------------------------------------------------------------------ push and pull

    @Test
    void putByTagThenGetAndHeadByTagAndDigest() {
        byte[] body = manifest();
        assertCreated(put("v1", body, Oci.OCI_MANIFEST), REPO, body);
        assertServed(REPO, "v1", body, Oci.OCI_MANIFEST);
        assertServed(REPO, Oci.sha256(body), body, Oci.OCI_MANIFEST);
    }

    @Test
    void putByDigest() {
        byte[] body = manifest();
        assertCreated(put(Oci.sha256(body), body, Oci.OCI_MANIFEST), REPO, body);
        assertServed(REPO, Oci.sha256(body), body, Oci.OCI_MANIFEST);
    }

    @Test
    void putBySha512Digest() {
        byte[] body = manifest();
        String digest = Oci.sha512(body);
        Response r = put(digest, body, Oci.OCI_MANIFEST);
        assertStatus(r, 201);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest);
        Response get = assertStatus(http.get("/v2/" + REPO + "/manifests/" + digest), 200);
        assertThat(get.body()).isEqualTo(body);
        assertThat(get.header("Docker-Content-Digest")).isEqualTo(digest);
    }

    @Test
    void theExactBytesAreKept() {
        // Unusual but valid JSON formatting must survive byte for byte.
        String text = "{\n  \"schemaVersion\" : 2,\n\t\"mediaType\": \"" + Oci.OCI_MANIFEST + "\",\n"
                + "  \"config\": " + new String(Oci.json(config)) + ",\n  \"layers\": [ ],\n"
                + "  \"annotations\": {\"note\": \"caf\\u00e9 \u00e9\"}\n}\n";
        byte[] body = Oci.bytes(text);
        assertCreated(put("exact", body, Oci.OCI_MANIFEST), REPO, body);
        assertServed(REPO, "exact", body, Oci.OCI_MANIFEST);
    }

    @Test
    void contentTypeParametersAreIgnored() {
        byte[] body = manifest();
        assertCreated(put("params", body, Oci.OCI_MANIFEST + "; charset=utf-8"), REPO, body);
        assertServed(REPO, "params", body, Oci.OCI_MANIFEST);
    }

    @Test
    void aManifestWithoutMediaTypeIsServedWithThePushedContentType() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("config", config);
        m.put("layers", List.of(layer));
        byte[] body = Oci.json(m);
        assertCreated(put("nomediatype", body, Oci.OCI_MANIFEST), REPO, body);
        assertServed(REPO, "nomediatype", body, Oci.OCI_MANIFEST);
    }

    @Test
    void pushingToAnExistingTagMovesIt() {
        byte[] first = manifest();
        byte[] second = manifest();
        assertCreated(put("moving", first, Oci.OCI_MANIFEST), REPO, first);
        assertCreated(put("moving", second, Oci.OCI_MANIFEST), REPO, second);
        assertServed(REPO, "moving", second, Oci.OCI_MANIFEST);
        assertServed(REPO, Oci.sha256(first), first, Oci.OCI_MANIFEST);
    }

    @Test
    void anImageIndexIsStoredAndServedWithItsMediaType() {
        byte[] child = manifest();
        http.pushManifest(REPO, Oci.sha256(child), Oci.OCI_MANIFEST, child);
        Map<String, Object> childDescriptor = Oci.descriptor(Oci.OCI_MANIFEST, Oci.sha256(child), child.length);
        childDescriptor.put("platform", Map.of("os", "linux", "architecture", "arm64"));
        byte[] index = Oci.index(List.of(childDescriptor), Map.of());
        assertCreated(put("index", index, Oci.OCI_INDEX), REPO, index);
        assertServed(REPO, "index", index, Oci.OCI_INDEX);
    }

    @Test
    void dockerSchema2ManifestAndManifestListKeepTheirMediaTypes() {
        String repository = "man/docker";
        Map<String, Object> dockerConfig =
                http.pushBlob(repository, Oci.DOCKER_CONFIG, Oci.bytes("{\"os\":\"linux\",\"docker\":true}"));
        Map<String, Object> dockerLayer = http.pushBlob(repository, Oci.DOCKER_LAYER, Oci.bytes("docker layer"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", Oci.DOCKER_MANIFEST);
        m.put("config", dockerConfig);
        m.put("layers", List.of(dockerLayer));
        byte[] manifest = Oci.json(m);
        Response r = http.put("/v2/" + repository + "/manifests/image", manifest, "Content-Type", Oci.DOCKER_MANIFEST);
        assertCreated(r, repository, manifest);
        assertServed(repository, "image", manifest, Oci.DOCKER_MANIFEST);

        Map<String, Object> entry = Oci.descriptor(Oci.DOCKER_MANIFEST, Oci.sha256(manifest), manifest.length);
        entry.put("platform", Map.of("os", "linux", "architecture", "amd64"));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("schemaVersion", 2);
        l.put("mediaType", Oci.DOCKER_MANIFEST_LIST);
        l.put("manifests", List.of(entry));
        byte[] list = Oci.json(l);
        Response lr = http.put("/v2/" + repository + "/manifests/list", list, "Content-Type", Oci.DOCKER_MANIFEST_LIST);
        assertCreated(lr, repository, list);
        assertServed(repository, "list", list, Oci.DOCKER_MANIFEST_LIST);
    }

    @Test
    void tagQueryParametersOnAPutByDigestCreateEachTag() {
        byte[] body = manifest();
        String digest = Oci.sha256(body);
        Response r = http.put(
                "/v2/" + REPO + "/manifests/" + digest + "?tag=multi-a&tag=multi-b&tag=multi.c",
                body,
                "Content-Type",
                Oci.OCI_MANIFEST);
        assertCreated(r, REPO, body);
        assertThat(r.headerValues("OCI-Tag")).containsExactlyInAnyOrder("multi-a", "multi-b", "multi.c");
        for (String tag : List.of("multi-a", "multi-b", "multi.c")) {
            assertServed(REPO, tag, body, Oci.OCI_MANIFEST);
        }
        List<String> tags =
                Http.strings(http.get("/v2/" + REPO + "/tags/list").json().path("tags"));
        assertThat(tags).contains("multi-a", "multi-b", "multi.c");
    }

    @Test
    void tenTagsInOneRequest() {
        byte[] body = manifest();
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            query.append(i == 0 ? "?" : "&").append("tag=ten-").append(i);
        }
        Response r = http.put(
                "/v2/" + REPO + "/manifests/" + Oci.sha256(body) + query, body, "Content-Type", Oci.OCI_MANIFEST);
        assertCreated(r, REPO, body);
        assertThat(r.headerValues("OCI-Tag")).hasSize(10);
        assertServed(REPO, "ten-9", body, Oci.OCI_MANIFEST);
    }

    @Test
    void anInvalidTagQueryParameterIs400AndStoresNothing() {
        byte[] body = manifest();
        String digest = Oci.sha256(body);
        Response r = http.put(
                "/v2/" + REPO + "/manifests/" + digest + "?tag=good&tag=-bad", body, "Content-Type", Oci.OCI_MANIFEST);
        assertError(r, 400, null);
        assertError(http.get("/v2/" + REPO + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void aManifestWhoseSubjectDoesNotExistIsAcceptedWithOciSubject() {
        Map<String, Object> subject = Oci.absent(Oci.OCI_MANIFEST, "subject");
        byte[] body = Oci.imageManifest(
                Oci.emptyConfig(),
                List.of(),
                Oci.map("artifactType", "application/vnd.example.sbom.v1", "subject", subject));
        http.pushBlob(REPO, Oci.EMPTY_JSON);
        Response r = put(Oci.sha256(body), body, Oci.OCI_MANIFEST);
        assertCreated(r, REPO, body);
        assertThat(r.header("OCI-Subject")).isEqualTo(subject.get("digest"));
    }

    @Test
    void anIndexWithASubjectGetsOciSubjectToo() {
        Map<String, Object> subject = Oci.absent(Oci.OCI_MANIFEST, "index subject");
        byte[] body = Oci.index(List.of(), Oci.map("subject", subject));
        Response r = put(Oci.sha256(body), body, Oci.OCI_INDEX);
        assertCreated(r, REPO, body);
        assertThat(r.header("OCI-Subject")).isEqualTo(subject.get("digest"));
    }

    @Test
    void aManifestWithoutSubjectHasNoOciSubject() {
        Response r = put("nosubject", manifest(), Oci.OCI_MANIFEST);
        assertStatus(r, 201);
        assertThat(r.hasHeader("OCI-Subject")).isFalse();
    }

    @Test
    void aTagOf128CharactersIsFine() {
        String tag = "T" + "a".repeat(127);
        byte[] body = manifest();
        assertCreated(put(tag, body, Oci.OCI_MANIFEST), REPO, body);
        assertServed(REPO, tag, body, Oci.OCI_MANIFEST);
    }

    // ------------------------------------------------------------------ refused pushes

    @Test
    void aDigestThatDoesNotMatchTheBodyIs400DigestInvalid() {
        byte[] body = manifest();
        String other = Oci.sha256(Oci.bytes("other"));
        assertError(put(other, body, Oci.OCI_MANIFEST), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + REPO + "/manifests/" + other), 404, "MANIFEST_UNKNOWN");
        assertError(http.get("/v2/" + REPO + "/manifests/" + Oci.sha256(body)), 404, "MANIFEST_UNKNOWN");
    }

    static Stream<Arguments> invalidManifests() {
        String c = new String(Oci.json(Oci.descriptor(Oci.OCI_CONFIG, Oci.sha256(Oci.bytes("c")), 1)));
        String l = new String(Oci.json(Oci.descriptor(Oci.OCI_LAYER, Oci.sha256(Oci.bytes("l")), 1)));
        String head = "\"schemaVersion\":2,\"mediaType\":\"" + Oci.OCI_MANIFEST + "\"";
        return Stream.of(
                Arguments.of("empty body", ""),
                Arguments.of("truncated JSON", "{\"schemaVersion\":2,"),
                Arguments.of("not JSON", "this is not json"),
                Arguments.of("an array", "[]"),
                Arguments.of("a string", "\"manifest\""),
                Arguments.of("a number", "42"),
                Arguments.of("null", "null"),
                Arguments.of("an empty object", "{}"),
                Arguments.of("schemaVersion 3", "{\"schemaVersion\":3,\"config\":" + c + ",\"layers\":[]}"),
                Arguments.of("schemaVersion as string", "{\"schemaVersion\":\"2\",\"config\":" + c + ",\"layers\":[]}"),
                Arguments.of(
                        "no schemaVersion",
                        "{\"mediaType\":\"" + Oci.OCI_MANIFEST + "\",\"config\":" + c + ",\"layers\":[]}"),
                Arguments.of("missing config", "{" + head + ",\"layers\":[" + l + "]}"),
                Arguments.of("config is a string", "{" + head + ",\"config\":\"cfg\",\"layers\":[]}"),
                Arguments.of("layers missing", "{" + head + ",\"config\":" + c + "}"),
                Arguments.of("layers an object", "{" + head + ",\"config\":" + c + ",\"layers\":" + l + "}"),
                Arguments.of("layers a string", "{" + head + ",\"config\":" + c + ",\"layers\":\"x\"}"),
                Arguments.of("layer not an object", "{" + head + ",\"config\":" + c + ",\"layers\":[1]}"),
                Arguments.of(
                        "bad config digest",
                        "{" + head + ",\"config\":{\"mediaType\":\"" + Oci.OCI_CONFIG
                                + "\",\"digest\":\"sha256:bad\",\"size\":1},\"layers\":[]}"),
                Arguments.of(
                        "bad layer digest",
                        "{" + head + ",\"config\":" + c + ",\"layers\":[{\"mediaType\":\"" + Oci.OCI_LAYER
                                + "\",\"digest\":\"nodigest\",\"size\":1}]}"),
                Arguments.of(
                        "layer without digest",
                        "{" + head + ",\"config\":" + c + ",\"layers\":[{\"mediaType\":\"" + Oci.OCI_LAYER
                                + "\",\"size\":1}]}"),
                Arguments.of(
                        "layer with negative size",
                        "{" + head + ",\"config\":" + c + ",\"layers\":[{\"mediaType\":\"" + Oci.OCI_LAYER
                                + "\",\"digest\":\"" + Oci.sha256(Oci.bytes("l")) + "\",\"size\":-1}]}"),
                Arguments.of(
                        "layer with size as string",
                        "{" + head + ",\"config\":" + c + ",\"layers\":[{\"mediaType\":\"" + Oci.OCI_LAYER
                                + "\",\"digest\":\"" + Oci.sha256(Oci.bytes("l")) + "\",\"size\":\"1\"}]}"),
                Arguments.of(
                        "config without mediaType",
                        "{" + head + ",\"config\":{\"digest\":\"" + Oci.sha256(Oci.bytes("c"))
                                + "\",\"size\":1},\"layers\":[]}"),
                Arguments.of("duplicate keys", "{" + head + ",\"config\":" + c + ",\"layers\":[],\"layers\":[]}"),
                Arguments.of(
                        "annotations not strings",
                        "{" + head + ",\"config\":" + c + ",\"layers\":[],\"annotations\":{\"a\":1}}"),
                Arguments.of(
                        "a manifests array in an image manifest",
                        "{" + head + ",\"config\":" + c + ",\"layers\":[],\"manifests\":[]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void invalidManifestsAre400ManifestInvalid(String what, String body) {
        Response r = put("invalid", Oci.bytes(body), Oci.OCI_MANIFEST);
        assertError(r, 400, "MANIFEST_INVALID");
        assertError(http.get("/v2/" + REPO + "/manifests/" + Oci.sha256(Oci.bytes(body))), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void anIndexWithoutAManifestsArrayIsInvalid() {
        byte[] body = Oci.bytes("{\"schemaVersion\":2,\"mediaType\":\"" + Oci.OCI_INDEX + "\"}");
        assertError(put("badindex", body, Oci.OCI_INDEX), 400, "MANIFEST_INVALID");
    }

    static Stream<Arguments> schema1Manifests() {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"man/r\",\"tag\":\"old\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[],\"history\":[]}";
        String v2 = new String(Oci.json(Oci.map(
                "schemaVersion",
                2,
                "config",
                Oci.descriptor(Oci.OCI_CONFIG, Oci.EMPTY_SHA256, 0),
                "layers",
                List.of())));
        return Stream.of(
                Arguments.of(schema1, Oci.DOCKER_SCHEMA1),
                Arguments.of(schema1, Oci.DOCKER_SCHEMA1_SIGNED),
                Arguments.of(schema1, Oci.OCI_MANIFEST),
                Arguments.of(schema1, "application/json"),
                Arguments.of(v2, Oci.DOCKER_SCHEMA1_SIGNED),
                Arguments.of(v2, Oci.DOCKER_SCHEMA1));
    }

    @ParameterizedTest(name = "Content-Type {1}")
    @MethodSource("schema1Manifests")
    void schema1ManifestsAreRefusedSayingSo(String body, String contentType) {
        Response r = put("schema1", Oci.bytes(body), contentType);
        assertError(r, 400, "MANIFEST_INVALID");
        assertThat(r.json().path("errors").get(0).path("message").asString()).containsIgnoringCase("schema1");
    }

    @Test
    void aMediaTypeFieldThatDiffersFromContentTypeIs400() {
        byte[] body = manifest(); // mediaType is the OCI manifest type
        assertError(put("mismatch", body, Oci.DOCKER_MANIFEST), 400, "MANIFEST_INVALID");
        assertError(put("mismatch", body, Oci.OCI_INDEX), 400, "MANIFEST_INVALID");
        assertError(http.get("/v2/" + REPO + "/manifests/mismatch"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void anUnsupportedManifestMediaTypeIs400() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.example.thing.v1+json");
        m.put("config", config);
        m.put("layers", List.of());
        assertError(put("unsupported", Oci.json(m), "application/vnd.example.thing.v1+json"), 400, "MANIFEST_INVALID");
    }

    @Test
    void missingConfigAndLayerGiveOneManifestBlobUnknownEach() {
        Map<String, Object> missingConfig = Oci.absent(Oci.OCI_CONFIG, "config");
        Map<String, Object> missingLayer = Oci.absent(Oci.OCI_LAYER, "layer");
        byte[] body = Oci.imageManifest(missingConfig, List.of(layer, missingLayer), Map.of());
        Response r = put("missing", body, Oci.OCI_MANIFEST);
        assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
        assertThat(Http.errorCodes(r)).containsExactly("MANIFEST_BLOB_UNKNOWN", "MANIFEST_BLOB_UNKNOWN");
        String text = r.text();
        assertThat(text).contains((String) missingConfig.get("digest"), (String) missingLayer.get("digest"));
        assertThat(text).doesNotContain((String) layer.get("digest"));
        assertError(http.get("/v2/" + REPO + "/manifests/missing"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void aBlobOfAnotherRepositoryIsUnknownToThisOne() {
        Map<String, Object> elsewhere = http.pushBlob("man/elsewhere", Oci.OCI_LAYER, Oci.bytes("elsewhere"));
        byte[] body = Oci.imageManifest(config, List.of(elsewhere), Map.of());
        assertError(put("elsewhere", body, Oci.OCI_MANIFEST), 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void aDescriptorSizeThatDiffersFromTheBlobIsInvalid() {
        Map<String, Object> wrongSize = Oci.descriptor(
                Oci.OCI_LAYER, (String) layer.get("digest"), ((Number) layer.get("size")).longValue() + 1);
        byte[] body = Oci.imageManifest(config, List.of(wrongSize), Map.of());
        assertError(put("wrongsize", body, Oci.OCI_MANIFEST), 400, "MANIFEST_INVALID");
    }

    @Test
    void anIndexWithAMissingChildIs400ManifestBlobUnknown() {
        byte[] body = Oci.index(List.of(Oci.absent(Oci.OCI_MANIFEST, "child")), Map.of());
        Response r = put("sparse", body, Oci.OCI_INDEX);
        assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
        assertThat(Http.errorCodes(r)).containsOnly("MANIFEST_BLOB_UNKNOWN");
    }

    // ------------------------------------------------------------------ unknown and invalid references

    @Test
    void anUnknownManifestIs404ManifestUnknown() {
        assertError(http.get("/v2/" + REPO + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(http.head("/v2/" + REPO + "/manifests/nope"), 404, null);
        String digest = Oci.sha256(Oci.bytes("no manifest"));
        assertError(http.get("/v2/" + REPO + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
        assertError(http.head("/v2/" + REPO + "/manifests/" + digest), 404, null);
    }

    @Test
    void aBlobIsNotAManifest() {
        assertError(http.get("/v2/" + REPO + "/manifests/" + layer.get("digest")), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void anUnknownRepositoryIs404NameUnknown() {
        assertError(http.get("/v2/man/nobody/manifests/latest"), 404, "NAME_UNKNOWN");
        assertError(http.head("/v2/man/nobody/manifests/latest"), 404, null);
        assertError(http.get("/v2/man/nobody/manifests/" + Oci.sha256(Oci.bytes("x"))), 404, "NAME_UNKNOWN");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "-bad",
                ".bad",
                "bad!tag",
                "ta~g",
                "T12345678901234567890123456789012345678901234567890"
                        + "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            })
    void invalidTagsAre400OnPutAnd404OnReadsAndDeletes(String tag) {
        byte[] body = manifest();
        assertError(put(tag, body, Oci.OCI_MANIFEST), 400, "MANIFEST_INVALID");
        // A reference that cannot exist is a manifest that does not exist (end-3 lists only 404).
        JsonNode error = assertError(http.get("/v2/" + REPO + "/manifests/" + tag), 404, "MANIFEST_UNKNOWN");
        assertThat(error.path("errors").get(0).path("message").asString()).contains("not a valid tag");
        assertError(http.head("/v2/" + REPO + "/manifests/" + tag), 404, null);
        assertError(http.delete("/v2/" + REPO + "/manifests/" + tag), 404, "MANIFEST_UNKNOWN");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sha256:abc", "sha256:", "md5:d41d8cd98f00b204e9800998ecf8427e", "a:b"})
    void invalidDigestReferencesAre400OnPutAnd404OnReadsAndDeletes(String reference) {
        assertError(put(reference, manifest(), Oci.OCI_MANIFEST), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + REPO + "/manifests/" + reference), 404, "MANIFEST_UNKNOWN");
        assertError(http.head("/v2/" + REPO + "/manifests/" + reference), 404, null);
        assertError(http.delete("/v2/" + REPO + "/manifests/" + reference), 404, "MANIFEST_UNKNOWN");
    }

    /**
     * What the official conformance suite of distribution-spec v1.1 sends as its "nonexistent manifest" (pull HEAD,
     * pull GET and the push workflow's GET all require 404), and its "400 response body" check, which accepts 400 or
     * 404 for a GET of {@code sha256:totallywrong} (the suite on main sends {@code sha256:baddigeststring}: PUT 400,
     * GET 400 or 404).
     */
    @Test
    void theOfficialSuitesNonexistentManifestIs404() {
        List<String> tagsBefore =
                Http.strings(http.get("/v2/" + REPO + "/tags/list").json().path("tags"));
        for (String method : List.of("GET", "HEAD")) {
            Response r = http.send(method, "/v2/" + REPO + "/manifests/.INVALID_MANIFEST_NAME", null);
            assertError(r, 404, method.equals("GET") ? "MANIFEST_UNKNOWN" : null);
        }
        assertError(http.delete("/v2/" + REPO + "/manifests/.INVALID_MANIFEST_NAME"), 404, "MANIFEST_UNKNOWN");
        assertError(http.get("/v2/man/nobody/manifests/.INVALID_MANIFEST_NAME"), 404, "NAME_UNKNOWN");
        assertError(put(".INVALID_MANIFEST_NAME", manifest(), Oci.OCI_MANIFEST), 400, "MANIFEST_INVALID");

        assertError(http.get("/v2/" + REPO + "/manifests/sha256:totallywrong"), 404, "MANIFEST_UNKNOWN");
        assertError(http.get("/v2/" + REPO + "/manifests/sha256:baddigeststring"), 404, "MANIFEST_UNKNOWN");
        assertError(put("sha256:baddigeststring", manifest(), Oci.OCI_MANIFEST), 400, "DIGEST_INVALID");
        assertError(put("sha256:totallywrong", Oci.bytes("blablabla"), Oci.OCI_MANIFEST), 400, "DIGEST_INVALID");
        // nothing was stored or deleted
        assertThat(Http.strings(http.get("/v2/" + REPO + "/tags/list").json().path("tags")))
                .isEqualTo(tagsBefore);
    }
}
