package dev.ocireg.internal.content;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of the module: descriptors, image manifests, indexes and referrers lists are read and written
 * here, by the server, the storage, the client and the assertions alike, with the one configured {@link #MAPPER}.
 *
 * <p>Reading is strict about what the image spec requires (a descriptor's {@code mediaType}, {@code digest} and
 * non-negative integer {@code size}; string annotations; {@code data} that matches the digest) and tolerant of
 * everything else: unknown fields are ignored. Malformed input is an {@link InvalidContentException} whose message
 * says where.
 *
 * <p>Writing puts a descriptor's fields in the order of the image spec's descriptor properties: {@code mediaType},
 * {@code digest}, {@code size}, {@code annotations} (sorted by key), {@code artifactType}; optional fields are left out
 * when empty. Loaded on first use, so starting a registry does not pay for Jackson until JSON is read or written.
 */
public final class ContentJson {

    /** The module's JSON mapper: refuses duplicate keys, so an ambiguous manifest or token is never half-read. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    // ------------------------------------------------------------------ reading

    /** Parses a JSON object, or throws naming {@code what} ("the manifest", "index.json of /tmp/layout"). */
    public static JsonNode readObject(byte[] json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidContentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidContentException(what + " must be a JSON object");
        }
        return node;
    }

    /** The JSON tree of {@code json}, or a missing node when it is not JSON: for code that only looks. */
    public static JsonNode readTreeOrMissing(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node == null ? MAPPER.missingNode() : node;
        } catch (JacksonException e) {
            return MAPPER.missingNode();
        }
    }

    /** A descriptor written by {@link #writeDescriptor}. */
    public static Descriptor readDescriptor(byte[] json, String what) {
        return descriptor(readObject(json, what), what);
    }

    /**
     * A descriptor object: {@code mediaType}, {@code digest} and {@code size} required, {@code annotations}, {@code
     * artifactType} and {@code data} checked when present, other fields ignored.
     *
     * @param where how an error names the object, e.g. {@code layers[0]}
     */
    public static Descriptor descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidContentException(where + " must be a descriptor object");
        }
        String mediaType = optionalString(node, "mediaType", where + ".mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            throw new InvalidContentException(where + " needs a mediaType");
        }
        String rawDigest = optionalString(node, "digest", where + ".digest");
        if (rawDigest == null) {
            throw new InvalidContentException(where + " needs a digest");
        }
        Digest digest;
        try {
            digest = Digest.parse(rawDigest);
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException(where + ".digest: " + e.getMessage(), e);
        }
        JsonNode size = node.get("size");
        // canConvertToLong first: asLong() would wrap integers beyond 64 bits.
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new InvalidContentException(where + " needs a size that is a non-negative integer");
        }
        checkData(node.get("data"), digest, size.asLong(), where);
        String artifactType = optionalString(node, "artifactType", where + ".artifactType");
        return new Descriptor(
                mediaType, digest, size.asLong(), artifactType, annotations(node.get("annotations"), where));
    }

    /**
     * The descriptors of the array {@code field} of {@code parent}; empty when absent, an error when no array.
     *
     * @param where how an error names the array, e.g. {@code layers}; its elements are {@code where[i]}
     */
    public static List<Descriptor> descriptors(JsonNode parent, String field, String where) {
        JsonNode array = parent.get(field);
        List<Descriptor> list = new ArrayList<>();
        if (array == null || array.isNull()) {
            return list;
        }
        if (!array.isArray()) {
            throw new InvalidContentException(where + " must be an array");
        }
        for (int i = 0; i < array.size(); i++) {
            list.add(descriptor(array.get(i), where + "[" + i + "]"));
        }
        return list;
    }

    /** The {@code manifests} of an index or a referrers list. */
    public static List<Descriptor> readIndex(byte[] json, String what) {
        return descriptors(readObject(json, what), "manifests", what + " manifests");
    }

    /** An annotations object: strings only; empty when absent or null. */
    public static Map<String, String> annotations(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidContentException(where + " annotations must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw new InvalidContentException(where + " annotation " + e.getKey() + " must be a string");
            }
            map.put(e.getKey(), e.getValue().asString());
        }
        return map;
    }

    /** A string field; null when absent or JSON null, an error when it is something else. */
    public static String optionalString(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidContentException(where + " must be a string");
        }
        return value.asString();
    }

    /** A string field, or null when it is absent or no string: for lenient reads (error bodies, tokens, platforms). */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** The digest of a descriptor-like node, or empty when it has none or an unsupported one. */
    public static Optional<Digest> digestOf(JsonNode descriptor) {
        try {
            return Optional.of(Digest.parse(descriptor.path("digest").asString("")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void checkData(JsonNode data, Digest digest, long size, String where) {
        if (data == null) {
            return;
        }
        if (!data.isString()) {
            throw new InvalidContentException(where + ".data must be a base64 string");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(data.asString());
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException(where + ".data is not valid base64", e);
        }
        if (decoded.length != size || !Digest.of(digest.algorithm(), decoded).equals(digest)) {
            throw new InvalidContentException(where + ".data does not match the descriptor's digest and size");
        }
    }

    // ------------------------------------------------------------------ writing

    /** A descriptor as the image spec orders it: mediaType, digest, size, annotations (sorted), artifactType. */
    public static ObjectNode toJson(Descriptor d) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("mediaType", d.mediaType());
        json.put("digest", d.digest().toString());
        json.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode annotations = json.putObject("annotations");
            new TreeMap<>(d.annotations()).forEach(annotations::put);
        }
        if (d.artifactType() != null) {
            json.put("artifactType", d.artifactType());
        }
        return json;
    }

    /** {@link #toJson(Descriptor)} as bytes. */
    public static byte[] writeDescriptor(Descriptor d) {
        return write(toJson(d));
    }

    /** An OCI image index of {@code manifests}, as the referrers API answers: schemaVersion, mediaType, manifests. */
    public static ObjectNode index(List<Descriptor> manifests) {
        ObjectNode index = MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode array = index.putArray("manifests");
        for (Descriptor d : manifests) {
            array.add(toJson(d));
        }
        return index;
    }

    /** Any value (maps, lists, trees) as JSON bytes. */
    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    private ContentJson() {}
}
