package dev.ocireg.interop;

import dev.ocireg.testing.Oci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes a one-image OCI image layout (image-spec {@code image-layout.md}): a gzip'd tar layer of the files added, an
 * image config whose {@code rootfs.diff_ids} is the digest of the uncompressed tar, the image manifest, {@code
 * index.json} naming the manifest with {@code org.opencontainers.image.ref.name}, and {@code oci-layout}. Every byte
 * is deterministic, and the JSON is written here by hand so that the tests know exactly what a client must preserve.
 */
final class OciLayoutBuilder {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final ObjectMapper JSON = Oci.JSON;

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** Adds a file to the layer; parent directories get their own entries. */
    OciLayoutBuilder file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    OciLayoutBuilder file(String path, byte[] content) {
        String[] parts = path.split("/");
        StringBuilder dir = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            dir.append(parts[i]).append('/');
            files.putIfAbsent(dir.toString(), new byte[0]);
        }
        files.put(path, content);
        return this;
    }

    /** What was written: every blob's bytes, and the digests a registry and a client must agree on. */
    record Image(
            String tag,
            byte[] layerTar,
            byte[] layer,
            String layerDigest,
            byte[] config,
            String configDigest,
            byte[] manifest,
            String manifestDigest) {

        /** Every blob of the layout (layer, config, manifest) by digest. */
        Map<String, byte[]> blobs() {
            Map<String, byte[]> blobs = new TreeMap<>();
            blobs.put(layerDigest, layer);
            blobs.put(configDigest, config);
            blobs.put(manifestDigest, manifest);
            return blobs;
        }
    }

    /** Writes the layout into {@code dir} (created if needed) with the image tagged {@code tag}. */
    Image write(Path dir, String tag) throws IOException {
        byte[] layerTar = TarArchives.tar(files);
        byte[] layer = TarArchives.gzip(layerTar);
        String layerDigest = TarArchives.sha256(layer);
        String diffId = TarArchives.sha256(layerTar);

        byte[] config = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
                + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ocireg interop test\"}]}");
        String configDigest = TarArchives.sha256(config);

        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\","
                + "\"config\":" + descriptor(CONFIG_TYPE, configDigest, config.length) + ","
                + "\"layers\":[" + descriptor(LAYER_TYPE, layerDigest, layer.length) + "]}");
        String manifestDigest = TarArchives.sha256(manifest);

        byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX_TYPE + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + MANIFEST_TYPE + "\",\"digest\":\"" + manifestDigest + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"" + REF_NAME + "\":\"" + tag + "\"}}]}");

        Path blobs = dir.resolve("blobs").resolve("sha256");
        Files.createDirectories(blobs);
        Files.write(blobs.resolve(hex(layerDigest)), layer);
        Files.write(blobs.resolve(hex(configDigest)), config);
        Files.write(blobs.resolve(hex(manifestDigest)), manifest);
        Files.write(dir.resolve("index.json"), index);
        Files.write(dir.resolve("oci-layout"), utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
        return new Image(tag, layerTar, layer, layerDigest, config, configDigest, manifest, manifestDigest);
    }

    /** Every blob of a layout written by anyone, by digest, each checked against its file name. */
    static Map<String, byte[]> readBlobs(Path dir) throws IOException {
        Map<String, byte[]> blobs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("blobs").resolve("sha256"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                byte[] content = Files.readAllBytes(file);
                String digest = "sha256:" + file.getFileName();
                if (!TarArchives.sha256(content).equals(digest)) {
                    throw new AssertionError("blob " + file + " does not match its name");
                }
                blobs.put(digest, content);
            }
        }
        return blobs;
    }

    /** The digest of the manifest that a layout's {@code index.json} names {@code tag}. */
    static String manifestDigest(Path dir, String tag) throws IOException {
        JsonNode index = JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
        for (JsonNode entry : index.path("manifests")) {
            if (tag.equals(entry.path("annotations").path(REF_NAME).asString(null))) {
                return entry.path("digest").asString();
            }
        }
        throw new AssertionError("index.json of " + dir + " names no manifest " + tag + ": " + index);
    }

    private static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
