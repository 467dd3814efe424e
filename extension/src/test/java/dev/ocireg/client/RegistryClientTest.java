package dev.ocireg.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.testing.Front;
import dev.ocireg.testing.Oci;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every method of {@link RegistryClient} against a real registry over loopback. */
class RegistryClientTest {
    static final JsonMapper JSON = Oci.JSON;
    static final String EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static RegistryServer registry;
    private static RegistryClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().requestLog(log::add).build().start();
        client = RegistryClient.create(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void clearLog() {
        log.clear();
    }

    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Request-log lines ("PATCH /v2/... 202 3ms") of one method on paths containing {@code fragment}. */
    static long count(List<String> log, String method, String fragment) {
        return log.stream()
                .filter(l -> l.startsWith(method + " ") && l.contains(fragment))
                .count();
    }

    /**
     * Asserts a number of request-log lines, waiting a little: the registry logs a request just after its response
     * has gone out, so the last line may come after the client has returned.
     */
    static void assertCount(List<String> log, String method, String fragment, long expected) {
        awaitLine(log, l -> count(log, method, fragment) >= expected);
        assertThat(count(log, method, fragment))
                .as("%s requests to *%s* in %s", method, fragment, log)
                .isEqualTo(expected);
    }

    /** Waits up to 5 s for a request-log line to match. */
    static void awaitLine(List<String> log, Predicate<String> line) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (log.stream().noneMatch(line) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(log).anyMatch(line);
    }

    // ------------------------------------------------------------------ blobs

    @Test
    void blobPushedFromBytesCanBeCheckedPulledAndDeleted() {
        byte[] content = "hello, blob".getBytes(UTF_8);
        Descriptor d = client.pushBlob("blobs/bytes", content);

        assertThat(d.digest()).isEqualTo(Digest.sha256(content));
        assertThat(d.size()).isEqualTo(content.length);
        assertThat(d.mediaType()).isEqualTo("application/octet-stream");
        assertThat(client.blobExists("blobs/bytes", d.digest())).isTrue();
        assertThat(client.blobSize("blobs/bytes", d.digest())).hasValue(content.length);
        assertThat(client.pullBlob("blobs/bytes", d.digest())).isEqualTo(content);
        assertCount(log, "POST", "/v2/blobs/bytes/blobs/uploads/", 1);
        assertCount(log, "PUT", "/v2/blobs/bytes/blobs/uploads/", 1);

        client.deleteBlob("blobs/bytes", d.digest());
        assertThat(client.blobExists("blobs/bytes", d.digest())).isFalse();
        assertThat(client.blobSize("blobs/bytes", d.digest())).isEmpty();
        RegistryClientException e =
                catchThrowableOfType(RegistryClientException.class, () -> client.pullBlob("blobs/bytes", d.digest()));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.uri()).isEqualTo(registry.url().resolve("/v2/blobs/bytes/blobs/" + d.digest()));
        assertThat(e.errorCodes()).containsExactly("BLOB_UNKNOWN");
        assertThat(e.getMessage())
                .startsWith("GET " + registry.url() + "/v2/blobs/bytes/blobs/" + d.digest() + " -> 404 BLOB_UNKNOWN: ")
                .doesNotContain("\n");
        assertThatThrownBy(() -> client.deleteBlob("blobs/bytes", d.digest()))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("DELETE")
                .hasMessageContaining("404 BLOB_UNKNOWN");
    }

    @Test
    void blobPushedFromFileIsStreamedInOneUploadAndPulledToFile() throws Exception {
        byte[] content = random(1024 * 1024 + 7, 1);
        Path file = Files.write(tmp.resolve("layer.bin"), content);

        Descriptor d = client.pushBlob("blobs/file", file);

        assertThat(d.digest()).isEqualTo(Digest.sha256(content));
        assertThat(d.size()).isEqualTo(content.length);
        assertThat(count(log, "PATCH", "blobs/file")).isZero();
        assertCount(log, "PUT", "/v2/blobs/file/blobs/uploads/", 1);

        Path target = tmp.resolve("out/nested/layer.bin");
        client.pullBlob("blobs/file", d.digest(), target);
        assertThat(target).hasBinaryContent(content);
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temporary file left
        }
    }

    @Test
    void chunkedPushOfSeveralMebibytesSendsOnePatchPerChunk() throws Exception {
        int chunk = 256 * 1024;
        byte[] content = random(3 * 1024 * 1024 + 123, 2);
        Path file = Files.write(tmp.resolve("big.bin"), content);

        Descriptor d = client.pushBlobChunked("blobs/chunked", file, chunk);

        assertThat(d.digest()).isEqualTo(Digest.sha256(content));
        assertThat(d.size()).isEqualTo(content.length);
        assertCount(log, "POST", "/v2/blobs/chunked/blobs/uploads/", 1);
        assertCount(log, "PATCH", "/v2/blobs/chunked/blobs/uploads/", 13);
        assertCount(log, "PUT", "/v2/blobs/chunked/blobs/uploads/", 1);
        assertThat(client.blobSize("blobs/chunked", d.digest())).hasValue(content.length);
        Path target = tmp.resolve("big.out");
        client.pullBlob("blobs/chunked", d.digest(), target);
        assertThat(Digest.sha256(Files.readAllBytes(target))).isEqualTo(d.digest());
    }

    @Test
    void chunkedPushOfAnEmptyFileIsPostAndPut() throws Exception {
        Path file = Files.write(tmp.resolve("empty"), new byte[0]);

        Descriptor d = client.pushBlobChunked("blobs/empty", file, 10);

        assertThat(d.digest()).isEqualTo(Digest.sha256(new byte[0]));
        assertThat(count(log, "PATCH", "blobs/empty")).isZero();
        assertThat(client.pullBlob("blobs/empty", d.digest())).isEmpty();
    }

    @Test
    void builderChunkSizeMakesLargeFilePushesChunked() throws Exception {
        RegistryClient chunking =
                RegistryClient.builder(registry.url()).chunkSize(100_000).build();
        byte[] content = random(250_000, 3);
        Path big = Files.write(tmp.resolve("big"), content);
        Path small = Files.write(tmp.resolve("small"), random(100_000, 4));

        assertThat(chunking.pushBlob("blobs/auto-big", big).digest()).isEqualTo(Digest.sha256(content));
        chunking.pushBlob("blobs/auto-small", small);
        assertCount(log, "PATCH", "blobs/auto-big", 3);
        assertCount(log, "PUT", "blobs/auto-small", 1);
        assertThat(count(log, "PATCH", "blobs/auto-small")).isZero();
    }

    @Test
    void mountReturnsTrueWhenMountedAndFalseAfterCancellingTheOfferedUpload() {
        Descriptor d = client.pushBlob("mount/from", "shared layer".getBytes(UTF_8));

        assertThat(client.mountBlob("mount/to", d.digest(), "mount/from")).isTrue();
        assertThat(client.blobExists("mount/to", d.digest())).isTrue();

        Digest absent = Digest.sha256("nowhere".getBytes(UTF_8));
        assertThat(client.mountBlob("mount/other", absent, "mount/from")).isFalse();
        assertThat(client.blobExists("mount/other", absent)).isFalse();
        awaitLine(log, l -> l.startsWith("POST /v2/mount/other/blobs/uploads/?mount=") && l.contains(" 202 "));
        awaitLine(log, l -> l.startsWith("DELETE /v2/mount/other/blobs/uploads/") && l.contains(" 204 "));
    }

    @Test
    void invalidArgumentsAreRefusedBeforeAnyRequest() {
        Digest d = Digest.sha256(new byte[0]);
        assertThatThrownBy(() -> client.blobExists("../etc", d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.pullManifest("app", "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.pullManifest("app", "x?y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryClient.create(java.net.URI.create("ftp://host")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log).noneMatch(l -> l.contains("etc") || l.contains("/v2/app/"));
    }

    @Test
    void pingSucceedsOnARegistry() {
        client.ping();
        awaitLine(log, l -> l.startsWith("GET /v2/ 200"));
    }

    // ------------------------------------------------------------------ manifests

    private static byte[] imageManifest(String repo, String seed) {
        Descriptor config = client.pushBlob(repo, ("{\"seed\":\"" + seed + "\"}").getBytes(UTF_8));
        Descriptor layer = client.pushBlob(repo, ("layer " + seed).getBytes(UTF_8));
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + config.digest() + "\",\"size\":" + config.size()
                        + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_TAR_GZIP + "\",\"digest\":\""
                        + layer.digest() + "\",\"size\":" + layer.size() + "}]}")
                .getBytes(UTF_8);
    }

    @Test
    void manifestPushedWithExtraTagsCanBePulledHeadedAndDeleted() {
        String repo = "manifests/app";
        byte[] manifest = imageManifest(repo, "m1");
        Digest expected = Digest.sha256(manifest);

        Digest digest = client.pushManifest(repo, "v1", MediaTypes.OCI_MANIFEST, manifest, "latest", "stable");

        assertThat(digest).isEqualTo(expected);
        assertThat(client.tags(repo)).containsExactly("latest", "stable", "v1");
        assertCount(log, "PUT", "/app/manifests/", 1); // the registry took ?tag=

        Manifest byTag = client.pullManifest(repo, "stable");
        assertThat(byTag.digest()).isEqualTo(expected);
        assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(byTag.content()).isEqualTo(manifest);
        assertThat(byTag.text()).isEqualTo(new String(manifest, UTF_8));
        assertThat(client.pullManifest(repo, expected.toString())).isEqualTo(byTag);

        assertThat(client.headManifest(repo, "v1"))
                .contains(Descriptor.of(MediaTypes.OCI_MANIFEST, expected, manifest.length));
        assertThat(client.headManifest(repo, "nope")).isEmpty();
        assertThat(client.headManifest("manifests/unknown-repo", "v1")).isEmpty();

        client.deleteManifest(repo, "stable");
        assertThat(client.tags(repo)).containsExactly("latest", "v1");
        client.deleteManifest(repo, expected.toString());
        assertThat(client.headManifest(repo, expected.toString())).isEmpty();
        assertThat(client.tags(repo)).isEmpty();
    }

    @Test
    void manifestPushedByDigestIsCheckedByTheRegistry() {
        String repo = "manifests/bydigest";
        byte[] manifest = imageManifest(repo, "m2");
        Digest d = Digest.sha256(manifest);

        assertThat(client.pushManifest(repo, d.toString(), MediaTypes.OCI_MANIFEST, manifest))
                .isEqualTo(d);
        assertThat(client.tags(repo)).isEmpty();

        Digest wrong = Digest.sha256("other".getBytes(UTF_8));
        RegistryClientException e = catchThrowableOfType(
                RegistryClientException.class,
                () -> client.pushManifest(repo, wrong.toString(), MediaTypes.OCI_MANIFEST, manifest));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errorCodes()).containsExactly("DIGEST_INVALID");
        assertThat(e.method()).isEqualTo("PUT");
    }

    @Test
    void manifestReferencingMissingBlobsFailsWithTheRegistrysCodes() {
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\""
                        + Digest.sha256(new byte[] {1}) + "\",\"size\":1},\"layers\":[]}")
                .getBytes(UTF_8);
        RegistryClientException e = catchThrowableOfType(
                RegistryClientException.class,
                () -> client.pushManifest("manifests/missing", "v1", MediaTypes.OCI_MANIFEST, manifest));
        assertThat(e.errorCodes()).containsExactly("MANIFEST_BLOB_UNKNOWN");
        assertThat(e.errors().get(0).message()).contains("push it first");
    }

    @Test
    void unknownManifestIsManifestUnknownAndUnknownRepositoryIsNameUnknown() {
        client.pushImage("manifests/known", "v1", "{}".getBytes(UTF_8), List.of());

        RegistryClientException e = catchThrowableOfType(
                RegistryClientException.class, () -> client.pullManifest("manifests/known", "nope"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCodes()).contains("MANIFEST_UNKNOWN");
        assertThat(e.getMessage())
                .isEqualTo("GET " + registry.url() + "/v2/manifests/known/manifests/nope -> 404 MANIFEST_UNKNOWN: "
                        + e.errors().get(0).message());

        assertThat(catchThrowableOfType(
                                RegistryClientException.class, () -> client.pullManifest("manifests/nobody", "v1"))
                        .errorCodes())
                .containsExactly("NAME_UNKNOWN");
        assertThat(catchThrowableOfType(RegistryClientException.class, () -> client.tags("manifests/nobody"))
                        .errorCodes())
                .containsExactly("NAME_UNKNOWN");
        assertThatThrownBy(() -> client.deleteManifest("manifests/known", "nope"))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("DELETE")
                .hasMessageContaining("MANIFEST_UNKNOWN");
    }

    @Test
    void oversizedBodiesGetTheRegistrys413RatherThanAResetConnection() throws Exception {
        try (RegistryServer small = RegistryServer.builder()
                .maxManifestBytes(64 * 1024)
                .maxChunkBytes(64 * 1024)
                .build()
                .start()) {
            RegistryClient c = RegistryClient.create(small.url());
            byte[] manifest = new byte[2 * 1024 * 1024];
            Path file = Files.write(tmp.resolve("two-mib"), manifest);
            for (int i = 0; i < 5; i++) {
                RegistryClientException tooLarge = catchThrowableOfType(
                        RegistryClientException.class,
                        () -> c.pushManifest("limits/app", "big", MediaTypes.OCI_MANIFEST, manifest));
                assertThat(tooLarge.status()).isEqualTo(413);
                assertThat(tooLarge.errorCodes()).containsExactly("MANIFEST_INVALID");

                RegistryClientException chunkTooLarge = catchThrowableOfType(
                        RegistryClientException.class, () -> c.pushBlobChunked("limits/app", file, 1024 * 1024));
                assertThat(chunkTooLarge.status()).isEqualTo(413);
                assertThat(chunkTooLarge.method()).isEqualTo("PATCH");
                assertThat(chunkTooLarge.errorCodes()).containsExactly("SIZE_INVALID");
            }
        }
    }

    // ------------------------------------------------------------------ one-liners

    @Test
    void pushImageAndPullImage() {
        String repo = "images/app";
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(UTF_8);
        byte[] layer1 = random(1000, 5);
        byte[] layer2 = random(2000, 6);

        Digest digest = client.pushImage(repo, "1.0", config, List.of(layer1, layer2));

        PulledImage image = client.pullImage(repo, "1.0");
        assertThat(image.manifest().digest()).isEqualTo(digest);
        assertThat(image.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(image.config()).isEqualTo(config);
        assertThat(image.configDescriptor())
                .isEqualTo(Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length));
        assertThat(image.layers())
                .containsExactly(
                        Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(layer1), layer1.length),
                        Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Digest.sha256(layer2), layer2.length));
        assertThat(client.pullBlob(repo, image.layers().get(1).digest())).isEqualTo(layer2);
        assertThat(client.pullImage(repo, digest.toString())).isEqualTo(image);

        Digest untagged = client.pushImage(repo, null, config, List.of(layer1), MediaTypes.OCI_LAYER_TAR);
        assertThat(client.tags(repo)).containsExactly("1.0");
        assertThat(client.pullImage(repo, untagged.toString()).layers())
                .extracting(Descriptor::mediaType)
                .containsExactly(MediaTypes.OCI_LAYER_TAR);
    }

    @Test
    void pullImageOfAnIndexNamesItsManifests() {
        String repo = "images/multi";
        Digest amd = client.pushImage(
                repo, null, "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(UTF_8), List.of());
        long size = client.headManifest(repo, amd.toString()).orElseThrow().size();
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                        + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + amd + "\",\"size\":"
                        + size + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
                .getBytes(UTF_8);
        client.pushManifest(repo, "multi", MediaTypes.OCI_INDEX, index);

        assertThat(client.pullManifest(repo, "multi").mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThatThrownBy(() -> client.pullImage(repo, "multi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an index")
                .hasMessageContaining(amd + " (linux/amd64)");
    }

    @Test
    void pushArtifactFollowsTheArtifactGuidanceAndIsListedAsAReferrer() throws Exception {
        String repo = "artifacts/app";
        Digest subject = client.pushImage(repo, "1.0", "{}".getBytes(UTF_8), List.of(random(10, 7)));
        Path sbom = Files.writeString(tmp.resolve("sbom.spdx.json"), "{\"spdxVersion\":\"SPDX-2.3\"}");
        Path notes = Files.writeString(tmp.resolve("NOTES.txt"), "notes");

        Digest artifact = client.pushArtifact(ArtifactPush.builder(repo, "application/vnd.example.sbom.v1")
                .tag("sbom")
                .annotation("org.example.kind", "sbom")
                .subject(subject)
                .file(sbom)
                .file(notes)
                .build());

        Manifest m = client.pullManifest(repo, "sbom");
        assertThat(m.digest()).isEqualTo(artifact);
        JsonNode json = JSON.readTree(m.content());
        assertThat(json.path("artifactType").stringValue()).isEqualTo("application/vnd.example.sbom.v1");
        assertThat(json.path("config").path("mediaType").stringValue()).isEqualTo(MediaTypes.OCI_EMPTY);
        assertThat(json.path("config").path("digest").stringValue()).isEqualTo(EMPTY_DIGEST);
        assertThat(json.path("config").path("size").longValue()).isEqualTo(2);
        assertThat(json.path("layers").size()).isEqualTo(2);
        assertThat(json.path("layers")
                        .get(0)
                        .path("annotations")
                        .path(RegistryClient.TITLE_ANNOTATION)
                        .stringValue())
                .isEqualTo("sbom.spdx.json");
        assertThat(json.path("layers").get(1).path("digest").stringValue())
                .isEqualTo(Digest.sha256("notes".getBytes(UTF_8)).toString());
        assertThat(json.path("subject").path("digest").stringValue()).isEqualTo(subject.toString());
        assertThat(json.path("annotations").path("org.example.kind").stringValue())
                .isEqualTo("sbom");
        assertThat(client.pullBlob(repo, Digest.parse(EMPTY_DIGEST))).isEqualTo("{}".getBytes(UTF_8));

        Digest bare = client.pushArtifact(ArtifactPush.builder(repo, "application/vnd.example.marker")
                .subject(subject)
                .build());
        JsonNode bareJson =
                JSON.readTree(client.pullManifest(repo, bare.toString()).content());
        assertThat(bareJson.path("layers").size()).isEqualTo(1);
        assertThat(bareJson.path("layers").get(0).path("mediaType").stringValue())
                .isEqualTo(MediaTypes.OCI_EMPTY);
        assertThat(bareJson.has("annotations")).isFalse();

        List<Descriptor> referrers = client.referrers(repo, subject);
        assertThat(referrers).extracting(Descriptor::digest).containsExactlyInAnyOrder(artifact, bare);
        Descriptor sbomReferrer = referrers.stream()
                .filter(d -> d.digest().equals(artifact))
                .findFirst()
                .orElseThrow();
        assertThat(sbomReferrer.artifactType()).isEqualTo("application/vnd.example.sbom.v1");
        assertThat(sbomReferrer.annotations()).containsEntry("org.example.kind", "sbom");
        assertThat(sbomReferrer.size()).isEqualTo(m.size());
        assertThat(client.referrers(repo, subject, "application/vnd.example.marker"))
                .extracting(Descriptor::digest)
                .containsExactly(bare);
        assertThat(client.referrers(repo, artifact)).isEmpty();

        ArtifactPush missingSubject = ArtifactPush.builder(repo, "x/y")
                .subject(Digest.sha256(new byte[] {9}))
                .build();
        assertThatThrownBy(() -> client.pushArtifact(missingSubject))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("push it first");
    }

    // ------------------------------------------------------------------ discovery and pagination

    @Test
    void referrersAreCollectedAcrossLinkedPages() {
        List<String> pagedLog = new CopyOnWriteArrayList<>();
        try (RegistryServer paged = RegistryServer.builder()
                .referrersPageSize(2)
                .requestLog(pagedLog::add)
                .build()
                .start()) {
            RegistryClient c = RegistryClient.create(paged.url());
            Digest subject = c.pushImage("ref/app", "1", "{}".getBytes(UTF_8), List.of());
            List<Digest> pushed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pushed.add(c.pushArtifact(ArtifactPush.builder(
                                "ref/app", i % 2 == 0 ? "application/vnd.example.even" : "application/vnd.example.odd")
                        .annotation("i", String.valueOf(i))
                        .subject(subject)
                        .build()));
            }

            assertThat(c.referrers("ref/app", subject))
                    .extracting(Descriptor::digest)
                    .containsExactlyInAnyOrderElementsOf(pushed);
            assertCount(pagedLog, "GET", "/referrers/", 3);
            assertThat(c.referrers("ref/app", subject, "application/vnd.example.even"))
                    .extracting(d -> d.annotations().get("i"))
                    .containsExactlyInAnyOrder("0", "2", "4");
        }
    }

    @Test
    void tagsAndCatalogFollowLinkHeadersOfARegistryThatPagesByDefault() {
        try (RegistryServer server = RegistryServer.builder().build().start();
                Front front = Front.start(server.url())) {
            // A registry that pages by 2 when the client does not ask for a page size.
            front.intercept(call -> {
                String path = call.path();
                if ((path.endsWith("/tags/list") || path.equals("/v2/_catalog")) && call.query() == null) {
                    call.send(front.proxy(call, path + "?n=2"));
                    return true;
                }
                return false;
            });
            RegistryClient c = RegistryClient.create(front.url());
            Digest d = c.pushImage("paged/app", null, "{}".getBytes(UTF_8), List.of());
            byte[] manifest = c.pullManifest("paged/app", d.toString()).content();
            List<String> tags = List.of("a", "b", "c", "d", "e", "f", "g");
            c.pushManifest("paged/app", "a", MediaTypes.OCI_MANIFEST, manifest, "b", "c", "d", "e", "f", "g");
            for (String repo : List.of("paged/b", "paged/c", "paged/d")) {
                c.pushBlob(repo, repo.getBytes(UTF_8));
            }
            front.seen.clear();

            assertThat(c.tags("paged/app")).containsExactlyElementsOf(tags);
            assertThat(front.seen).hasSize(4);
            assertThat(front.seen.get(1).pathAndQuery()).isEqualTo("/v2/paged/app/tags/list?n=2&last=b");

            assertThat(c.tags("paged/app", 3, null)).containsExactly("a", "b", "c");
            assertThat(c.tags("paged/app", 3, "c")).containsExactly("d", "e", "f");
            assertThat(c.tags("paged/app", 0, null)).isEmpty();

            assertThat(c.catalog()).containsExactly("paged/app", "paged/b", "paged/c", "paged/d");
            assertThat(c.catalog(1, "paged/b")).containsExactly("paged/c");
        }
    }
}
