package dev.ocireg.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code copyFromLayout} and {@code copyToLayout}: OCI image layout directories in and out, byte for byte. */
class RegistryClientLayoutTest {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static RegistryServer registry;
    private static RegistryClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().requestLog(log::add).build().start();
        // Small chunks, so that the larger layer of the layout goes up in chunks with its digest known.
        client = RegistryClient.builder(registry.url()).chunkSize(64 * 1024).build();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** Writes layout blobs by hand, independently of the client. */
    private static final class Layout {
        final Path dir;

        Layout(Path dir) throws IOException {
            this.dir = dir;
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        }

        String blob(byte[] content) throws IOException {
            Digest d = Digest.sha256(content);
            Files.write(dir.resolve("blobs/sha256").resolve(d.encoded()), content);
            return "\"digest\":\"" + d + "\",\"size\":" + content.length;
        }

        String blob(String content) throws IOException {
            return blob(content.getBytes(UTF_8));
        }

        /** An image manifest with a config and layers, returning the manifest's descriptor fields. */
        String image(String arch, byte[]... layers) throws IOException {
            StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                    + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\","
                    + blob("{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}") + "},\"layers\":[");
            for (int i = 0; i < layers.length; i++) {
                m.append(i > 0 ? "," : "")
                        .append("{\"mediaType\":\"")
                        .append(MediaTypes.OCI_LAYER_TAR_GZIP)
                        .append("\",")
                        .append(blob(layers[i]))
                        .append('}');
            }
            return blob(m.append("]}").toString());
        }

        /** {@code index.json} in the compact form the client writes. */
        void indexJson(String mediaType, String descriptorFields, String refName) throws IOException {
            Files.writeString(
                    dir.resolve("index.json"),
                    "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                            + "\"mediaType\":\"" + mediaType + "\"," + descriptorFields
                            + (refName == null ? "" : ",\"annotations\":{\"" + REF_NAME + "\":\"" + refName + "\"}")
                            + "}]}");
        }
    }

    /** Every file of a directory tree by relative path. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameFiles(Path actual, Path expected) throws IOException {
        Map<String, byte[]> a = files(actual);
        Map<String, byte[]> e = files(expected);
        assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
        e.forEach((name, bytes) -> assertThat(a.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void anIndexOfTwoPlatformsMakesTheRoundTripByteForByte() throws Exception {
        Layout source = new Layout(tmp.resolve("source"));
        byte[] shared = RegistryClientTest.random(200_000, 11); // larger than a chunk, in both images
        String amd64 = source.image("amd64", shared, RegistryClientTest.random(1000, 12));
        String arm64 = source.image("arm64", shared, RegistryClientTest.random(1000, 13));
        String index = source.blob("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"," + amd64
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"," + arm64
                + ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}");
        source.indexJson(MediaTypes.OCI_INDEX, index, "v1");

        Digest pushed = client.copyFromLayout(source.dir, "layout/app", "v1");

        assertThat("\"digest\":\"" + pushed + "\"").isEqualTo(index.substring(0, index.indexOf(',')));
        assertThat(client.tags("layout/app")).containsExactly("v1");
        assertThat(client.pullManifest("layout/app", "v1").mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        // Configs x2, the shared layer once (in 64 KiB chunks), the own layers x2.
        RegistryClientTest.assertCount(log, "POST", "/v2/layout/app/blobs/uploads/", 5);
        RegistryClientTest.assertCount(log, "PATCH", "/v2/layout/app/blobs/uploads/", 4);

        Path copy = tmp.resolve("copy");
        client.copyToLayout("layout/app", "v1", copy);

        assertSameFiles(copy, source.dir);
    }

    @Test
    void theOnlyEntryIsPushedUnderTheGivenTagAndEntriesAccumulateInALayout() throws Exception {
        Layout single = new Layout(tmp.resolve("single"));
        String image = single.image("amd64", "only layer".getBytes(UTF_8));
        single.indexJson(MediaTypes.OCI_MANIFEST, image, null);

        Digest d = client.copyFromLayout(single.dir, "layout/single", "latest");

        assertThat(client.pullManifest("layout/single", "latest").digest()).isEqualTo(d);
        Path out = tmp.resolve("out");
        client.copyToLayout("layout/single", "latest", out);
        client.copyToLayout("layout/single", d.toString(), out);
        client.copyToLayout("layout/single", "latest", out); // replaces its own entry
        JsonNode indexJson = RegistryClientTest.JSON.readTree(Files.readAllBytes(out.resolve("index.json")));
        assertThat(indexJson.path("manifests").size()).isEqualTo(2);
        assertThat(indexJson.path("manifests").get(0).has("annotations")).isFalse();
        assertThat(indexJson
                        .path("manifests")
                        .get(1)
                        .path("annotations")
                        .path(REF_NAME)
                        .stringValue())
                .isEqualTo("latest");
        Map<String, byte[]> blobs = files(out.resolve("blobs"));
        assertThat(blobs).hasSize(3);
        blobs.forEach((name, bytes) ->
                assertThat("sha256/" + Digest.sha256(bytes).encoded()).isEqualTo(name));
    }

    @Test
    void aLayoutMustSayWhichEntryToPush() throws Exception {
        Layout two = new Layout(tmp.resolve("two"));
        String a = two.image("amd64");
        String b = two.image("arm64");
        Files.writeString(
                two.dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"," + a
                        + ",\"annotations\":{\"" + REF_NAME + "\":\"a\"}},{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\"," + b + ",\"annotations\":{\"" + REF_NAME + "\":\"b\"}}]}");

        assertThatThrownBy(() -> client.copyFromLayout(two.dir, "layout/two", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no entry annotated " + REF_NAME + "=c")
                .hasMessageContaining("[a, b]");
        assertThat(client.copyFromLayout(two.dir, "layout/two", "b")).isNotNull();
        assertThat(client.tags("layout/two")).containsExactly("b");
        assertThatThrownBy(() -> client.copyFromLayout(tmp, "layout/none", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an OCI image layout");
    }

    @Test
    void aMissingBlobInTheLayoutIsReported() throws Exception {
        Layout broken = new Layout(tmp.resolve("broken"));
        String image = broken.image("amd64", "will be deleted".getBytes(UTF_8));
        broken.indexJson(MediaTypes.OCI_MANIFEST, image, "v1");
        Files.delete(broken.dir
                .resolve("blobs/sha256")
                .resolve(Digest.sha256("will be deleted".getBytes(UTF_8)).encoded()));

        assertThatThrownBy(() -> client.copyFromLayout(broken.dir, "layout/broken", "v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no blob " + Digest.sha256("will be deleted".getBytes(UTF_8)));
    }
}
