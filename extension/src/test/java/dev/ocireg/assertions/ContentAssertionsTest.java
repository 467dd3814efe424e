package dev.ocireg.assertions;

import static dev.ocireg.assertions.RegistryAssertions.assertThat;
import static dev.ocireg.testing.Oci.bytes;
import static dev.ocireg.testing.Oci.descriptor;
import static dev.ocireg.testing.Oci.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The content assertions against real content pushed over HTTP once: an OCI image with two layers (tags 1.0 and
 * latest), an index of two platforms, two artifacts whose subject is the image, a Docker schema2 image, and a blob
 * that is only in another repository. Every assertion has a passing case and a failing one whose message is checked.
 */
class ContentAssertionsTest {
    private static final String APP = "org/app";
    private static final String SIG = "application/vnd.example.sig";
    private static final String SBOM = "application/vnd.example.sbom+json";

    private static RegistryServer registry;
    private static String image;
    private static String armImage;
    private static String index;
    private static String signature;
    private static String sbom;
    private static String dockerImage;
    private static Map<String, Object> layer1;
    private static Map<String, Object> layer2;
    private static String elsewhere;

    @BeforeAll
    static void push() {
        registry = RegistryServer.builder().build().start();
        Http http = new Http(registry);

        Map<String, Object> config = http.pushBlob(
                APP, MediaTypes.OCI_CONFIG, bytes("{\"architecture\": \"amd64\", \"os\": \"linux\", \"rootfs\": {}}"));
        layer1 = http.pushBlob(APP, MediaTypes.OCI_LAYER_TAR_GZIP, bytes("first layer"));
        layer2 = http.pushBlob(APP, MediaTypes.OCI_LAYER_TAR, bytes("second layer"));
        byte[] manifest = Oci.imageManifest(
                MediaTypes.OCI_MANIFEST,
                config,
                List.of(layer1, layer2),
                map("annotations", map("org.opencontainers.image.title", "app", "org.example.build", "42")));
        image = http.pushManifest(APP, "1.0", MediaTypes.OCI_MANIFEST, manifest);
        http.pushManifest(APP, "latest", MediaTypes.OCI_MANIFEST, manifest);

        Map<String, Object> armConfig = http.pushBlob(
                APP, MediaTypes.OCI_CONFIG, bytes("{\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\"}"));
        Map<String, Object> armLayer = http.pushBlob(APP, MediaTypes.OCI_LAYER_TAR_GZIP, bytes("arm layer"));
        byte[] armManifest = Oci.imageManifest(MediaTypes.OCI_MANIFEST, armConfig, List.of(armLayer), map());
        armImage = http.pushManifest(APP, Oci.sha256(armManifest), MediaTypes.OCI_MANIFEST, armManifest);
        index = http.pushManifest(
                APP,
                "multi",
                MediaTypes.OCI_INDEX,
                Oci.index(
                        MediaTypes.OCI_INDEX,
                        List.of(
                                withPlatform(
                                        descriptor(MediaTypes.OCI_MANIFEST, image, manifest.length),
                                        map("os", "linux", "architecture", "amd64")),
                                withPlatform(
                                        descriptor(MediaTypes.OCI_MANIFEST, armImage, armManifest.length),
                                        map("os", "linux", "architecture", "arm64", "variant", "v8"))),
                        map()));

        Map<String, Object> subject = descriptor(MediaTypes.OCI_MANIFEST, image, manifest.length);
        Map<String, Object> empty = http.pushBlob(APP, MediaTypes.OCI_EMPTY, bytes("{}"));
        Map<String, Object> sigLayer = http.pushBlob(APP, "application/vnd.example.signature", bytes("signed"));
        byte[] sigManifest = Oci.imageManifest(
                MediaTypes.OCI_MANIFEST, empty, List.of(sigLayer), map("artifactType", SIG, "subject", subject));
        signature = http.pushManifest(APP, Oci.sha256(sigManifest), MediaTypes.OCI_MANIFEST, sigManifest);
        Map<String, Object> sbomLayer = http.pushBlob(APP, "application/spdx+json", bytes("{\"spdxVersion\":\"2.3\"}"));
        byte[] sbomManifest = Oci.imageManifest(
                MediaTypes.OCI_MANIFEST,
                empty,
                List.of(sbomLayer),
                map("artifactType", SBOM, "subject", subject, "annotations", map("org.example.kind", "sbom")));
        sbom = http.pushManifest(APP, Oci.sha256(sbomManifest), MediaTypes.OCI_MANIFEST, sbomManifest);

        Map<String, Object> dockerConfig =
                http.pushBlob("org/docker", MediaTypes.DOCKER_CONFIG, bytes("{\"architecture\":\"amd64\"}"));
        Map<String, Object> dockerLayer = http.pushBlob("org/docker", MediaTypes.DOCKER_LAYER, bytes("docker layer"));
        dockerImage = http.pushManifest(
                "org/docker",
                "v1",
                MediaTypes.DOCKER_MANIFEST,
                Oci.imageManifest(MediaTypes.DOCKER_MANIFEST, dockerConfig, List.of(dockerLayer), map()));

        elsewhere = http.pushBlob("other/lib", bytes("only in other/lib"));
        // A manifest http the registry refuses, for the journal history in failure messages.
        http.send("PUT", "/v2/" + APP + "/manifests/broken", bytes("{"), "Content-Type", MediaTypes.OCI_MANIFEST);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static Map<String, Object> withPlatform(Map<String, Object> descriptor, Map<String, Object> platform) {
        descriptor.put("platform", platform);
        return descriptor;
    }

    /** The message of the assertion failure that {@code call} must throw. */
    static String failure(Executable call) {
        return assertThrows(AssertionFailedError.class, call).getMessage();
    }

    @Nested
    class Registry {
        @Test
        void hasRepository() {
            assertThat(registry).hasRepository(APP).hasRepository("other/lib");
            assertThat(failure(() -> assertThat(registry).hasRepository("org/ap")))
                    .isEqualTo("expected the registry to have repository org/ap but its repositories are"
                            + " [org/app, org/docker, other/lib]");
        }

        @Test
        void repositoryFailsLikeHasRepository() {
            assertThat(registry).repository(APP).hasTag("1.0");
            assertThat(failure(() -> assertThat(registry).repository("nope")))
                    .contains("to have repository nope but its repositories are [org/app, org/docker, other/lib]");
        }

        @Test
        void doesNotHaveRepository() {
            assertThat(registry).doesNotHaveRepository("org/ap");
            assertThat(failure(() -> assertThat(registry).doesNotHaveRepository("org/docker")))
                    .isEqualTo("expected the registry not to have repository org/docker but it does, with tags [v1]");
        }

        @Test
        void storageWithoutJournal() {
            assertThat(registry.storage()).repository(APP).tag("latest").pointsTo(image);
            assertThat(failure(
                            () -> assertThat(registry.storage()).repository(APP).hasTag("broken")))
                    .isEqualTo("expected repository org/app to have tag \"broken\" but its tags are [1.0, latest,"
                            + " multi]");
        }
    }

    @Nested
    class Tags {
        @Test
        void hasTags() {
            assertThat(registry).repository(APP).hasTags("multi", "latest", "1.0");
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry).repository(APP).hasTags("1.0", "2.0"));
            assertThat(e.getMessage())
                    .isEqualTo("expected repository org/app to have exactly the tags [1.0, 2.0] but its tags are"
                            + " [1.0, latest, multi] (missing [2.0], unexpected [latest, multi])");
            assertEquals(List.of("1.0", "2.0"), e.getExpected().getValue());
            assertEquals(List.of("1.0", "latest", "multi"), e.getActual().getValue());
        }

        @Test
        void hasTag() {
            assertThat(registry).repository(APP).hasTag("1.0").hasTag("latest");
            assertThat(failure(() -> assertThat(registry).repository(APP).hasTag("2.0")))
                    .isEqualTo("expected repository org/app to have tag \"2.0\" but its tags are [1.0, latest, multi]");
        }

        @Test
        void hasTagShowsTheRequestsThatTouchedIt() {
            assertThat(failure(() -> assertThat(registry).repository(APP).hasTag("broken")))
                    .startsWith("expected repository org/app to have tag \"broken\" but its tags are [1.0, latest,"
                            + " multi]\nrequests about tag broken:\n  PUT /v2/org/app/manifests/broken 400 (");
        }

        @Test
        void doesNotHaveTag() {
            assertThat(registry).repository(APP).doesNotHaveTag("2.0");
            assertThat(failure(() -> assertThat(registry).repository(APP).doesNotHaveTag("latest")))
                    .startsWith("expected repository org/app not to have tag \"latest\" but it points to " + image
                            + "\nrequests about tag latest:\n  PUT /v2/org/app/manifests/latest 201 (");
        }

        @Test
        void pointsTo() {
            assertThat(registry)
                    .repository(APP)
                    .tag("1.0")
                    .pointsTo(image)
                    .tag("latest")
                    .pointsTo(Digest.parse(image));
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry).repository(APP).tag("latest").pointsTo(index));
            assertThat(e.getMessage())
                    .isEqualTo("expected tag org/app:latest to point to " + index + " but it points to " + image + "; "
                            + index + " is stored in org/app and tagged [multi]");
            assertEquals(index, e.getExpected().getValue());
            assertEquals(image, e.getActual().getValue());
        }

        @Test
        void pointsToAManifestThatIsNotThere() {
            String absent = Oci.sha256(bytes("absent"));
            assertThat(failure(() ->
                            assertThat(registry).repository(APP).tag("1.0").pointsTo(absent)))
                    .endsWith("but it points to " + image + "; " + absent + " is not a manifest stored in org/app");
        }

        @Test
        void tagManifest() {
            assertThat(registry).repository(APP).tag("multi").manifest().isIndex();
        }

        @Test
        void malformedTagIsAMistakeNotAFailure() {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> assertThat(registry).repository(APP).hasTag("../x"));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> assertThat(registry).repository(APP).manifest("no such tag"));
        }

        @Test
        void tagThatIsMissing() {
            assertThat(failure(() -> assertThat(registry).repository(APP).tag("2.0")))
                    .isEqualTo("expected repository org/app to have tag \"2.0\" but its tags are [1.0, latest, multi]");
        }
    }

    @Nested
    class Blobs {
        @Test
        void hasBlobWithSize() {
            assertThat(registry)
                    .repository(APP)
                    .hasBlob((String) layer1.get("digest"))
                    .withSize((Long) layer1.get("size"));
            assertThat(registry).repository(APP).hasBlob(Digest.parse((String) layer2.get("digest")));
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry)
                            .repository(APP)
                            .hasBlob((String) layer1.get("digest"))
                            .withSize(1234));
            assertThat(e.getMessage())
                    .isEqualTo("expected blob " + layer1.get("digest") + " in org/app to have 1234 bytes but it has "
                            + layer1.get("size"));
            assertEquals(1234L, e.getExpected().getValue());
        }

        @Test
        void missingBlobSaysWhereItIsAndWhatIsReferenced() {
            String message = failure(() -> assertThat(registry).repository(APP).hasBlob(elsewhere));
            assertThat(message)
                    .startsWith("expected repository org/app to have blob " + elsewhere + " but it does not; it is"
                            + " only in [other/lib] (push or mount it into org/app)\n"
                            + "blobs referenced by its tagged manifests:\n  ")
                    .contains(layer1.get("digest") + " (" + MediaTypes.OCI_LAYER_TAR_GZIP + ", 11 B)")
                    .contains(layer2.get("digest") + " (" + MediaTypes.OCI_LAYER_TAR + ", 12 B)")
                    .contains("requests about blob " + elsewhere + ":\n  POST /v2/other/lib/blobs/uploads/?digest="
                            + elsewhere + " 201");
        }

        @Test
        void blobNowhere() {
            String absent = Oci.sha256(bytes("nowhere"));
            assertThat(failure(
                            () -> assertThat(registry).repository("org/docker").hasBlob(absent)))
                    .startsWith("expected repository org/docker to have blob " + absent
                            + " but it does not; no repository has it\nblobs referenced by its tagged manifests:")
                    .contains(MediaTypes.DOCKER_LAYER);
        }

        @Test
        void doesNotHaveBlob() {
            assertThat(registry).repository("org/docker").doesNotHaveBlob(elsewhere);
            assertThat(failure(
                            () -> assertThat(registry).repository("other/lib").doesNotHaveBlob(elsewhere)))
                    .startsWith(
                            "expected repository other/lib not to have blob " + elsewhere + " but it has it (17 B)");
        }
    }

    @Nested
    class Manifests {
        @Test
        void missingManifestByDigestListsTheTags() {
            String absent = Oci.sha256(bytes("no manifest"));
            assertThat(failure(() -> assertThat(registry).repository(APP).manifest(absent)))
                    .isEqualTo("expected repository org/app to have manifest " + absent + " but it does not; its tags"
                            + " are\n  1.0 -> " + image + "\n  latest -> " + image + "\n  multi -> " + index);
        }

        @Test
        void missingManifestByTag() {
            assertThat(failure(() -> assertThat(registry).repository(APP).manifest("2.0")))
                    .isEqualTo("expected repository org/app to have tag \"2.0\" but its tags are [1.0, latest, multi]");
        }

        @Test
        void missingManifestByTagShowsTheRequestsThatTouchedIt() {
            assertThat(failure(() -> assertThat(registry).repository(APP).manifest("broken")))
                    .startsWith("expected repository org/app to have tag \"broken\" but its tags are [1.0, latest,"
                            + " multi]\nrequests about tag broken:\n  PUT /v2/org/app/manifests/broken 400 (");
        }

        @Test
        void hasMediaType() {
            assertThat(registry).repository(APP).manifest("1.0").hasMediaType(MediaTypes.OCI_MANIFEST);
            assertThat(registry).repository(APP).manifest(image).hasMediaType(MediaTypes.OCI_MANIFEST);
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry).repository(APP).manifest("multi").hasMediaType(MediaTypes.OCI_MANIFEST));
            assertThat(e.getMessage())
                    .isEqualTo("expected manifest org/app:multi to have media type " + MediaTypes.OCI_MANIFEST
                            + " but it has " + MediaTypes.OCI_INDEX);
            assertEquals(MediaTypes.OCI_INDEX, e.getActual().getValue());
        }

        @Test
        void hasArtifactType() {
            assertThat(registry).repository(APP).manifest(signature).hasArtifactType(SIG);
            assertThat(failure(() ->
                            assertThat(registry).repository(APP).manifest("1.0").hasArtifactType(SIG)))
                    .isEqualTo("expected manifest org/app:1.0 to have artifactType " + SIG + " but it has no"
                            + " artifactType (its config media type is " + MediaTypes.OCI_CONFIG + ")");
            assertThat(failure(() ->
                            assertThat(registry).repository(APP).manifest(sbom).hasArtifactType(SIG)))
                    .isEqualTo("expected manifest org/app@" + sbom + " to have artifactType " + SIG + " but it has "
                            + SBOM);
        }

        @Test
        void hasAnnotation() {
            assertThat(registry)
                    .repository(APP)
                    .manifest("1.0")
                    .hasAnnotation("org.opencontainers.image.title", "app")
                    .hasAnnotation("org.example.build", "42");
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .manifest("1.0")
                            .hasAnnotation("org.opencontainers.image.version", "1.0")))
                    .isEqualTo("expected manifest org/app:1.0 to have annotation"
                            + " org.opencontainers.image.version=\"1.0\" but its annotations are"
                            + " {org.example.build=42, org.opencontainers.image.title=app}");
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry)
                            .repository(APP)
                            .manifest("1.0")
                            .hasAnnotation("org.example.build", "43"));
            assertThat(e.getMessage())
                    .isEqualTo("expected manifest org/app:1.0 to have annotation org.example.build=\"43\" but it is"
                            + " \"42\"");
            assertEquals("42", e.getActual().getValue());
            assertThat(failure(() -> assertThat(registry)
                            .repository("org/docker")
                            .manifest("v1")
                            .hasAnnotation("a", "b")))
                    .endsWith("but it has no annotations");
        }

        @Test
        void hasSubject() {
            assertThat(registry).repository(APP).manifest(signature).hasSubject(image);
            assertThat(failure(() ->
                            assertThat(registry).repository(APP).manifest("1.0").hasSubject(image)))
                    .isEqualTo("expected manifest org/app:1.0 to have subject " + image + " but it has no subject");
        }

        @Test
        void hasLayerCount() {
            assertThat(registry).repository(APP).manifest("1.0").hasLayerCount(2);
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry).repository(APP).manifest("1.0").hasLayerCount(3));
            assertThat(e.getMessage())
                    .isEqualTo("expected manifest org/app:1.0 to have 3 layers but it has 2:\n  "
                            + layer1.get("digest") + " " + MediaTypes.OCI_LAYER_TAR_GZIP + " 11 B\n  "
                            + layer2.get("digest") + " " + MediaTypes.OCI_LAYER_TAR + " 12 B");
            assertEquals(3, e.getExpected().getValue());
            assertEquals(2, e.getActual().getValue());
        }

        @Test
        void layerAssertionsOnAnIndexPointToPlatform() {
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .manifest("multi")
                            .hasLayerCount(1)))
                    .isEqualTo("expected manifest org/app:multi to have 1 layer but it is an index ("
                            + MediaTypes.OCI_INDEX + ") of [linux/amd64, linux/arm64/v8], which has no config or"
                            + " layers; use platform(os, architecture) to reach an image");
        }

        @Test
        void hasLayerMediaTypes() {
            assertThat(registry)
                    .repository(APP)
                    .manifest("1.0")
                    .hasLayerMediaTypes(MediaTypes.OCI_LAYER_TAR_GZIP, MediaTypes.OCI_LAYER_TAR);
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry)
                            .repository(APP)
                            .manifest("1.0")
                            .hasLayerMediaTypes(MediaTypes.OCI_LAYER_TAR, MediaTypes.OCI_LAYER_TAR_GZIP));
            assertThat(e.getMessage())
                    .isEqualTo("expected the layers of manifest org/app:1.0 to have the media types ["
                            + MediaTypes.OCI_LAYER_TAR + ", " + MediaTypes.OCI_LAYER_TAR_GZIP + "] in this order but"
                            + " they have [" + MediaTypes.OCI_LAYER_TAR_GZIP + ", " + MediaTypes.OCI_LAYER_TAR + "]");
        }

        @Test
        void config() {
            assertThat(registry)
                    .repository(APP)
                    .manifest("1.0")
                    .hasConfigContaining("\"architecture\": \"amd64\"") // as stored
                    .hasConfigContaining("\"architecture\":\"amd64\"") // compact
                    .config(json -> assertThat(json).contains("linux"));
            assertThat(RegistryAssertions.assertThat(registry)
                            .repository(APP)
                            .manifest("1.0")
                            .configJson())
                    .isEqualTo("{\"architecture\": \"amd64\", \"os\": \"linux\", \"rootfs\": {}}");
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .manifest("1.0")
                            .hasConfigContaining("\"architecture\":\"arm64\"")))
                    .isEqualTo("expected the config of manifest org/app:1.0 to contain \"architecture\":\"arm64\" but"
                            + " it is:\n{\"architecture\": \"amd64\", \"os\": \"linux\", \"rootfs\": {}}");
        }

        @Test
        void isImageAndIsIndex() {
            assertThat(registry).repository(APP).manifest("1.0").isImage();
            assertThat(registry).repository(APP).manifest("multi").isIndex();
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .manifest("multi")
                            .isImage()))
                    .isEqualTo("expected manifest org/app:multi to be an image manifest but it is an index ("
                            + MediaTypes.OCI_INDEX + ") of [linux/amd64, linux/arm64/v8]");
            assertThat(failure(() ->
                            assertThat(registry).repository(APP).manifest("1.0").isIndex()))
                    .isEqualTo("expected manifest org/app:1.0 to be an index but it is an image manifest ("
                            + MediaTypes.OCI_MANIFEST + ") with 2 layers");
        }

        @Test
        void containsPlatform() {
            assertThat(registry)
                    .repository(APP)
                    .manifest("multi")
                    .isIndex()
                    .containsPlatform("linux", "arm64")
                    .containsPlatform("linux", "amd64");
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry).repository(APP).manifest("multi").containsPlatform("linux", "s390x"));
            assertThat(e.getMessage())
                    .isEqualTo("expected index org/app:multi to contain a manifest for linux/s390x but its platforms"
                            + " are [linux/amd64, linux/arm64/v8]");
            assertEquals("linux/s390x", e.getExpected().getValue());
        }

        @Test
        void platform() {
            assertThat(registry)
                    .repository(APP)
                    .manifest("multi")
                    .platform("linux", "arm64")
                    .hasLayerCount(1)
                    .hasConfigContaining("\"architecture\":\"arm64\"");
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .manifest("multi")
                            .platform("linux", "arm64")
                            .hasLayerCount(2)))
                    .startsWith("expected manifest org/app@" + armImage
                            + " (linux/arm64/v8 of org/app:multi) to have 2 layers but it has 1:");
        }

        @Test
        void dockerSchema2() {
            assertThat(registry)
                    .repository("org/docker")
                    .manifest("v1")
                    .isImage()
                    .hasMediaType(MediaTypes.DOCKER_MANIFEST)
                    .hasLayerMediaTypes(MediaTypes.DOCKER_LAYER)
                    .hasConfigContaining("amd64");
            assertThat(registry).repository("org/docker").tag("v1").pointsTo(dockerImage);
            assertThat(failure(() -> assertThat(registry)
                            .repository("org/docker")
                            .manifest("v1")
                            .hasMediaType(MediaTypes.OCI_MANIFEST)))
                    .isEqualTo("expected manifest org/docker:v1 to have media type " + MediaTypes.OCI_MANIFEST
                            + " but it has " + MediaTypes.DOCKER_MANIFEST);
        }
    }

    @Nested
    class Referrers {
        @Test
        void hasSizeAndWithArtifactType() {
            assertThat(registry)
                    .repository(APP)
                    .referrersOf(image)
                    .hasSize(2)
                    .contains(signature)
                    .withArtifactType(SIG)
                    .hasSize(1)
                    .contains(signature);
        }

        @Test
        void wrongSizeListsTheReferrers() {
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> assertThat(registry)
                            .repository(APP)
                            .referrersOf(image)
                            .hasSize(3));
            List<String> lines = sortedReferrerLines(e.getMessage());
            assertThat(e.getMessage()).startsWith("expected 3 referrers of " + image + " in org/app but found 2:\n");
            assertThat(lines)
                    .containsExactlyInAnyOrder(
                            signature + " artifactType=" + SIG + " (" + MediaTypes.OCI_MANIFEST + ", ",
                            sbom + " artifactType=" + SBOM + " (" + MediaTypes.OCI_MANIFEST + ", ");
            assertThat(e.getMessage()).contains("annotations {org.example.kind=sbom}");
            assertEquals(3, e.getExpected().getValue());
            assertEquals(2, e.getActual().getValue());
        }

        @Test
        void filteredToNothingListsAllReferrers() {
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .referrersOf(image)
                            .withArtifactType("application/vnd.example.attestation")
                            .hasSize(1)))
                    .startsWith("expected 1 referrer of " + image
                            + " in org/app with artifactType application/vnd.example.attestation but found none\n"
                            + "all referrers of " + image + " in org/app:\n  ")
                    .contains(signature + " artifactType=" + SIG)
                    .contains(sbom + " artifactType=" + SBOM);
        }

        @Test
        void isEmpty() {
            assertThat(registry).repository(APP).referrersOf(signature).isEmpty();
            assertThat(registry)
                    .repository(APP)
                    .referrersOf(image)
                    .withArtifactType("none")
                    .isEmpty();
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .referrersOf(image)
                            .withArtifactType(SIG)
                            .isEmpty()))
                    .startsWith("expected no referrers of " + image + " in org/app with artifactType " + SIG
                            + " but found 1:\n  " + signature + " artifactType=" + SIG);
        }

        @Test
        void contains() {
            assertThat(failure(() -> assertThat(registry)
                            .repository(APP)
                            .referrersOf(armImage)
                            .contains(signature)))
                    .isEqualTo("expected the referrers of " + armImage + " in org/app to include " + signature
                            + " but found none");
        }

        private List<String> sortedReferrerLines(String message) {
            List<String> lines = new ArrayList<>();
            for (String line : message.split("\n")) {
                if (line.startsWith("  ")) {
                    lines.add(line.substring(2, line.indexOf(", ") + 2));
                }
            }
            return lines;
        }
    }
}
