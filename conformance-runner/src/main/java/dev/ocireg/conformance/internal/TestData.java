package dev.ocireg.conformance.internal;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content of one run: the data variants of the official suite's README, each a set of blobs and manifests with
 * random bytes and a run id in every tag, so runs never see each other's content.
 */
public final class TestData {

    public static final String EMPTY_JSON_TYPE = MediaTypes.OCI_EMPTY;
    public static final String ARTIFACT_TYPE = "application/vnd.ocireg.conformance.artifact.v1";
    public static final String SBOM_TYPE = "application/vnd.ocireg.conformance.sbom.v1";
    public static final String SIGNATURE_CONFIG_TYPE = "application/vnd.ocireg.conformance.signature.config.v1+json";
    public static final String MISSING_SUBJECT_TYPE = "application/vnd.ocireg.conformance.missing-subject.v1";
    public static final String LIST_TYPE = "application/vnd.ocireg.conformance.list.v1";
    public static final String FILE_TYPE = "application/vnd.ocireg.conformance.file.v1";
    public static final String RUN_ANNOTATION = "dev.ocireg.conformance.run";

    /** A blob: content, digest (sha256 unless the variant says otherwise) and the media type it is referenced with. */
    public record Blob(String mediaType, byte[] content, Digest digest) {
        public long size() {
            return content.length;
        }

        public ObjectNode descriptor() {
            ObjectNode d = Json.object();
            d.put("mediaType", mediaType);
            d.put("digest", digest.toString());
            d.put("size", content.length);
            return d;
        }

        JsonText.Obj descriptorObj() {
            return new JsonText.Obj()
                    .put("mediaType", mediaType)
                    .put("digest", digest.toString())
                    .put("size", content.length);
        }
    }

    /**
     * A manifest: its exact bytes, digest, media type, the tags it is pushed to (none: pushed by digest), its subject
     * and the descriptor a referrers response should list for it.
     */
    public record Manifest(
            String label,
            String mediaType,
            byte[] content,
            Digest digest,
            List<String> tags,
            Digest subject,
            String expectedArtifactType,
            Map<String, String> annotations) {

        public ObjectNode descriptor() {
            ObjectNode d = Json.object();
            d.put("mediaType", mediaType);
            d.put("digest", digest.toString());
            d.put("size", content.length);
            return d;
        }

        JsonText.Obj descriptorObj() {
            return new JsonText.Obj()
                    .put("mediaType", mediaType)
                    .put("digest", digest.toString())
                    .put("size", content.length);
        }

        /** The reference the first push uses: the first tag, or the digest. */
        public String reference() {
            return tags.isEmpty() ? digest.toString() : tags.get(0);
        }
    }

    /** One data variant of the README ({@code OCI_DATA_*}). */
    public static final class Variant {
        public final String key;
        public final String title;
        public final String setting;
        public final String description;
        public final List<Blob> blobs = new ArrayList<>();
        public final List<Manifest> manifests = new ArrayList<>();
        /** Content the variant references but never pushes (sparse index children, non-distributable layers). */
        public final List<Manifest> unpushedManifests = new ArrayList<>();

        public final List<Blob> unpushedBlobs = new ArrayList<>();

        Variant(String key, String title, String setting, String description) {
            this.key = key;
            this.title = title;
            this.setting = setting;
            this.description = description;
        }

        /** The manifest the variant is about: the last one pushed. */
        public Manifest main() {
            return manifests.get(manifests.size() - 1);
        }

        /** The blob algorithm: {@code sha512} for that variant, else {@code sha256}. */
        public String algorithm() {
            return blobs.isEmpty() ? "sha256" : blobs.get(0).digest().algorithm();
        }

        @Override
        public String toString() {
            return key;
        }
    }

    public final String runId;
    private final Random random;
    private final Map<String, Variant> variants = new LinkedHashMap<>();

    /** Content for a new run with a random run id. */
    public TestData() {
        this(new SecureRandom());
    }

    TestData(Random random) {
        this.random = random;
        byte[] id = new byte[4];
        random.nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        build();
    }

    /** The variants in push order (each one's dependencies first). */
    public List<Variant> variants() {
        return List.copyOf(variants.values());
    }

    public Variant variant(String key) {
        Variant v = variants.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no variant " + key);
        }
        return v;
    }

    /** A tag unique to this run, such as {@code image-1a2b3c4d}. */
    public String tag(String name) {
        return name + "-" + runId;
    }

    /** Random bytes, unique to this run. */
    public byte[] randomBytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    /** A sha256 digest of random bytes: content that no registry holds. */
    public Digest unknownDigest() {
        return Digest.sha256(randomBytes(32));
    }

    // ================================================================== variants

    private void build() {
        Variant image = add("image", "image", "OCI_DATA_IMAGE", "an image: config and two layers, tagged twice");
        Blob imageConfig = config(image, "image", "sha256");
        Blob layer1 = layer(image, 2048, "sha256");
        Blob layer2 = layer(image, 1024, "sha256");
        image.manifests.add(image(
                "image manifest",
                imageManifest(imageConfig, List.of(layer1, layer2)),
                List.of(tag("image"), tag("image-alias")),
                null));

        Variant index = add("index", "index", "OCI_DATA_INDEX", "an image index of two platform images");
        Manifest amd64 = platformImage(index, "amd64");
        Manifest arm64 = platformImage(index, "arm64");
        index.manifests.add(index(
                "index",
                indexNode(List.of(withPlatform(amd64, "amd64"), withPlatform(arm64, "arm64"))),
                List.of(tag("index")),
                null));

        Variant nested = add("indexList", "nested index", "OCI_DATA_INDEX_LIST", "an index containing an index");
        Manifest nestedImage = platformImage(nested, "amd64");
        Manifest inner = index("inner index", indexNode(List.of(withPlatform(nestedImage, "amd64"))), List.of(), null);
        nested.manifests.add(inner);
        Manifest nestedImage2 = platformImage(nested, "arm64");
        nested.manifests.add(index(
                "outer index",
                indexNode(List.of(withPlatform(nestedImage2, "arm64"), inner.descriptorObj())),
                List.of(tag("nested-index")),
                null));

        Variant sparse =
                add("sparse", "sparse index", "OCI_DATA_SPARSE", "an index whose child manifests are not pushed");
        Manifest missing1 = unpushedImage(sparse, "amd64");
        Manifest missing2 = unpushedImage(sparse, "arm64");
        sparse.manifests.add(index(
                "sparse index",
                indexNode(List.of(withPlatform(missing1, "amd64"), withPlatform(missing2, "arm64"))),
                List.of(tag("sparse-index")),
                null));

        Variant artifact =
                add("artifact", "artifact", "OCI_DATA_ARTIFACT", "an artifact: artifactType, the empty config, a file");
        Blob empty = emptyConfig(artifact);
        Blob file = file(artifact, "artifact.txt");
        JsonText.Obj artifactNode = imageManifest(empty, List.of(file));
        artifactNode.put("artifactType", ARTIFACT_TYPE);
        artifact.manifests.add(image("artifact manifest", artifactNode, List.of(tag("artifact")), null));

        Manifest subjectManifest = image.main();
        Variant subject = add(
                "subject",
                "subject",
                "OCI_DATA_SUBJECT",
                "two manifests whose subject is the image: one with artifactType, one with only a config type");
        Blob emptyS = emptyConfig(subject);
        Blob sbom = file(subject, "sbom.json");
        JsonText.Obj referrerA = imageManifest(emptyS, List.of(sbom));
        referrerA.put("artifactType", SBOM_TYPE);
        referrerA.put("subject", subjectManifest.descriptorObj());
        Map<String, String> annotationsA =
                Map.of("org.opencontainers.image.created", "2026-01-01T00:00:00Z", RUN_ANNOTATION, runId + "-sbom");
        referrerA.put("annotations", annotations(annotationsA));
        subject.manifests.add(image("referrer with artifactType", referrerA, List.of(), subjectManifest.digest()));
        Blob sigConfig = blob(
                subject,
                SIGNATURE_CONFIG_TYPE,
                ("{\"signer\":\"conformance\",\"run\":\"" + runId + "\"}").getBytes(StandardCharsets.UTF_8),
                "sha256");
        Blob signature = file(subject, "signature.sig");
        JsonText.Obj referrerB = imageManifest(sigConfig, List.of(signature));
        referrerB.put("subject", subjectManifest.descriptorObj());
        Map<String, String> annotationsB = Map.of(RUN_ANNOTATION, runId + "-signature");
        referrerB.put("annotations", annotations(annotationsB));
        subject.manifests.add(
                image("referrer without artifactType", referrerB, List.of(tag("subject")), subjectManifest.digest()));

        Variant subjectMissing = add(
                "subjectMissing",
                "missing subject",
                "OCI_DATA_SUBJECT_MISSING",
                "a manifest whose subject does not exist in the registry");
        Blob emptyM = emptyConfig(subjectMissing);
        Blob note = file(subjectMissing, "note.txt");
        JsonText.Obj orphan = imageManifest(emptyM, List.of(note));
        orphan.put("artifactType", MISSING_SUBJECT_TYPE);
        Digest absent = unknownDigest();
        JsonText.Obj absentDescriptor = new JsonText.Obj();
        absentDescriptor.put("mediaType", MediaTypes.OCI_MANIFEST);
        absentDescriptor.put("digest", absent.toString());
        absentDescriptor.put("size", 1234);
        orphan.put("subject", absentDescriptor);
        subjectMissing.manifests.add(
                image("manifest with a missing subject", orphan, List.of(tag("subject-missing")), absent));

        Variant artifactList = add(
                "artifactList",
                "artifact list",
                "OCI_DATA_ARTIFACT_LIST",
                "an index with an artifactType, whose subject is the image");
        Blob emptyL = emptyConfig(artifactList);
        Blob listed = file(artifactList, "listed.txt");
        JsonText.Obj member = imageManifest(emptyL, List.of(listed));
        member.put("artifactType", ARTIFACT_TYPE);
        Manifest memberManifest = image("listed artifact", member, List.of(), null);
        artifactList.manifests.add(memberManifest);
        JsonText.Obj listNode = indexNode(List.of(memberManifest.descriptorObj()));
        listNode.put("artifactType", LIST_TYPE);
        listNode.put("subject", subjectManifest.descriptorObj());
        artifactList.manifests.add(
                index("artifact list", listNode, List.of(tag("artifact-list")), subjectManifest.digest()));

        Variant subjectList = add(
                "subjectList",
                "subject list",
                "OCI_DATA_SUBJECT_LIST",
                "an index whose subject is the image (no artifactType)");
        Blob emptyX = emptyConfig(subjectList);
        Blob attached = file(subjectList, "attached.txt");
        JsonText.Obj attachedNode = imageManifest(emptyX, List.of(attached));
        attachedNode.put("artifactType", ARTIFACT_TYPE);
        Manifest attachedManifest = image("indexed artifact", attachedNode, List.of(), null);
        subjectList.manifests.add(attachedManifest);
        JsonText.Obj subjectIndex = indexNode(List.of(attachedManifest.descriptorObj()));
        subjectIndex.put("subject", subjectManifest.descriptorObj());
        Map<String, String> annotationsL = Map.of(RUN_ANNOTATION, runId + "-list");
        subjectIndex.put("annotations", annotations(annotationsL));
        subjectList.manifests.add(new Manifest(
                "index with a subject",
                MediaTypes.OCI_INDEX,
                subjectIndex.bytes(),
                Digest.sha256(subjectIndex.bytes()),
                List.of(),
                subjectManifest.digest(),
                null,
                annotationsL));

        Variant dataField =
                add("dataField", "data field", "OCI_DATA_DATA_FIELD", "descriptors carrying their content in 'data'");
        Blob dfConfig = config(dataField, "dataField", "sha256");
        Blob dfLayer = layer(dataField, 64, "sha256");
        JsonText.Obj dfNode = imageManifest(dfConfig, List.of(dfLayer));
        ((JsonText.Obj) dfNode.get("config")).put("data", Base64.getEncoder().encodeToString(dfConfig.content()));
        ((JsonText.Obj) dfNode.array("layers").get(0))
                .put("data", Base64.getEncoder().encodeToString(dfLayer.content()));
        dataField.manifests.add(image("manifest with data fields", dfNode, List.of(tag("data-field")), null));

        Variant nondist = add(
                "nondistributable",
                "non-distributable layer",
                "OCI_DATA_NONDISTRIBUTABLE",
                "an image with a non-distributable layer that is not pushed");
        Blob ndConfig = config(nondist, "nondistributable", "sha256");
        Blob ndLayer = layer(nondist, 512, "sha256");
        byte[] foreign = randomBytes(4096);
        Blob foreignLayer = new Blob(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP, foreign, Digest.sha256(foreign));
        nondist.unpushedBlobs.add(foreignLayer);
        JsonText.Obj foreignDescriptor = foreignLayer.descriptorObj();
        foreignDescriptor
                .array("urls")
                .add("https://example.com/layers/" + foreignLayer.digest().encoded());
        JsonText.Obj ndNode = imageManifest(ndConfig, List.of(ndLayer));
        ndNode.array("layers").add(foreignDescriptor);
        nondist.manifests.add(
                image("manifest with a non-distributable layer", ndNode, List.of(tag("nondistributable")), null));

        Variant custom = add(
                "customFields",
                "custom fields",
                "OCI_DATA_CUSTOM_FIELDS",
                "manifest and config with fields the specs do not define, indented JSON");
        JsonText.Obj customConfigNode = configNode("customFields", List.of());
        customConfigNode.put("dev.ocireg.conformance.custom", "config field");
        customConfigNode.obj("dev.ocireg.conformance.nested").put("n", 1);
        Blob customConfig = blob(custom, MediaTypes.OCI_CONFIG, customConfigNode.prettyBytes(), "sha256");
        Blob customLayer = layer(custom, 256, "sha256");
        JsonText.Obj customNode = imageManifest(customConfig, List.of(customLayer));
        customNode.put("dev.ocireg.conformance.custom", "manifest field");
        customNode.array("dev.ocireg.conformance.list").addAll(List.of(1, "two"));
        ((JsonText.Obj) customNode.get("config")).put("dev.ocireg.conformance.descriptor", true);
        custom.manifests.add(new Manifest(
                "manifest with custom fields",
                MediaTypes.OCI_MANIFEST,
                customNode.prettyBytes(),
                Digest.sha256(customNode.prettyBytes()),
                List.of(tag("custom-fields")),
                null,
                null,
                Map.of()));

        Variant noLayers = add("noLayers", "no layers", "OCI_DATA_NO_LAYERS", "an image manifest with 'layers': []");
        Blob nlConfig = config(noLayers, "noLayers", "sha256");
        noLayers.manifests.add(
                image("manifest without layers", imageManifest(nlConfig, List.of()), List.of(tag("no-layers")), null));

        Variant emptyBlob = add("emptyBlob", "empty blob", "OCI_DATA_EMPTY_BLOB", "a zero-byte layer");
        Blob ebConfig = config(emptyBlob, "emptyBlob", "sha256");
        Blob zero = blob(emptyBlob, MediaTypes.OCI_LAYER_TAR, new byte[0], "sha256");
        emptyBlob.manifests.add(image(
                "manifest with a zero-byte layer",
                imageManifest(ebConfig, List.of(zero)),
                List.of(tag("empty-blob")),
                null));

        Variant sha512 =
                add("sha512", "sha512", "OCI_DATA_SHA512", "blobs and a manifest addressed with sha512 digests");
        Blob s5Config = config(sha512, "sha512", "sha512");
        Blob s5Layer = layer(sha512, 1024, "sha512");
        JsonText.Obj s5Node = imageManifest(s5Config, List.of(s5Layer));
        byte[] s5Bytes = s5Node.bytes();
        sha512.manifests.add(new Manifest(
                "sha512 manifest",
                MediaTypes.OCI_MANIFEST,
                s5Bytes,
                Digest.of("sha512", s5Bytes),
                List.of(),
                null,
                null,
                Map.of()));
    }

    private Variant add(String key, String title, String setting, String description) {
        Variant v = new Variant(key, title, setting, description);
        variants.put(key, v);
        return v;
    }

    private Blob blob(Variant v, String mediaType, byte[] content, String algorithm) {
        Blob b = new Blob(mediaType, content, Digest.of(algorithm, content));
        v.blobs.add(b);
        return b;
    }

    private Blob layer(Variant v, int size, String algorithm) {
        return blob(v, MediaTypes.OCI_LAYER_TAR, randomBytes(size), algorithm);
    }

    private Blob file(Variant v, String name) {
        byte[] content = (name + " of run " + runId + " " + HexFormat.of().formatHex(randomBytes(8)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        return blob(v, FILE_TYPE, content, "sha256");
    }

    private Blob emptyConfig(Variant v) {
        return blob(v, EMPTY_JSON_TYPE, new byte[] {'{', '}'}, "sha256");
    }

    private Blob config(Variant v, String label, String algorithm) {
        return blob(v, MediaTypes.OCI_CONFIG, configNode(label, List.of()).bytes(), algorithm);
    }

    private JsonText.Obj configNode(String label, List<Blob> layers) {
        JsonText.Obj config = new JsonText.Obj();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        JsonText.Obj labels = config.obj("config").obj("Labels");
        labels.put(RUN_ANNOTATION, runId);
        labels.put("dev.ocireg.conformance.variant", label);
        labels.put("dev.ocireg.conformance.nonce", HexFormat.of().formatHex(randomBytes(8)));
        JsonText.Obj rootfs = config.obj("rootfs");
        rootfs.put("type", "layers");
        List<Object> diffIds = rootfs.array("diff_ids");
        layers.forEach(l -> diffIds.add(l.digest().toString()));
        return config;
    }

    private static JsonText.Obj imageManifest(Blob config, List<Blob> layers) {
        JsonText.Obj m = new JsonText.Obj();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.put("config", config.descriptorObj());
        List<Object> l = m.array("layers");
        layers.forEach(b -> l.add(b.descriptorObj()));
        return m;
    }

    private static JsonText.Obj indexNode(List<JsonText.Obj> children) {
        JsonText.Obj m = new JsonText.Obj();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_INDEX);
        m.array("manifests").addAll(children);
        return m;
    }

    private static JsonText.Obj withPlatform(Manifest m, String architecture) {
        JsonText.Obj d = m.descriptorObj();
        d.obj("platform").put("architecture", architecture).put("os", "linux");
        return d;
    }

    private static JsonText.Obj annotations(Map<String, String> values) {
        JsonText.Obj a = new JsonText.Obj();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> a.put(e.getKey(), e.getValue()));
        return a;
    }

    /** An image manifest; the referrers descriptor's artifactType is the manifest's or its config's media type. */
    private static Manifest image(String label, JsonText.Obj node, List<String> tags, Digest subject) {
        byte[] bytes = node.bytes();
        String artifactType = node.get("artifactType") != null
                ? (String) node.get("artifactType")
                : (String) ((JsonText.Obj) node.get("config")).get("mediaType");
        Map<String, String> annotations = new LinkedHashMap<>();
        if (node.get("annotations") instanceof JsonText.Obj a) {
            a.fields.forEach((k, v) -> annotations.put(k, (String) v));
        }
        return new Manifest(
                label, MediaTypes.OCI_MANIFEST, bytes, Digest.sha256(bytes), tags, subject, artifactType, annotations);
    }

    private static Manifest index(String label, JsonText.Obj node, List<String> tags, Digest subject) {
        byte[] bytes = node.bytes();
        String artifactType = (String) node.get("artifactType");
        return new Manifest(
                label, MediaTypes.OCI_INDEX, bytes, Digest.sha256(bytes), tags, subject, artifactType, Map.of());
    }

    private Manifest platformImage(Variant v, String architecture) {
        Blob config = config(v, v.key + "-" + architecture, "sha256");
        Blob layer = layer(v, 512, "sha256");
        Manifest m =
                image(v.key + " " + architecture + " image", imageManifest(config, List.of(layer)), List.of(), null);
        v.manifests.add(m);
        return m;
    }

    private Manifest unpushedImage(Variant v, String architecture) {
        byte[] configBytes = configNode(v.key + "-" + architecture, List.of()).bytes();
        Blob config = new Blob(MediaTypes.OCI_CONFIG, configBytes, Digest.sha256(configBytes));
        byte[] layerBytes = randomBytes(256);
        Blob layer = new Blob(MediaTypes.OCI_LAYER_TAR, layerBytes, Digest.sha256(layerBytes));
        Manifest m = image(
                v.key + " " + architecture + " image (not pushed)",
                imageManifest(config, List.of(layer)),
                List.of(),
                null);
        v.unpushedManifests.add(m);
        return m;
    }
}
