package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The one-liners of {@link RegistryClient}: an image pushed from a config and layers, an artifact pushed as the image
 * spec's artifact guidance describes, an image pulled with its config. Builds the image manifests it pushes.
 */
final class Images {
    static final byte[] EMPTY_JSON = {'{', '}'};

    private final Uploads uploads;
    private final Manifests manifests;
    private final Blobs blobs;

    Images(Uploads uploads, Manifests manifests, Blobs blobs) {
        this.uploads = uploads;
        this.manifests = manifests;
        this.blobs = blobs;
    }

    /** Pushes the config, the layers and the image manifest; tagged {@code tag}, or by digest when it is null. */
    Digest pushImage(String repository, String tag, byte[] configJson, List<byte[]> layers, String layerMediaType) {
        Objects.requireNonNull(layerMediaType, "layerMediaType");
        Descriptor config = withMediaType(uploads.push(repository, configJson), MediaTypes.OCI_CONFIG);
        List<Object> layerJson = new ArrayList<>();
        for (byte[] layer : layers) {
            layerJson.add(ContentJson.toJson(withMediaType(uploads.push(repository, layer), layerMediaType)));
        }
        return pushManifest(repository, tag, imageManifest(null, config, layerJson));
    }

    /**
     * Pushes an artifact: the empty config, one {@code application/octet-stream} layer per file titled with its name
     * (the empty descriptor when there are no files), {@code artifactType}, the subject's descriptor, the annotations.
     */
    Digest pushArtifact(ArtifactPush artifact) {
        String repository = artifact.repository();
        Descriptor subject = null;
        if (artifact.subject() != null) {
            subject = manifests
                    .head(repository, artifact.subject().toString())
                    .orElseThrow(() -> new IllegalArgumentException("the subject " + artifact.subject()
                            + " is not a manifest of repository " + repository + "; push it first"));
        }
        Descriptor empty = withMediaType(uploads.push(repository, EMPTY_JSON), MediaTypes.OCI_EMPTY);
        List<Object> layers = new ArrayList<>();
        for (Path file : artifact.files()) {
            Descriptor d = uploads.push(repository, file, null);
            Path name = file.getFileName();
            layers.add(ContentJson.toJson(new Descriptor(
                    Uploads.OCTET_STREAM,
                    d.digest(),
                    d.size(),
                    null,
                    name == null ? Map.of() : Map.of(RegistryClient.TITLE_ANNOTATION, name.toString()))));
        }
        if (layers.isEmpty()) {
            layers.add(ContentJson.toJson(empty));
        }
        Map<String, Object> manifest = imageManifest(artifact.artifactType(), empty, layers);
        if (subject != null) {
            manifest.put("subject", ContentJson.toJson(subject));
        }
        if (!artifact.annotations().isEmpty()) {
            manifest.put("annotations", new TreeMap<>(artifact.annotations()));
        }
        return pushManifest(repository, artifact.tag(), manifest);
    }

    /** The image manifest and its config; an index is an error that lists its manifests and their platforms. */
    PulledImage pullImage(String repository, String reference) {
        Manifest manifest = manifests.pull(repository, reference);
        JsonNode json = ContentJson.readObject(manifest.content(), "manifest " + reference);
        if (MediaTypes.isIndex(manifest.mediaType()) || json.has("manifests")) {
            List<String> children = new ArrayList<>();
            for (JsonNode child : json.path("manifests")) {
                JsonNode platform = child.path("platform");
                children.add(ContentJson.text(child, "digest")
                        + (platform.isObject()
                                ? " (" + ContentJson.text(platform, "os") + "/"
                                        + ContentJson.text(platform, "architecture") + ")"
                                : ""));
            }
            throw new IllegalArgumentException(repository + ":" + reference + " is an index, not an image manifest;"
                    + " pull one of its manifests by digest: " + children);
        }
        JsonNode configNode = json.get("config");
        if (configNode == null) {
            throw new IllegalArgumentException(
                    repository + ":" + reference + " has no config: " + manifest.mediaType());
        }
        Descriptor config = ContentJson.descriptor(configNode, "the config");
        List<Descriptor> layers = ContentJson.descriptors(json, "layers", "the layers");
        return new PulledImage(manifest, config, blobs.pull(repository, config.digest()), layers);
    }

    // ------------------------------------------------------------------ manifests

    /** An image manifest up to its layers, in the image spec's order; the caller adds subject and annotations. */
    private static Map<String, Object> imageManifest(String artifactType, Descriptor config, List<Object> layers) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        if (artifactType != null) {
            manifest.put("artifactType", artifactType);
        }
        manifest.put("config", ContentJson.toJson(config));
        manifest.put("layers", layers);
        return manifest;
    }

    private Digest pushManifest(String repository, String tag, Map<String, Object> manifest) {
        byte[] content = ContentJson.write(manifest);
        String reference = tag != null ? tag : Digest.sha256(content).toString();
        return manifests.push(repository, reference, MediaTypes.OCI_MANIFEST, content);
    }

    private static Descriptor withMediaType(Descriptor d, String mediaType) {
        return new Descriptor(mediaType, d.digest(), d.size(), d.artifactType(), d.annotations());
    }
}
