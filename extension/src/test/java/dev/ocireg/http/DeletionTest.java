package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** end-9 (DELETE manifests and tags) and end-10 (DELETE blobs), enabled and disabled. */
class DeletionTest {
    private static RegistryServer registry;
    private static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static List<String> tags(Http client, String repository) {
        return Http.strings(assertStatus(client.get("/v2/" + repository + "/tags/list"), 200)
                .json()
                .path("tags"));
    }

    private static List<String> referrerDigests(Http client, String repository, String subject) {
        Response r = assertStatus(client.get("/v2/" + repository + "/referrers/" + subject), 200);
        List<String> digests = new ArrayList<>();
        for (JsonNode d : r.json().path("manifests")) {
            digests.add(d.path("digest").asString());
        }
        return digests;
    }

    @Test
    void deletingAManifestByDigestRemovesItItsTagsAndItsReferrersEntry() {
        String repo = "del/m";
        Http.Image subject = http.pushImage(repo, "subject", "del-subject");
        http.pushBlob(repo, Oci.EMPTY_JSON);
        byte[] referrer = Oci.imageManifest(
                Oci.emptyConfig(),
                List.of(),
                Oci.map("artifactType", "application/vnd.example.sig", "subject", subject.descriptor()));
        String digest = Oci.sha256(referrer);
        http.pushManifest(repo, digest + "?tag=sig-1&tag=sig-2", Oci.OCI_MANIFEST, referrer);
        assertThat(referrerDigests(http, repo, subject.digest())).containsExactly(digest);

        Response r = assertStatus(http.delete("/v2/" + repo + "/manifests/" + digest), 202);
        assertThat(r.body()).isEmpty();

        assertError(http.get("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
        assertError(http.head("/v2/" + repo + "/manifests/" + digest), 404, null);
        assertError(http.get("/v2/" + repo + "/manifests/sig-1"), 404, "MANIFEST_UNKNOWN");
        assertError(http.get("/v2/" + repo + "/manifests/sig-2"), 404, "MANIFEST_UNKNOWN");
        assertThat(tags(http, repo)).containsExactly("subject");
        assertThat(referrerDigests(http, repo, subject.digest())).isEmpty();
        // The subject is untouched.
        assertStatus(http.get("/v2/" + repo + "/manifests/subject"), 200);
        // A second delete finds nothing.
        assertError(http.delete("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deletingATagLeavesTheManifest() {
        String repo = "del/t";
        Http.Image image = http.pushImage(repo, "one", "del-tag");
        http.pushManifest(repo, "two", Oci.OCI_MANIFEST, image.manifest());

        Response r = assertStatus(http.delete("/v2/" + repo + "/manifests/one"), 202);
        assertThat(r.body()).isEmpty();
        assertError(http.get("/v2/" + repo + "/manifests/one"), 404, "MANIFEST_UNKNOWN");
        assertThat(assertStatus(http.get("/v2/" + repo + "/manifests/" + image.digest()), 200)
                        .body())
                .isEqualTo(image.manifest());
        assertThat(assertStatus(http.get("/v2/" + repo + "/manifests/two"), 200).body())
                .isEqualTo(image.manifest());
        assertThat(tags(http, repo)).containsExactly("two");
        assertError(http.delete("/v2/" + repo + "/manifests/one"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void deletingABlob() {
        String repo = "del/b";
        byte[] content = Oci.bytes("blob to delete");
        String digest = http.pushBlob(repo, content);
        assertStatus(http.delete("/v2/" + repo + "/blobs/" + digest), 202);
        assertError(http.get("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertError(http.head("/v2/" + repo + "/blobs/" + digest), 404, null);
        assertError(http.delete("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    @Test
    void deletingABlobInOneRepositoryLeavesItInAnother() {
        byte[] content = Oci.bytes("shared blob");
        String digest = http.pushBlob("del/s1", content);
        http.pushBlob("del/s2", content);
        assertStatus(http.delete("/v2/del/s1/blobs/" + digest), 202);
        assertError(http.get("/v2/del/s1/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertThat(assertStatus(http.get("/v2/del/s2/blobs/" + digest), 200).body())
                .isEqualTo(content);
    }

    @Test
    void deletingAManifestInOneRepositoryLeavesItInAnother() {
        Http.Image image = http.pushImage("del/ma", "t", "shared-manifest");
        http.pushImage("del/mb", "t", "shared-manifest");
        assertStatus(http.delete("/v2/del/ma/manifests/" + image.digest()), 202);
        assertThat(assertStatus(http.get("/v2/del/mb/manifests/t"), 200).body()).isEqualTo(image.manifest());
    }

    @Test
    void deletingUnknownThingsIs404() {
        http.pushBlob("del/u", Oci.bytes("so the repository exists"));
        String digest = Oci.sha256(Oci.bytes("unknown"));
        assertError(http.delete("/v2/del/u/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
        assertError(http.delete("/v2/del/u/manifests/nosuchtag"), 404, "MANIFEST_UNKNOWN");
        assertError(http.delete("/v2/del/u/blobs/" + digest), 404, "BLOB_UNKNOWN");
        assertError(http.delete("/v2/del/nobody/manifests/" + digest), 404, "NAME_UNKNOWN");
        assertError(http.delete("/v2/del/nobody/manifests/latest"), 404, "NAME_UNKNOWN");
        assertError(http.delete("/v2/del/nobody/blobs/" + digest), 404, null);
    }

    @Test
    void deletingByAnInvalidDigestIs404() {
        // a digest that cannot exist names nothing to delete (end-9, end-10: 404)
        http.pushBlob("del/u", Oci.bytes("so the repository exists"));
        assertError(http.delete("/v2/del/u/blobs/sha256:abc"), 404, "BLOB_UNKNOWN");
        assertError(http.delete("/v2/del/u/manifests/sha256:abc"), 404, "MANIFEST_UNKNOWN");
        assertError(http.delete("/v2/del/u/manifests/.INVALID_MANIFEST_NAME"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void blobDeletionCanBeDisabled() {
        try (RegistryServer server =
                RegistryServer.builder().blobDeletion(false).build().start()) {
            Http client = new Http(server);
            String digest = client.pushBlob("del/x", Oci.bytes("kept"));
            Response refused = client.delete("/v2/del/x/blobs/" + digest);
            assertError(refused, 405, "UNSUPPORTED");
            assertThat(refused.headerValues("Allow")).containsExactlyInAnyOrder("GET", "HEAD");
            assertStatus(client.get("/v2/del/x/blobs/" + digest), 200);
            // Manifests and tags can still be deleted.
            Http.Image image = client.pushImage("del/x", "t", "blob-deletion-off");
            assertStatus(client.delete("/v2/del/x/manifests/t"), 202);
            assertStatus(client.delete("/v2/del/x/manifests/" + image.digest()), 202);
        }
    }

    @Test
    void manifestDeletionCanBeDisabled() {
        try (RegistryServer server =
                RegistryServer.builder().manifestDeletion(false).build().start()) {
            Http client = new Http(server);
            Http.Image image = client.pushImage("del/x", "t", "manifest-deletion-off");
            client.pushManifest("del/x", "t2", Oci.OCI_MANIFEST, image.manifest());
            Response refused = client.delete("/v2/del/x/manifests/" + image.digest());
            assertError(refused, 405, "UNSUPPORTED");
            assertThat(refused.headerValues("Allow")).containsExactlyInAnyOrder("GET", "HEAD", "PUT");
            assertStatus(client.get("/v2/del/x/manifests/" + image.digest()), 200);
            assertStatus(client.get("/v2/del/x/manifests/t"), 200);
            // Tags and blobs can still be deleted.
            assertStatus(client.delete("/v2/del/x/manifests/t2"), 202);
            String blob = client.pushBlob("del/x", Oci.bytes("extra"));
            assertStatus(client.delete("/v2/del/x/blobs/" + blob), 202);
        }
    }

    @Test
    void tagDeletionCanBeDisabled() {
        try (RegistryServer server =
                RegistryServer.builder().tagDeletion(false).build().start()) {
            Http client = new Http(server);
            Http.Image image = client.pushImage("del/x", "t", "tag-deletion-off");
            Response refused = client.delete("/v2/del/x/manifests/t");
            assertError(refused, 405, "UNSUPPORTED");
            assertThat(refused.headerValues("Allow")).containsExactlyInAnyOrder("GET", "HEAD", "PUT");
            assertStatus(client.get("/v2/del/x/manifests/t"), 200);
            // Deleting by digest still works, and takes the tag with it.
            assertStatus(client.delete("/v2/del/x/manifests/" + image.digest()), 202);
            assertError(client.get("/v2/del/x/manifests/t"), 404, "MANIFEST_UNKNOWN");
        }
    }

    @Test
    void unknownContentOnARegistryWithDeletionsDisabledIsStill405() {
        try (RegistryServer server = RegistryServer.builder()
                .blobDeletion(false)
                .manifestDeletion(false)
                .tagDeletion(false)
                .build()
                .start()) {
            Http client = new Http(server);
            String digest = Oci.sha256(Oci.bytes("unknown"));
            assertError(client.delete("/v2/del/x/blobs/" + digest), 405, "UNSUPPORTED");
            assertError(client.delete("/v2/del/x/manifests/" + digest), 405, "UNSUPPORTED");
            assertError(client.delete("/v2/del/x/manifests/t"), 405, "UNSUPPORTED");
        }
    }

    @Test
    void referrersOfADeletedSubjectStayListed() {
        // Deleting a subject does not delete its referrers (the spec leaves that to clients).
        String repo = "del/subject-gone";
        Http.Image subject = http.pushImage(repo, null, "gone");
        http.pushBlob(repo, Oci.EMPTY_JSON);
        byte[] referrer = Oci.imageManifest(
                Oci.emptyConfig(),
                List.of(),
                Oci.map("artifactType", "application/vnd.x", "subject", subject.descriptor()));
        String digest = http.pushManifest(repo, Oci.sha256(referrer), Oci.OCI_MANIFEST, referrer);
        assertStatus(http.delete("/v2/" + repo + "/manifests/" + subject.digest()), 202);
        assertThat(referrerDigests(http, repo, subject.digest())).containsExactly(digest);
    }
}
