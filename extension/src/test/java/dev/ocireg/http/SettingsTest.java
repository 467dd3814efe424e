package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storages;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The builder's settings, each seen over HTTP: read-only, size limits, sparse indexes, name pattern, storage. */
class SettingsTest {

    @Nested
    class ReadOnly {
        private static final String REPO = "ro/r";

        static Stream<Arguments> writes() {
            String blob = Oci.sha256(Oci.bytes("ro blob"));
            String manifest = "sha256:" + "0".repeat(64);
            return Stream.of(
                    Arguments.of("POST", "/v2/" + REPO + "/blobs/uploads/"),
                    Arguments.of("POST", "/v2/ro/new/blobs/uploads/"),
                    Arguments.of("POST", "/v2/" + REPO + "/blobs/uploads/?digest=" + Oci.sha256(Oci.bytes("new"))),
                    Arguments.of("POST", "/v2/ro/new/blobs/uploads/?mount=" + blob + "&from=" + REPO),
                    Arguments.of("PUT", "/v2/" + REPO + "/manifests/v2"),
                    Arguments.of("PUT", "/v2/" + REPO + "/manifests/" + manifest),
                    Arguments.of("DELETE", "/v2/" + REPO + "/manifests/v1"),
                    Arguments.of("DELETE", "/v2/" + REPO + "/manifests/" + manifest),
                    Arguments.of("DELETE", "/v2/" + REPO + "/blobs/" + blob));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("writes")
        void everyWriteIsRefusedWith405(String method, String target) {
            Storage storage = Storages.inMemory();
            try (RegistryServer writable =
                            RegistryServer.builder().storage(storage).build().start();
                    RegistryServer readOnly = RegistryServer.builder()
                            .storage(storage)
                            .readOnly(true)
                            .build()
                            .start()) {
                Http w = new Http(writable);
                Http.Image image = w.pushImage(REPO, "v1", "read-only");
                String blob = w.pushBlob(REPO, Oci.bytes("ro blob"));

                Http r = new Http(readOnly);
                Response refused = r.send(method, target, Oci.bytes("body"));
                assertError(refused, 405, "UNSUPPORTED");
                // RFC 9110: a 405 says what is still allowed, here at most reads.
                assertThat(refused.hasHeader("Allow"))
                        .as("Allow in %s", refused)
                        .isTrue();
                assertThat(refused.headerValues("Allow")).isSubsetOf("GET", "HEAD");

                // Nothing changed.
                assertThat(assertStatus(r.get("/v2/" + REPO + "/manifests/v1"), 200)
                                .body())
                        .isEqualTo(image.manifest());
                assertStatus(r.head("/v2/" + REPO + "/blobs/" + blob), 200);
                assertThat(Http.strings(
                                r.get("/v2/" + REPO + "/tags/list").json().path("tags")))
                        .containsExactly("v1");
                assertThat(Http.strings(r.get("/v2/_catalog").json().path("repositories")))
                        .containsExactly(REPO);
            } finally {
                close(storage);
            }
        }

        @Test
        void uploadsStartedElsewhereCannotBeContinuedOrCancelled() {
            Storage storage = Storages.inMemory();
            try (RegistryServer writable =
                            RegistryServer.builder().storage(storage).build().start();
                    RegistryServer readOnly = RegistryServer.builder()
                            .storage(storage)
                            .readOnly(true)
                            .build()
                            .start()) {
                Http w = new Http(writable);
                Response started = assertStatus(w.post("/v2/" + REPO + "/blobs/uploads/", new byte[0]), 202);
                String location = started.header("Location");
                assertStatus(w.patch(location, Oci.pattern(5)), 202);

                Http r = new Http(readOnly);
                String digest = Oci.sha256(Oci.pattern(5));
                assertError(r.patch(location, Oci.pattern(5)), 405, "UNSUPPORTED");
                assertError(r.put(location + "?digest=" + digest, null), 405, "UNSUPPORTED");
                Response cancel = r.delete(location);
                assertError(cancel, 405, "UNSUPPORTED");
                assertThat(cancel.headerValues("Allow")).containsExactly("GET", "HEAD");
                // Reading the status is fine, and the upload is untouched.
                assertThat(assertStatus(r.get(location), 204).header("Range")).isEqualTo("0-4");
                assertStatus(w.put(location + "?digest=" + digest, null), 201);
            } finally {
                close(storage);
            }
        }

        @Test
        void everyReadStillWorks() {
            Storage storage = Storages.inMemory();
            try (RegistryServer writable =
                            RegistryServer.builder().storage(storage).build().start();
                    RegistryServer readOnly = RegistryServer.builder()
                            .storage(storage)
                            .readOnly(true)
                            .build()
                            .start()) {
                Http w = new Http(writable);
                Http.Image image = w.pushImage(REPO, "v1", "read-only reads");
                String blob = w.pushBlob(REPO, Oci.bytes("ro blob"));

                Http r = new Http(readOnly);
                assertStatus(r.get("/v2/"), 200);
                assertThat(assertStatus(r.get("/v2/" + REPO + "/blobs/" + blob), 200)
                                .text())
                        .isEqualTo("ro blob");
                assertStatus(r.head("/v2/" + REPO + "/blobs/" + blob), 200);
                assertStatus(r.get("/v2/" + REPO + "/blobs/" + blob, "Range", "bytes=0-1"), 206);
                assertThat(assertStatus(r.get("/v2/" + REPO + "/manifests/v1"), 200)
                                .body())
                        .isEqualTo(image.manifest());
                assertStatus(r.head("/v2/" + REPO + "/manifests/" + image.digest()), 200);
                assertStatus(r.get("/v2/" + REPO + "/tags/list"), 200);
                assertStatus(r.get("/v2/_catalog"), 200);
                assertStatus(r.get("/v2/" + REPO + "/referrers/" + image.digest()), 200);
                assertError(r.get("/v2/" + REPO + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
            } finally {
                close(storage);
            }
        }
    }

    @Nested
    class MaxManifestBytes {
        private static final int MAX = 512;

        /** A valid manifest of exactly {@code size} bytes. */
        private byte[] manifestOf(Http http, int size) {
            Map<String, Object> config = http.pushBlob("max/m", Oci.OCI_CONFIG, Oci.bytes("{}"));
            int base = Oci.imageManifest(config, List.of(), Oci.map("annotations", Map.of("pad", ""))).length;
            byte[] body = Oci.imageManifest(
                    config, List.of(), Oci.map("annotations", Map.of("pad", "x".repeat(size - base))));
            assertThat(body).hasSize(size);
            return body;
        }

        @Test
        void aManifestOfTheLimitIsAcceptedOneByteMoreIs413() {
            try (RegistryServer server =
                    RegistryServer.builder().maxManifestBytes(MAX).build().start()) {
                Http http = new Http(server);
                byte[] fits = manifestOf(http, MAX);
                http.pushManifest("max/m", "fits", Oci.OCI_MANIFEST, fits);

                byte[] tooLarge = manifestOf(http, MAX + 1);
                Response r = http.put("/v2/max/m/manifests/large", tooLarge, "Content-Type", Oci.OCI_MANIFEST);
                assertError(r, 413, null);
                Response streamed = http.sendStreamed(
                        "PUT", "/v2/max/m/manifests/large", tooLarge, "Content-Type", Oci.OCI_MANIFEST);
                assertError(streamed, 413, null);
                assertError(http.get("/v2/max/m/manifests/large"), 404, "MANIFEST_UNKNOWN");
                assertError(http.get("/v2/max/m/manifests/" + Oci.sha256(tooLarge)), 404, "MANIFEST_UNKNOWN");
            }
        }

        @Test
        void theDefaultAcceptsFourMebibytes() {
            try (RegistryServer server = RegistryServer.builder().build().start()) {
                Http http = new Http(server);
                byte[] body = manifestOf(http, 4 * 1024 * 1024);
                http.pushManifest("max/m", "big", Oci.OCI_MANIFEST, body);
                assertThat(http.get("/v2/max/m/manifests/big").body()).isEqualTo(body);
                byte[] tooLarge = manifestOf(http, 4 * 1024 * 1024 + 1);
                assertError(
                        http.put("/v2/max/m/manifests/bigger", tooLarge, "Content-Type", Oci.OCI_MANIFEST), 413, null);
            }
        }
    }

    @Nested
    class MaxChunkBytes {

        @Test
        void chunksOverTheLimitAre413AndTheUploadStaysWhereItWas() {
            try (RegistryServer server =
                    RegistryServer.builder().maxChunkBytes(10).build().start()) {
                Http http = new Http(server);
                byte[] content = Oci.pattern(20);
                String location = assertStatus(http.post("/v2/chunk/r/blobs/uploads/", new byte[0]), 202)
                        .header("Location");
                location = assertStatus(
                                http.patch(location, Arrays.copyOfRange(content, 0, 10), "Content-Range", "0-9"), 202)
                        .header("Location");

                assertError(http.patch(location, Oci.pattern(11), "Content-Range", "10-20"), 413, "SIZE_INVALID");
                assertError(http.patch(location, Oci.pattern(11)), 413, "SIZE_INVALID");
                assertError(http.sendStreamed("PATCH", location, Oci.pattern(11)), 413, "SIZE_INVALID");
                assertError(http.put(location + "?digest=" + Oci.sha256(Oci.pattern(21)), Oci.pattern(11)), 413, null);
                assertThat(assertStatus(http.get(location), 204).header("Range"))
                        .isEqualTo("0-9");

                // The whole blob may be larger than one chunk.
                Response last = assertStatus(
                        http.patch(location, Arrays.copyOfRange(content, 10, 20), "Content-Range", "10-19"), 202);
                assertThat(last.header("Range")).isEqualTo("0-19");
                assertStatus(http.put(last.header("Location") + "?digest=" + Oci.sha256(content), null), 201);
                assertThat(http.get("/v2/chunk/r/blobs/" + Oci.sha256(content)).body())
                        .isEqualTo(content);
            }
        }

        @Test
        void aSinglePostOverTheLimitIs413() {
            try (RegistryServer server =
                    RegistryServer.builder().maxChunkBytes(10).build().start()) {
                Http http = new Http(server);
                byte[] content = Oci.pattern(11);
                String digest = Oci.sha256(content);
                assertError(http.post("/v2/chunk/r/blobs/uploads/?digest=" + digest, content), 413, "SIZE_INVALID");
                assertError(http.get("/v2/chunk/r/blobs/" + digest), 404, "BLOB_UNKNOWN");
                http.pushBlob("chunk/r", Oci.pattern(10));
            }
        }
    }

    @Nested
    class SparseIndexes {

        @Test
        void anIndexWithMissingChildrenIsAcceptedWhenAllowed() {
            try (RegistryServer server =
                    RegistryServer.builder().sparseIndexes(true).build().start()) {
                Http http = new Http(server);
                Http.Image present = http.pushImage("sparse/r", null, "present");
                byte[] index = Oci.index(
                        List.of(present.descriptor(), Oci.absent(Oci.OCI_MANIFEST, "missing child")), Map.of());
                http.pushManifest("sparse/r", "sparse", Oci.OCI_INDEX, index);
                Response r = assertStatus(http.get("/v2/sparse/r/manifests/sparse"), 200);
                assertThat(r.body()).isEqualTo(index);
                assertThat(r.header("Content-Type")).isEqualTo(Oci.OCI_INDEX);

                // Image manifests must still have their blobs.
                byte[] image = Oci.imageManifest(Oci.absent(Oci.OCI_CONFIG, "cfg"), List.of(), Map.of());
                assertError(
                        http.put("/v2/sparse/r/manifests/image", image, "Content-Type", Oci.OCI_MANIFEST),
                        400,
                        "MANIFEST_BLOB_UNKNOWN");
            }
        }

        @Test
        void byDefaultAnIndexWithMissingChildrenIsRefused() {
            try (RegistryServer server = RegistryServer.builder().build().start()) {
                Http http = new Http(server);
                byte[] index = Oci.index(List.of(Oci.absent(Oci.OCI_MANIFEST, "missing child")), Map.of());
                Response r = http.put("/v2/sparse/r/manifests/sparse", index, "Content-Type", Oci.OCI_INDEX);
                assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
            }
        }
    }

    @Nested
    class RepositoryNamePattern {

        @Test
        void aCustomPatternIsAppliedEverywhere() {
            try (RegistryServer server = RegistryServer.builder()
                    .repositoryNamePattern("[a-z]+(/[a-z]+)*")
                    .build()
                    .start()) {
                Http http = new Http(server);
                Http.Image image = http.pushImage("abc/def", "v1", "custom pattern");
                assertThat(http.get("/v2/abc/def/manifests/v1").body()).isEqualTo(image.manifest());
                assertThat(Http.strings(http.get("/v2/abc/def/tags/list").json().path("tags")))
                        .containsExactly("v1");

                for (String name : List.of("a1", "a-b", "a_b", "a.b", "abc/de1", "Abc")) {
                    assertError(http.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
                    assertError(http.post("/v2/" + name + "/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
                    assertError(
                            http.put(
                                    "/v2/" + name + "/manifests/v1",
                                    image.manifest(),
                                    "Content-Type",
                                    Oci.OCI_MANIFEST),
                            400,
                            "NAME_INVALID");
                }
                String layer = Oci.sha256(Oci.bytes("layer of custom pattern"));
                assertError(
                        http.post("/v2/abc/blobs/uploads/?mount=" + layer + "&from=abc-def", new byte[0]),
                        400,
                        "NAME_INVALID");
                assertStatus(http.post("/v2/abc/blobs/uploads/?mount=" + layer + "&from=abc/def", new byte[0]), 201);
            }
        }

        @Test
        void theSpecPatternIsTheDefault() {
            try (RegistryServer server = RegistryServer.builder().build().start()) {
                Http http = new Http(server);
                http.pushImage("a1/b-c/d.e/f_g/h__i/j---k", "v1", "spec pattern");
                assertError(http.get("/v2/a_/tags/list"), 400, "NAME_INVALID");
            }
        }
    }

    @Nested
    class StorageDirectory {

        @Test
        void contentOnDiskSurvivesARestart(@TempDir Path dir) {
            Http.Image image;
            String blob;
            try (RegistryServer first =
                    RegistryServer.builder().storageDirectory(dir).build().start()) {
                Http http = new Http(first);
                image = http.pushImage("disk/r", "v1", "on disk");
                blob = http.pushBlob("disk/r", Oci.bytes("disk blob"));
            }
            try (RegistryServer second =
                    RegistryServer.builder().storageDirectory(dir).build().start()) {
                Http http = new Http(second);
                assertThat(assertStatus(http.get("/v2/disk/r/manifests/v1"), 200)
                                .body())
                        .isEqualTo(image.manifest());
                assertThat(assertStatus(http.get("/v2/disk/r/blobs/" + blob), 200)
                                .text())
                        .isEqualTo("disk blob");
                assertThat(Http.strings(http.get("/v2/_catalog").json().path("repositories")))
                        .containsExactly("disk/r");
            }
        }
    }

    private static void close(Storage storage) {
        try {
            storage.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
