package dev.ocireg.client;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON the client reads and writes: descriptors, manifests, error bodies, token responses. */
final class ClientJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Parses JSON, or throws IllegalArgumentException naming {@code what}. */
    static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The string value of a field, or null when it is absent or no string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** A descriptor object (mediaType, digest, size, artifactType, annotations). */
    static Descriptor descriptor(JsonNode node, String what) {
        String mediaType = text(node, "mediaType");
        String digest = text(node, "digest");
        JsonNode size = node.get("size");
        if (mediaType == null || digest == null || size == null || !size.canConvertToLong()) {
            throw new IllegalArgumentException(what + " is not a descriptor with mediaType, digest and size: " + node);
        }
        Map<String, String> annotations = new TreeMap<>();
        JsonNode a = node.get("annotations");
        if (a != null && a.isObject()) {
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (e.getValue().isString()) {
                    annotations.put(e.getKey(), e.getValue().stringValue());
                }
            }
        }
        return new Descriptor(
                mediaType, Digest.parse(digest), size.longValue(), text(node, "artifactType"), annotations);
    }

    /** The descriptors of an array field; empty when the field is absent. */
    static List<Descriptor> descriptors(JsonNode node, String field, String what) {
        List<Descriptor> list = new ArrayList<>();
        JsonNode array = node.get(field);
        if (array != null && array.isArray()) {
            for (JsonNode each : array) {
                list.add(descriptor(each, what));
            }
        }
        return list;
    }

    /** A descriptor as a JSON object, fields in the image spec's order, annotations sorted. */
    static Map<String, Object> toJson(Descriptor d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mediaType", d.mediaType());
        if (d.artifactType() != null) {
            json.put("artifactType", d.artifactType());
        }
        json.put("digest", d.digest().toString());
        json.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            json.put("annotations", new TreeMap<>(d.annotations()));
        }
        return json;
    }

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    private ClientJson() {}
}
