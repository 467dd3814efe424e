package dev.ocireg.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Oci;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The registry against a real client: jib-core pushing and pulling over plain HTTP. */
class JibInteropTest {
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String HELLO = "hello from jib\n";
    private static final ObjectMapper JSON = Oci.JSON;

    private static RegistryServer registry;
    private static final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final Queue<String> jibLog = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private FileEntriesLayer appLayer;

    @BeforeAll
    static void startRegistry() {
        registry = RegistryServer.builder().requestLog(requests::add).build().start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void writeApplicationFiles() throws Exception {
        requests.clear();
        Path files = Files.createDirectories(temp.resolve("files"));
        Path hello = Files.writeString(files.resolve("hello.txt"), HELLO);
        Path run = Files.writeString(files.resolve("run.sh"), "#!/bin/sh\ncat /app/hello.txt\n");
        appLayer = FileEntriesLayer.builder()
                .setName("app")
                .addEntry(hello, AbsoluteUnixPath.get("/app/hello.txt"))
                .addEntry(run, AbsoluteUnixPath.get("/app/run.sh"))
                .build();
    }

    @Test
    void pushesAnImageBuiltFromScratch() throws Exception {
        JibContainer pushed = pushApp("jib/app:1", ImageFormat.Docker);

        HttpResponse<byte[]> manifest = get("/v2/jib/app/manifests/1");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
                .hasValue(pushed.getDigest().toString());
        assertThat(TarArchives.sha256(manifest.body()))
                .isEqualTo(pushed.getDigest().toString());
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue(DOCKER_MANIFEST);
        assertThat(pushed.isImagePushed()).isTrue();

        JsonNode json = JSON.readTree(manifest.body());
        assertThat(json.path("mediaType").asString()).isEqualTo(DOCKER_MANIFEST);
        assertThat(layerFiles("jib/app", json.path("layers").get(0))).containsEntry("app/hello.txt", utf8(HELLO));
        // Jib's image ID is the digest of the config it pushed
        HttpResponse<byte[]> config = get("/v2/jib/app/blobs/" + pushed.getImageId());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body())
                        .path("config")
                        .path("Entrypoint")
                        .get(0)
                        .asString())
                .isEqualTo("/app/run.sh");
    }

    /**
     * What Jib core 0.28 does when a blob upload is answered 503 once: it does not retry it, the push fails with the
     * status (a registry client under test should expect that, or retry around Jib), and the fault is in the journal.
     */
    @Test
    void jibDoesNotRetryABlobUploadAnswered503() throws Exception {
        registry.faults()
                .on("PUT", dev.ocireg.journal.Endpoint.UPLOAD)
                .repository("jib/retry")
                .times(1)
                .respond(503);
        try {
            assertThatThrownBy(() -> pushApp("jib/retry:1", ImageFormat.OCI))
                    .hasMessageContaining("503 Service Unavailable");

            registry.faults().assertAllTriggered();
            assertThat(registry.journal().requests(r -> r.fault().isPresent()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(503));
            assertThat(get("/v2/jib/retry/manifests/1").statusCode()).isEqualTo(404);
        } finally {
            registry.faults().clear();
        }
    }

    @Test
    void pushesAnOciImage() throws Exception {
        JibContainer pushed = pushApp("jib/oci:1", ImageFormat.OCI);

        HttpResponse<byte[]> manifest = get("/v2/jib/oci/manifests/1");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
                .hasValue(pushed.getDigest().toString());
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
        assertThat(layerFiles(
                        "jib/oci", JSON.readTree(manifest.body()).path("layers").get(0)))
                .containsEntry("app/hello.txt", utf8(HELLO));
    }

    @Test
    void pullsAnImageIntoATarball() throws Exception {
        JibContainer pushed = pushApp("jib/pull:1", ImageFormat.Docker);
        Path tarball = temp.resolve("image.tar");

        JibContainer pulled = containerize(
                Jib.from(RegistryImage.named(registry.host() + "/jib/pull:1")),
                Containerizer.to(TarImage.at(tarball).named("ocireg/pulled:1")));

        assertThat(pulled.getImageId()).isEqualTo(pushed.getImageId());
        assertThat(requests).anyMatch(line -> line.startsWith("GET /v2/jib/pull/manifests/1 200 "));
        Map<String, byte[]> entries = TarArchives.untar(Files.readAllBytes(tarball));
        JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        assertThat(manifest.path("RepoTags").get(0).asString()).isEqualTo("ocireg/pulled:1");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.path("Layers")) {
            byte[] blob = entries.get(layer.asString());
            assertThat(blob).as("layer %s in the tarball", layer).isNotNull();
            files.putAll(TarArchives.untar(TarArchives.gunzip(blob)));
        }
        assertThat(files).containsEntry("app/hello.txt", utf8(HELLO));
        assertThat(new String(files.get("app/run.sh"), StandardCharsets.UTF_8)).contains("cat /app/hello.txt");
    }

    @Test
    void pushesImagesThatReuseTheLayersToOtherRepositories() throws Exception {
        JibContainer base = pushApp("jib/base:1", ImageFormat.Docker);
        String baseLayer = layerDigests("jib/base", "1").get(0);

        // The same image to another repository: the same bytes, so the same digest.
        JibContainer copy = pushApp("jib/copy:1", ImageFormat.Docker);
        assertThat(copy.getDigest()).isEqualTo(base.getDigest());
        assertThat(get("/v2/jib/copy/manifests/1").headers().firstValue("Docker-Content-Digest"))
                .hasValue(base.getDigest().toString());

        // An image on top of it in a third repository: Jib mounts the base layer from jib/base.
        requests.clear();
        Path extra = Files.writeString(temp.resolve("extra.txt"), "one more layer\n");
        JibContainer derived = containerize(
                Jib.from(RegistryImage.named(registry.host() + "/jib/base:1"))
                        .addFileEntriesLayer(FileEntriesLayer.builder()
                                .setName("extra")
                                .addEntry(extra, AbsoluteUnixPath.get("/app/extra.txt"))
                                .build()),
                Containerizer.to(RegistryImage.named(registry.host() + "/jib/derived:1")));

        HttpResponse<byte[]> manifest = get("/v2/jib/derived/manifests/1");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
                .hasValue(derived.getDigest().toString());
        List<String> layers = layerDigests("jib/derived", "1");
        assertThat(layers).hasSize(2).first().isEqualTo(baseLayer);
        assertThat(List.copyOf(requests))
                .as("Jib mounts the base image's layer instead of uploading it again")
                .map(line -> URLDecoder.decode(line, StandardCharsets.UTF_8))
                .anyMatch(line -> line.startsWith("POST /v2/jib/derived/blobs/uploads/?")
                        && line.contains("mount=" + baseLayer)
                        && line.contains("from=jib/base")
                        && line.contains(" 201 "));
        assertThat(layerFiles(
                        "jib/derived",
                        JSON.readTree(manifest.body()).path("layers").get(1)))
                .containsEntry("app/extra.txt", utf8("one more layer\n"));
    }

    // ------------------------------------------------------------------ helpers

    private JibContainer pushApp(String repositoryAndTag, ImageFormat format) throws Exception {
        return containerize(
                Jib.fromScratch()
                        .addFileEntriesLayer(appLayer)
                        .setEntrypoint("/app/run.sh")
                        .setFormat(format),
                Containerizer.to(RegistryImage.named(registry.host() + "/" + repositoryAndTag)));
    }

    /** Containerizes with caches under the test's temporary directory; a failure carries Jib's and our logs. */
    private JibContainer containerize(JibContainerBuilder builder, Containerizer containerizer) {
        containerizer
                .setAllowInsecureRegistries(true)
                .setOfflineMode(false)
                .setToolName("ocireg-interop-test")
                .setBaseImageLayersCache(temp.resolve("cache/base"))
                .setApplicationLayersCache(temp.resolve("cache/application"))
                .addEventHandler(LogEvent.class, e -> jibLog.add(e.getLevel() + " " + e.getMessage()));
        try {
            return builder.containerize(containerizer);
        } catch (Exception e) {
            throw new AssertionError(
                    "Jib failed: " + e + "\nJib log:\n" + String.join("\n", jibLog) + "\nregistry requests:\n"
                            + String.join("\n", requests),
                    e);
        }
    }

    private List<String> layerDigests(String repository, String reference) throws Exception {
        List<String> digests = new ArrayList<>();
        for (JsonNode layer : JSON.readTree(
                        get("/v2/" + repository + "/manifests/" + reference).body())
                .path("layers")) {
            digests.add(layer.path("digest").asString());
        }
        return digests;
    }

    /** The files of a layer, fetched from the registry and checked against its descriptor. */
    private Map<String, byte[]> layerFiles(String repository, JsonNode descriptor) throws Exception {
        String digest = descriptor.path("digest").asString();
        HttpResponse<byte[]> blob = get("/v2/" + repository + "/blobs/" + digest);
        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(TarArchives.sha256(blob.body())).isEqualTo(digest);
        assertThat((long) blob.body().length).isEqualTo(descriptor.path("size").asLong());
        return TarArchives.untar(TarArchives.gunzip(blob.body()));
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(registry.url().resolve(path))
                        .header("Accept", DOCKER_MANIFEST + ", " + OCI_MANIFEST)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
