package dev.ocireg.internal.http;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.OciErrorCode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Parses and checks a pushed manifest: JSON, schema version, media type against {@code Content-Type}, and every
 * descriptor's shape. What it finds is returned as a {@link Parsed}; the references are checked against the
 * repository by the caller.
 */
final class ManifestValidator {

    /** What a valid manifest declares. */
    record Parsed(
            String mediaType,
            List<Descriptor> blobs,
            List<Descriptor> children,
            Optional<Descriptor> subject,
            String artifactType,
            Map<String, String> annotations) {

        boolean isIndex() {
            return MediaTypes.isIndex(mediaType);
        }
    }

    static Parsed parse(byte[] body, String contentTypeHeader) {
        if (body.length == 0) {
            throw invalid("the manifest body is empty");
        }
        String contentType = contentTypeHeader == null ? null : stripParameters(contentTypeHeader);
        if (MediaTypes.DOCKER_SCHEMA1.equals(contentType) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(contentType)) {
            throw schema1();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw invalid("the manifest is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("the manifest must be a JSON object");
        }
        JsonNode schemaVersion = root.get("schemaVersion");
        // canConvertToLong first: asLong() throws on integers beyond 64 bits.
        boolean integral =
                schemaVersion != null && schemaVersion.isIntegralNumber() && schemaVersion.canConvertToLong();
        if (integral && schemaVersion.asLong() == 1) {
            throw schema1();
        }
        if (!integral || schemaVersion.asLong() != 2) {
            throw invalid("schemaVersion must be 2");
        }
        String declared = optionalString(root, "mediaType", "mediaType");
        String mediaType;
        if (declared != null) {
            if (contentType != null && isManifestLike(contentType) && !contentType.equals(declared)) {
                throw invalid("the manifest's mediaType " + declared + " does not match the Content-Type " + contentType
                        + "; they must be equal");
            }
            mediaType = declared;
        } else if (contentType != null && MediaTypes.MANIFESTS.contains(contentType)) {
            mediaType = contentType;
        } else {
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (!MediaTypes.MANIFESTS.contains(mediaType)) {
            throw invalid("manifest media type " + mediaType + " is not supported; use one of "
                    + String.join(", ", MediaTypes.MANIFESTS));
        }
        String artifactType = optionalString(root, "artifactType", "artifactType");
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        Optional<Descriptor> subject =
                root.has("subject") ? Optional.of(descriptor(root.get("subject"), "subject")) : Optional.empty();
        List<Descriptor> blobs = new ArrayList<>();
        List<Descriptor> children = new ArrayList<>();
        if (MediaTypes.isIndex(mediaType)) {
            JsonNode manifests = root.get("manifests");
            if (manifests == null || !manifests.isArray()) {
                throw invalid("an index must have a manifests array");
            }
            for (int i = 0; i < manifests.size(); i++) {
                children.add(descriptor(manifests.get(i), "manifests[" + i + "]"));
            }
        } else {
            if (root.has("manifests")) {
                throw invalid("an image manifest must not have a manifests array; is this an index? "
                        + "Then say so in mediaType and Content-Type");
            }
            JsonNode config = root.get("config");
            if (config == null) {
                throw invalid("an image manifest must have a config descriptor");
            }
            blobs.add(descriptor(config, "config"));
            JsonNode layers = root.get("layers");
            if (layers == null || !layers.isArray()) {
                throw invalid("an image manifest must have a layers array (it may be empty)");
            }
            for (int i = 0; i < layers.size(); i++) {
                JsonNode layer = layers.get(i);
                Descriptor d = descriptor(layer, "layers[" + i + "]");
                boolean external = MediaTypes.NON_DISTRIBUTABLE.contains(d.mediaType())
                        || (layer.has("urls")
                                && layer.get("urls").isArray()
                                && !layer.get("urls").isEmpty());
                if (!external) {
                    blobs.add(d);
                }
            }
        }
        return new Parsed(mediaType, blobs, children, subject, artifactType, annotations);
    }

    /** The referrers entry for a manifest with a subject, by the rules of the spec's referrers API. */
    static Descriptor referrerDescriptor(Parsed parsed, Digest digest, long size) {
        String artifactType = parsed.artifactType();
        if ((artifactType == null || artifactType.isEmpty()) && !parsed.isIndex()) {
            artifactType =
                    parsed.blobs().isEmpty() ? null : parsed.blobs().get(0).mediaType();
        }
        if (artifactType != null && artifactType.isEmpty()) {
            artifactType = null;
        }
        return new Descriptor(parsed.mediaType(), digest, size, artifactType, parsed.annotations());
    }

    private static Descriptor descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw invalid(where + " must be a descriptor object");
        }
        String mediaType = optionalString(node, "mediaType", where + ".mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            throw invalid(where + " needs a mediaType");
        }
        String rawDigest = optionalString(node, "digest", where + ".digest");
        if (rawDigest == null) {
            throw invalid(where + " needs a digest");
        }
        Digest digest;
        try {
            digest = Digest.parse(rawDigest);
        } catch (IllegalArgumentException e) {
            throw invalid(where + ".digest: " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(where + " needs a size that is a non-negative integer");
        }
        JsonNode data = node.get("data");
        if (data != null) {
            if (!data.isString()) {
                throw invalid(where + ".data must be a base64 string");
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(data.asString());
            } catch (IllegalArgumentException e) {
                throw invalid(where + ".data is not valid base64");
            }
            if (decoded.length != size.asLong()
                    || !Digest.of(digest.algorithm(), decoded).equals(digest)) {
                throw invalid(where + ".data does not match the descriptor's digest and size");
            }
        }
        String artifactType = optionalString(node, "artifactType", where + ".artifactType");
        return new Descriptor(
                mediaType, digest, size.asLong(), artifactType, annotations(node.get("annotations"), where));
    }

    private static Map<String, String> annotations(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid(where + " annotations must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw invalid(where + " annotation " + e.getKey() + " must be a string");
            }
            map.put(e.getKey(), e.getValue().asString());
        }
        return map;
    }

    private static String optionalString(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(where + " must be a string");
        }
        return value.asString();
    }

    private static boolean isManifestLike(String contentType) {
        return MediaTypes.MANIFESTS.contains(contentType) || contentType.startsWith("application/vnd.");
    }

    static String stripParameters(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static RegistryException schema1() {
        return invalid("Docker schema1 manifests are not supported: they are deprecated and unsigned here;"
                + " push a schema2 or OCI manifest instead");
    }

    static RegistryException invalid(String message) {
        return RegistryException.of(OciErrorCode.MANIFEST_INVALID, message);
    }

    private ManifestValidator() {}
}
