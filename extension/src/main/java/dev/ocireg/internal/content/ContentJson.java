package dev.ocireg.internal.content;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of the module: descriptors, image manifests, indexes and referrers lists, error bodies, tokens
 * and listings are read and written here, by the server, the storage, the client and the assertions alike.
 *
 * <p>Reading is strict about what the image spec requires (a descriptor's {@code mediaType}, {@code digest} and
 * non-negative integer {@code size}; string annotations; {@code data} that matches the digest) and tolerant of
 * everything else: unknown fields are ignored. Malformed input is an {@link InvalidContentException} whose message
 * says where.
 *
 * <p>Writing puts a descriptor's fields in the order of the image spec's descriptor properties: {@code mediaType},
 * {@code digest}, {@code size}, {@code annotations} (sorted by key), {@code artifactType}; optional fields are left out
 * when empty.
 *
 * <p>Trees are Jackson's {@link JsonNode}s, but built and written here with Jackson's streaming parser and generator:
 * no {@code ObjectMapper}. Making a mapper loads ~500 classes and costs ~170 ms in a fresh JVM, which every test JVM
 * paid on its first push (the registry and the client both read and write JSON); a parser costs ~35 ms. Do not call
 * {@link JsonNode#toString()} in the module's code: it makes Jackson's mapper after all.
 */
public final class ContentJson {

    /** Refuses duplicate keys, so an ambiguous manifest or token is never half-read. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // ------------------------------------------------------------------ trees

    /**
     * One JSON value; an empty (or blank) input is a missing node.
     *
     * @throws JacksonException when the input is not JSON, has a duplicate key, or has anything after the value
     */
    public static JsonNode readTree(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode value = value(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new StreamReadException(
                        parser, "Trailing token (`JsonToken." + trailing + "`) found after the value: not allowed");
            }
            return value;
        }
    }

    /**
     * The value that starts with {@code token}. Containers are filled from an explicit stack, not by recursion, so the
     * parser's nesting limit is the only one, whatever the thread's stack size.
     */
    private static JsonNode value(JsonParser parser, JsonToken token) {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return scalar(parser, token);
        }
        Deque<JsonNode> open = new ArrayDeque<>();
        JsonNode root = container(token);
        open.push(root);
        while (!open.isEmpty()) {
            JsonNode parent = open.peek();
            JsonToken next = parser.nextToken();
            if (next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
                open.pop();
                continue;
            }
            String name = null;
            if (parent.isObject()) { // next is a property name
                name = parser.currentName();
                next = parser.nextToken();
            }
            JsonNode child = next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY
                    ? container(next)
                    : scalar(parser, next);
            if (parent instanceof ObjectNode object) {
                object.set(name, child);
            } else {
                ((ArrayNode) parent).add(child);
            }
            if (child.isContainer()) {
                open.push(child);
            }
        }
        return root;
    }

    private static JsonNode container(JsonToken start) {
        return start == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) {
        switch (token) {
            case VALUE_STRING -> {
                return NODES.stringNode(parser.getString());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new StreamReadException(parser, "Unexpected token " + token);
        }
    }

    /** A new, empty JSON object. */
    public static ObjectNode objectNode() {
        return NODES.objectNode();
    }

    /** A new, empty JSON array. */
    public static ArrayNode arrayNode() {
        return NODES.arrayNode();
    }

    /** A tree as plain Java: objects as ordered maps, arrays as lists, numbers as Integer, Long, BigInteger or Double. */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), toJava(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                list.add(toJava(element));
            }
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.stringValue();
    }

    // ------------------------------------------------------------------ reading

    /** Parses a JSON object, or throws naming {@code what} ("the manifest", "index.json of /tmp/layout"). */
    public static JsonNode readObject(byte[] json, String what) {
        JsonNode node;
        try {
            node = readTree(json);
        } catch (JacksonException e) {
            throw new InvalidContentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new InvalidContentException(what + " must be a JSON object");
        }
        return node;
    }

    /** The JSON tree of {@code json}, or a missing node when it is not JSON: for code that only looks. */
    public static JsonNode readTreeOrMissing(byte[] json) {
        try {
            return readTree(json);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
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
        ObjectNode json = objectNode();
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
        ObjectNode index = objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode array = index.putArray("manifests");
        for (Descriptor d : manifests) {
            array.add(toJson(d));
        }
        return index;
    }

    /**
     * A value as compact JSON bytes: trees, maps (keys as strings, in their order), collections, optionals, strings,
     * numbers, booleans, enums (by name) and null.
     *
     * @throws IllegalArgumentException for any other type
     */
    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            write(generator, value);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof JsonNode node) {
            writeNode(g, node);
        } else if (value instanceof CharSequence text) {
            g.writeString(text.toString());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof BigInteger big) {
            g.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            g.writeNumber(decimal);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> items) { // not any Iterable: a Path is one, of itself
            g.writeStartArray();
            for (Object item : items) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Optional<?> optional) {
            write(g, optional.orElse(null));
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeNode(JsonGenerator g, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeName(e.getKey());
                    writeNode(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.stringValue());
            case NUMBER -> write(g, node.numberValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            default -> throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
        }
    }

    private ContentJson() {}
}
