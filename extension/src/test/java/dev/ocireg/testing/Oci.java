package dev.ocireg.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Content for the tests, built from the image spec independently of the registry's own types and codec: media
 * types, digests, descriptors, image manifests and indexes as plain maps, written with the tests' own mapper.
 */
public final class Oci {
    /** The tests' JSON mapper: plain Jackson, not the registry's configured one, so a test never checks the codec with itself. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** The empty JSON blob {@code {}} of the image spec and its digest. */
    public static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    public static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static String sha256(byte[] content) {
        return "sha256:" + hex("SHA-256", content);
    }

    public static String sha512(byte[] content) {
        return "sha512:" + hex("SHA-512", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code length} bytes of a recognisable pattern. */
    public static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    public static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    public static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    /** A descriptor of content that is nowhere in the registry. */
    public static Map<String, Object> absent(String mediaType, String seed) {
        byte[] content = bytes("absent " + seed);
        return descriptor(mediaType, sha256(content), content.length);
    }

    /** The empty-config descriptor for artifacts. */
    public static Map<String, Object> emptyConfig() {
        return descriptor(OCI_EMPTY, sha256(EMPTY_JSON), EMPTY_JSON.length);
    }

    /** An OCI image manifest; {@code extra} fields (artifactType, subject, annotations…) are added at the end. */
    public static byte[] imageManifest(
            Map<String, Object> config, List<Map<String, Object>> layers, Map<String, Object> extra) {
        return imageManifest(OCI_MANIFEST, config, layers, extra);
    }

    /** An image manifest of another media type (a Docker schema 2 one, say), {@code extra} at the end. */
    public static byte[] imageManifest(
            String mediaType, Map<String, Object> config, List<Map<String, Object>> layers, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", mediaType);
        m.put("config", config);
        m.put("layers", layers);
        m.putAll(extra);
        return json(m);
    }

    /** An OCI image index; {@code extra} fields at the end. */
    public static byte[] index(List<Map<String, Object>> manifests, Map<String, Object> extra) {
        return index(OCI_INDEX, manifests, extra);
    }

    /** An index of another media type (a Docker manifest list, say), {@code extra} at the end. */
    public static byte[] index(String mediaType, List<Map<String, Object>> manifests, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", mediaType);
        m.put("manifests", manifests);
        m.putAll(extra);
        return json(m);
    }

    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private Oci() {}
}
