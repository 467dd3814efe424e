package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** end-12a/12b: the referrers API. */
class ReferrersTest {
    private static final String REPO = "ref/r";
    private static final String SBOM = "application/vnd.example.sbom.v1";
    private static final String SIG_CONFIG = "application/vnd.example.sig.config.v1+json";
    private static final String BUNDLE = "application/vnd.example.bundle.v1";

    private static RegistryServer registry;
    private static Http http;
    private static String subject;
    private static byte[] sbom;
    private static byte[] signature;
    private static byte[] bundle;
    private static byte[] plainIndex;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);

        // The subject's manifest, whose digest is known before it is pushed.
        Map<String, Object> config = http.pushBlob(REPO, Oci.OCI_CONFIG, Oci.bytes("{\"os\":\"linux\"}"));
        Map<String, Object> layer = http.pushBlob(REPO, Oci.OCI_LAYER, Oci.bytes("subject layer"));
        byte[] subjectManifest = Oci.imageManifest(config, List.of(layer), Map.of());
        subject = Oci.sha256(subjectManifest);
        Map<String, Object> subjectDescriptor = Oci.descriptor(Oci.OCI_MANIFEST, subject, subjectManifest.length);
        http.pushBlob(REPO, Oci.EMPTY_JSON);

        // A referrer pushed before its subject exists.
        sbom = Oci.imageManifest(
                Oci.emptyConfig(),
                List.of(),
                Oci.map(
                        "artifactType",
                        SBOM,
                        "subject",
                        subjectDescriptor,
                        "annotations",
                        Map.of(
                                "org.example.kind",
                                "sbom",
                                "org.opencontainers.image.created",
                                "2024-01-01T00:00:00Z")));
        http.pushManifest(REPO, Oci.sha256(sbom), Oci.OCI_MANIFEST, sbom);
        http.pushManifest(REPO, "subject", Oci.OCI_MANIFEST, subjectManifest);

        // No artifactType: the config's media type stands in.
        Map<String, Object> sigConfig = http.pushBlob(REPO, SIG_CONFIG, Oci.bytes("{\"signed\":true}"));
        Map<String, Object> sigLayer =
                http.pushBlob(REPO, "application/vnd.example.signature", Oci.bytes("signature bytes"));
        signature = Oci.imageManifest(
                sigConfig,
                List.of(sigLayer),
                Oci.map("subject", subjectDescriptor, "annotations", Map.of("org.example.kind", "signature")));
        http.pushManifest(REPO, "sig", Oci.OCI_MANIFEST, signature);

        // An index with and one without artifactType.
        bundle = Oci.index(
                List.of(),
                Oci.map(
                        "artifactType",
                        BUNDLE,
                        "subject",
                        subjectDescriptor,
                        "annotations",
                        Map.of("org.example.kind", "bundle")));
        http.pushManifest(REPO, Oci.sha256(bundle), Oci.OCI_INDEX, bundle);
        plainIndex = Oci.index(List.of(), Oci.map("subject", subjectDescriptor));
        http.pushManifest(REPO, Oci.sha256(plainIndex), Oci.OCI_INDEX, plainIndex);

        // Not referrers of the subject in REPO: one in another repository, one without subject.
        http.pushBlob("ref/other", Oci.EMPTY_JSON);
        byte[] elsewhere = Oci.imageManifest(
                Oci.emptyConfig(), List.of(), Oci.map("artifactType", SBOM, "subject", subjectDescriptor));
        http.pushManifest("ref/other", Oci.sha256(elsewhere), Oci.OCI_MANIFEST, elsewhere);
        http.pushImage(REPO, "unrelated", "unrelated");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** Asserts the response is an image index of referrers and returns its descriptors by digest. */
    private static Map<String, JsonNode> referrers(Response r) {
        assertStatus(r, 200);
        assertThat(r.header("Content-Type")).isEqualTo(Oci.OCI_INDEX);
        JsonNode index = r.json();
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asString()).isEqualTo(Oci.OCI_INDEX);
        assertThat(index.path("manifests").isArray()).isTrue();
        Map<String, JsonNode> byDigest = new LinkedHashMap<>();
        for (JsonNode d : index.path("manifests")) {
            assertThat(byDigest.put(d.path("digest").asString(), d))
                    .as("no duplicates")
                    .isNull();
        }
        return byDigest;
    }

    private static void assertDescriptor(JsonNode d, String mediaType, byte[] content, String artifactType) {
        assertThat(d.path("mediaType").asString()).isEqualTo(mediaType);
        assertThat(d.path("digest").asString()).isEqualTo(Oci.sha256(content));
        assertThat(d.path("size").asLong()).isEqualTo(content.length);
        if (artifactType == null) {
            assertThat(d.has("artifactType")).as("no artifactType in %s", d).isFalse();
        } else {
            assertThat(d.path("artifactType").asString()).isEqualTo(artifactType);
        }
    }

    private static Map<String, String> annotations(JsonNode d) {
        Map<String, String> map = new HashMap<>();
        d.path("annotations")
                .properties()
                .forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }

    @Test
    void listsEveryReferrerWithArtifactTypeAndAnnotations() {
        Response r = http.get("/v2/" + REPO + "/referrers/" + subject);
        Map<String, JsonNode> all = referrers(r);
        assertThat(all.keySet())
                .containsExactlyInAnyOrder(
                        Oci.sha256(sbom), Oci.sha256(signature), Oci.sha256(bundle), Oci.sha256(plainIndex));
        assertThat(r.hasHeader("OCI-Filters-Applied")).isFalse();
        assertThat(r.hasHeader("Link")).isFalse();

        JsonNode s = all.get(Oci.sha256(sbom));
        assertDescriptor(s, Oci.OCI_MANIFEST, sbom, SBOM);
        assertThat(annotations(s))
                .isEqualTo(
                        Map.of("org.example.kind", "sbom", "org.opencontainers.image.created", "2024-01-01T00:00:00Z"));

        JsonNode sig = all.get(Oci.sha256(signature));
        assertDescriptor(sig, Oci.OCI_MANIFEST, signature, SIG_CONFIG);
        assertThat(annotations(sig)).isEqualTo(Map.of("org.example.kind", "signature"));

        JsonNode b = all.get(Oci.sha256(bundle));
        assertDescriptor(b, Oci.OCI_INDEX, bundle, BUNDLE);
        assertThat(annotations(b)).isEqualTo(Map.of("org.example.kind", "bundle"));

        assertDescriptor(all.get(Oci.sha256(plainIndex)), Oci.OCI_INDEX, plainIndex, null);
    }

    @Test
    void filteringByArtifactTypeSaysSo() {
        Response r = http.get("/v2/" + REPO + "/referrers/" + subject + "?artifactType=" + Http.enc(SBOM));
        assertThat(referrers(r).keySet()).containsExactly(Oci.sha256(sbom));
        assertThat(r.header("OCI-Filters-Applied")).isEqualTo("artifactType");

        Response byConfig = http.get("/v2/" + REPO + "/referrers/" + subject + "?artifactType=" + Http.enc(SIG_CONFIG));
        assertThat(referrers(byConfig).keySet()).containsExactly(Oci.sha256(signature));
        assertThat(byConfig.header("OCI-Filters-Applied")).isEqualTo("artifactType");
    }

    @Test
    void aFilterThatMatchesNothingGivesAnEmptyIndex() {
        Response r =
                http.get("/v2/" + REPO + "/referrers/" + subject + "?artifactType=" + Http.enc("application/vnd.none"));
        assertThat(referrers(r)).isEmpty();
        assertThat(r.header("OCI-Filters-Applied")).isEqualTo("artifactType");
    }

    @Test
    void referrersAreScopedToTheRepository() {
        Map<String, JsonNode> other = referrers(http.get("/v2/ref/other/referrers/" + subject));
        assertThat(other).hasSize(1);
        assertThat(other.values().iterator().next().path("artifactType").asString())
                .isEqualTo(SBOM);
    }

    @Test
    void anUnknownSubjectHasAnEmptyIndex() {
        assertThat(referrers(http.get("/v2/" + REPO + "/referrers/" + Oci.sha256(Oci.bytes("nothing")))))
                .isEmpty();
    }

    @Test
    void aManifestWithoutReferrersHasAnEmptyIndex() {
        assertThat(referrers(http.get("/v2/" + REPO + "/referrers/" + Oci.sha256(sbom))))
                .isEmpty();
    }

    @Test
    void anUnknownRepositoryHasAnEmptyIndexNot404() {
        // "If the registry supports the referrers API, the registry MUST NOT return a 404 Not Found".
        assertThat(referrers(http.get("/v2/ref/nobody/referrers/" + subject))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sha256:abc", "latest", "sha256:", "md5:d41d8cd98f00b204e9800998ecf8427e"})
    void anInvalidDigestIs400(String digest) {
        assertError(http.get("/v2/" + REPO + "/referrers/" + digest), 400, "DIGEST_INVALID");
    }

    @Test
    void pagesAreLinkedUntilEveryReferrerIsSeen() {
        try (RegistryServer paged =
                RegistryServer.builder().referrersPageSize(2).build().start()) {
            Http client = new Http(paged);
            String repository = "ref/paged";
            Map<String, Object> target =
                    client.pushImage(repository, "target", "paged").descriptor();
            client.pushBlob(repository, Oci.EMPTY_JSON);
            List<String> all = new ArrayList<>();
            List<String> typeA = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String type = i % 2 == 0 ? "application/vnd.example.a" : "application/vnd.example.b";
                byte[] m = Oci.imageManifest(
                        Oci.emptyConfig(),
                        List.of(),
                        Oci.map("artifactType", type, "subject", target, "annotations", Map.of("i", "" + i)));
                all.add(client.pushManifest(repository, Oci.sha256(m), Oci.OCI_MANIFEST, m));
                if (i % 2 == 0) {
                    typeA.add(Oci.sha256(m));
                }
            }

            assertThat(follow(client, "/v2/" + repository + "/referrers/" + target.get("digest"), 3, false))
                    .containsExactlyInAnyOrderElementsOf(all);
            assertThat(follow(
                            client,
                            "/v2/" + repository + "/referrers/" + target.get("digest") + "?artifactType="
                                    + Http.enc("application/vnd.example.a"),
                            2,
                            true))
                    .containsExactlyInAnyOrderElementsOf(typeA);
        }
    }

    /** Follows {@code Link} headers; asserts the number of pages and returns every digest seen. */
    private static List<String> follow(Http client, String first, int expectedPages, boolean filtered) {
        List<String> seen = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            Response r = client.get(next);
            Map<String, JsonNode> page = referrers(r);
            assertThat(page.size()).isBetween(1, 2);
            if (filtered) {
                assertThat(r.header("OCI-Filters-Applied")).isEqualTo("artifactType");
                page.values()
                        .forEach(d ->
                                assertThat(d.path("artifactType").asString()).isEqualTo("application/vnd.example.a"));
            }
            seen.addAll(page.keySet());
            next = Http.nextLink(r);
            pages++;
            assertThat(pages).isLessThanOrEqualTo(expectedPages);
        }
        assertThat(pages).isEqualTo(expectedPages);
        assertThat(seen).doesNotHaveDuplicates();
        return seen;
    }
}
