package dev.ocireg.internal.content;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Parses and checks a pushed (or preloaded) manifest with {@link ContentJson}: JSON, schema version, media type
 * against {@code Content-Type}, and every descriptor's shape. What it finds is returned as a {@link Parsed}; the
 * references are checked against the repository by the caller. What is wrong is an {@link InvalidContentException}.
 */
public final class ManifestValidator {

    /** What a valid manifest declares. */
    public record Parsed(
            String mediaType,
            List<Descriptor> blobs,
            List<Descriptor> children,
            Optional<Descriptor> subject,
            String artifactType,
            Map<String, String> annotations) {

        public boolean isIndex() {
            return MediaTypes.isIndex(mediaType);
        }
    }

    public static Parsed parse(byte[] body, String contentTypeHeader) {
        if (body.length == 0) {
            throw invalid("the manifest body is empty");
        }
        String contentType = contentTypeHeader == null ? null : stripParameters(contentTypeHeader);
        if (MediaTypes.DOCKER_SCHEMA1.equals(contentType) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(contentType)) {
            throw schema1();
        }
        JsonNode root = ContentJson.readObject(body, "the manifest");
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
        String declared = ContentJson.optionalString(root, "mediaType", "mediaType");
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
        String artifactType = ContentJson.optionalString(root, "artifactType", "artifactType");
        Map<String, String> annotations = ContentJson.annotations(root.get("annotations"), "annotations");
        Optional<Descriptor> subject = root.has("subject")
                ? Optional.of(ContentJson.descriptor(root.get("subject"), "subject"))
                : Optional.empty();
        List<Descriptor> blobs = new ArrayList<>();
        List<Descriptor> children = new ArrayList<>();
        if (MediaTypes.isIndex(mediaType)) {
            JsonNode manifests = root.get("manifests");
            if (manifests == null || !manifests.isArray()) {
                throw invalid("an index must have a manifests array");
            }
            for (int i = 0; i < manifests.size(); i++) {
                children.add(ContentJson.descriptor(manifests.get(i), "manifests[" + i + "]"));
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
            blobs.add(ContentJson.descriptor(config, "config"));
            JsonNode layers = root.get("layers");
            if (layers == null || !layers.isArray()) {
                throw invalid("an image manifest must have a layers array (it may be empty)");
            }
            for (int i = 0; i < layers.size(); i++) {
                JsonNode layer = layers.get(i);
                Descriptor d = ContentJson.descriptor(layer, "layers[" + i + "]");
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
    public static Descriptor referrerDescriptor(Parsed parsed, Digest digest, long size) {
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

    private static boolean isManifestLike(String contentType) {
        return MediaTypes.MANIFESTS.contains(contentType) || contentType.startsWith("application/vnd.");
    }

    private static String stripParameters(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static InvalidContentException schema1() {
        return invalid("Docker schema1 manifests are not supported: they are deprecated and unsigned here;"
                + " push a schema2 or OCI manifest instead");
    }

    private static InvalidContentException invalid(String message) {
        return new InvalidContentException(message);
    }

    private ManifestValidator() {}
}
