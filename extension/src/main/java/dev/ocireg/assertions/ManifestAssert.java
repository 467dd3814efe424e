package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;
import static dev.ocireg.assertions.Messages.quoted;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage.StoredManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Assertions over one stored manifest: an image manifest or an index, OCI or Docker schema2. Get one from {@link
 * RepositoryAssert#manifest(String)}.
 *
 * <pre>{@code
 * assertThat(registry).repository("org/app").manifest("1.0")
 *         .hasMediaType(MediaTypes.OCI_MANIFEST)
 *         .hasLayerMediaTypes(MediaTypes.OCI_LAYER_TAR_GZIP, MediaTypes.OCI_LAYER_TAR_GZIP)
 *         .hasConfigContaining("\"architecture\":\"amd64\"");
 * assertThat(registry).repository("org/app").manifest("multi")
 *         .isIndex()
 *         .containsPlatform("linux", "arm64")
 *         .platform("linux", "arm64").hasLayerCount(2);
 * }</pre>
 *
 * <p>The manifest is read once, when this object is made; the config blob is read by each config assertion.
 */
public final class ManifestAssert {
    private final Content content;
    private final RepositoryName repository;
    private final String name;
    private final String label;
    private final StoredManifest manifest;
    private final JsonNode json;

    /** {@code name} says how it was reached, such as {@code org/app:1.0} or {@code org/app@sha256:…}. */
    ManifestAssert(Content content, RepositoryName repository, String name, StoredManifest manifest) {
        this.content = content;
        this.repository = repository;
        this.name = name;
        this.label = "manifest " + name;
        this.manifest = manifest;
        this.json = ContentJson.readTreeOrMissing(manifest.content());
    }

    /** Asserts the media type the manifest was pushed with (its {@code Content-Type}). */
    public ManifestAssert hasMediaType(String mediaType) {
        if (!manifest.mediaType().equals(mediaType)) {
            throw failure(
                    "expected " + label + " to have media type " + mediaType + " but it has " + manifest.mediaType(),
                    mediaType,
                    manifest.mediaType());
        }
        return this;
    }

    /** Asserts the manifest's {@code artifactType} field (the config media type does not stand in for it). */
    public ManifestAssert hasArtifactType(String artifactType) {
        String actual = text(json.path("artifactType"));
        if (!Objects.equals(actual, artifactType)) {
            String has = actual != null ? "it has " + actual : "it has no artifactType" + configMediaTypeHint();
            throw failure(
                    "expected " + label + " to have artifactType " + artifactType + " but " + has,
                    artifactType,
                    actual);
        }
        return this;
    }

    /** Asserts that the manifest has this annotation with this value; the failure lists its annotations. */
    public ManifestAssert hasAnnotation(String key, String value) {
        Map<String, String> annotations = annotations();
        if (!annotations.containsKey(key)) {
            throw failure("expected " + label + " to have annotation " + key + "=" + quoted(value) + " but "
                    + (annotations.isEmpty() ? "it has no annotations" : "its annotations are " + annotations));
        }
        String actual = annotations.get(key);
        if (!actual.equals(value)) {
            throw failure(
                    "expected " + label + " to have annotation " + key + "=" + quoted(value) + " but it is "
                            + quoted(actual),
                    value,
                    actual);
        }
        return this;
    }

    /** Asserts that the manifest's {@code subject} is this digest. */
    public ManifestAssert hasSubject(String digest) {
        Digest expected = Digest.parse(digest);
        String actual = text(json.path("subject").path("digest"));
        if (!expected.toString().equals(actual)) {
            throw failure(
                    "expected " + label + " to have subject " + expected + " but "
                            + (actual == null ? "it has no subject" : "its subject is " + actual),
                    expected.toString(),
                    actual);
        }
        return this;
    }

    /** Asserts that this is an image manifest (OCI or Docker schema2), not an index. */
    public ManifestAssert isImage() {
        if (isIndexManifest()) {
            throw failure("expected " + label + " to be an image manifest but it is an index (" + manifest.mediaType()
                    + ") of " + platforms());
        }
        return this;
    }

    /** Asserts that this is an index (OCI image index or Docker manifest list). */
    public ManifestAssert isIndex() {
        if (!isIndexManifest()) {
            throw failure("expected " + label + " to be an index but it is an image manifest (" + manifest.mediaType()
                    + ") with " + Messages.count(layers().size(), "layer"));
        }
        return this;
    }

    /** Asserts that this index lists a manifest for the platform (any variant); the failure lists its platforms. */
    public ManifestAssert containsPlatform(String os, String architecture) {
        child(os, architecture);
        return this;
    }

    /** Asserts that this index lists a manifest for the platform (any variant); returns assertions over the first. */
    public ManifestAssert platform(String os, String architecture) {
        JsonNode child = child(os, architecture);
        String digest = child.path("digest").asString("");
        Optional<StoredManifest> stored = ContentJson.digestOf(child).flatMap(d -> content.manifest(repository, d));
        if (stored.isEmpty()) {
            throw failure("expected the " + os + "/" + architecture + " manifest " + digest + " of " + label
                    + " to be stored in " + repository + " but it is not");
        }
        return new ManifestAssert(
                content,
                repository,
                repository + "@" + digest + " (" + platform(child) + " of " + name + ")",
                stored.get());
    }

    /** Asserts the number of layers of this image manifest; the failure lists its layers. */
    public ManifestAssert hasLayerCount(int count) {
        List<JsonNode> layers =
                requireImage("to have " + Messages.count(count, "layer")).layers();
        if (layers.size() != count) {
            throw failure(
                    "expected " + label + " to have " + Messages.count(count, "layer") + " but it has " + layers.size()
                            + (layers.isEmpty() ? "" : ":" + Messages.lines(describe(layers))),
                    count,
                    layers.size());
        }
        return this;
    }

    /** Asserts the media types of this image manifest's layers, exactly and in order. */
    public ManifestAssert hasLayerMediaTypes(String... mediaTypes) {
        List<String> expected = List.of(mediaTypes);
        requireImage("to have layers of media types " + expected);
        List<String> actual = new ArrayList<>();
        for (JsonNode layer : layers()) {
            actual.add(layer.path("mediaType").asString("(none)"));
        }
        if (!actual.equals(expected)) {
            throw failure(
                    "expected the layers of " + label + " to have the media types " + expected + " in this order but"
                            + " they have " + actual,
                    expected,
                    actual);
        }
        return this;
    }

    /**
     * Asserts that the config blob's text contains this text, as stored or in its compact form (JSON without
     * whitespace); the failure shows the config.
     */
    public ManifestAssert hasConfigContaining(String text) {
        String config = configJson();
        String compact = Content.compact(config);
        if (!config.contains(text) && (compact == null || !compact.contains(text))) {
            throw failure(
                    "expected the config of " + label + " to contain " + text + " but it is:\n"
                            + Messages.excerpt(config),
                    text,
                    config);
        }
        return this;
    }

    /** Hands the config blob's text (JSON) to your own assertions. */
    public ManifestAssert config(Consumer<String> assertions) {
        assertions.accept(configJson());
        return this;
    }

    /** The config blob's text (JSON) of this image manifest, asserting that it is stored in the repository. */
    public String configJson() {
        requireImage("to have a config");
        JsonNode config = json.path("config");
        String digest = config.path("digest").asString("");
        Optional<byte[]> bytes = ContentJson.digestOf(config).flatMap(d -> content.blob(repository, d));
        if (bytes.isEmpty()) {
            throw failure("expected the config " + (digest.isEmpty() ? "(no digest)" : digest) + " of " + label
                    + " to be stored in " + repository + " but it is not");
        }
        return new String(bytes.get(), StandardCharsets.UTF_8);
    }

    // ---- helpers

    private String configMediaTypeHint() {
        JsonNode config = json.path("config");
        return config.isMissingNode()
                ? ""
                : " (its config media type is " + config.path("mediaType").asString("missing") + ")";
    }

    private boolean isIndexManifest() {
        return MediaTypes.isIndex(manifest.mediaType()) || (json.has("manifests") && !json.has("layers"));
    }

    private ManifestAssert requireImage(String what) {
        if (isIndexManifest()) {
            throw failure("expected " + label + " " + what + " but it is an index (" + manifest.mediaType()
                    + ") of " + platforms() + ", which has no config or layers;"
                    + " use platform(os, architecture) to reach an image");
        }
        return this;
    }

    private JsonNode child(String os, String architecture) {
        isIndex();
        for (JsonNode child : json.path("manifests")) {
            JsonNode p = child.path("platform");
            if (os.equals(text(p.path("os"))) && architecture.equals(text(p.path("architecture")))) {
                return child;
            }
        }
        throw failure(
                "expected index " + name + " to contain a manifest for " + os + "/" + architecture
                        + " but its platforms are " + platforms(),
                os + "/" + architecture,
                platforms().toString());
    }

    private List<String> platforms() {
        List<String> out = new ArrayList<>();
        for (JsonNode child : json.path("manifests")) {
            out.add(platform(child));
        }
        return out;
    }

    private static String platform(JsonNode child) {
        JsonNode p = child.path("platform");
        if (p.isMissingNode()) {
            return "(no platform) " + child.path("digest").asString("");
        }
        String variant = text(p.path("variant"));
        return p.path("os").asString("?") + "/" + p.path("architecture").asString("?")
                + (variant == null ? "" : "/" + variant);
    }

    private List<JsonNode> layers() {
        List<JsonNode> out = new ArrayList<>();
        json.path("layers").forEach(out::add);
        return out;
    }

    private static List<String> describe(List<JsonNode> descriptors) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : descriptors) {
            out.add(d.path("digest").asString("(no digest)") + " "
                    + d.path("mediaType").asString("(no media type)") + " "
                    + d.path("size").asLong() + " B");
        }
        return out;
    }

    private Map<String, String> annotations() {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : json.path("annotations").properties()) {
            out.put(e.getKey(), e.getValue().asString(""));
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }
}
