package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** end-11: {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<other>}. */
class BlobMountTest {
    private static final byte[] CONTENT = Oci.bytes("a blob to mount");
    private static final String DIGEST = Oci.sha256(CONTENT);

    private static RegistryServer registry;
    private static RegistryServer strict;
    private static Http http;
    private static Http strictHttp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        strict = RegistryServer.builder().mountWithoutFrom(false).build().start();
        http = new Http(registry);
        strictHttp = new Http(strict);
        http.pushBlob("mount/source", CONTENT);
        strictHttp.pushBlob("mount/source", CONTENT);
    }

    @AfterAll
    static void stop() {
        registry.close();
        strict.close();
    }

    private static void assertMounted(Http client, Response r, String repository) {
        assertStatus(r, 201);
        assertThat(r.header("Location")).endsWith("/v2/" + repository + "/blobs/" + DIGEST);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(DIGEST);
        Response get = assertStatus(client.get("/v2/" + repository + "/blobs/" + DIGEST), 200);
        assertThat(get.body()).isEqualTo(CONTENT);
    }

    private static void assertUploadStarted(Http client, Response r, String repository) {
        assertStatus(r, 202);
        Http.uploadId(r, repository);
        assertError(client.get("/v2/" + repository + "/blobs/" + DIGEST), 404, "BLOB_UNKNOWN");
        // The session is a real one: the client may go on and upload the blob itself.
        Response put = client.put(r.header("Location") + "?digest=" + DIGEST, CONTENT);
        assertStatus(put, 201);
        assertThat(client.get("/v2/" + repository + "/blobs/" + DIGEST).body()).isEqualTo(CONTENT);
    }

    @Test
    void mountFromARepositoryThatHasTheBlobIs201() {
        Response r = http.post("/v2/mount/t1/blobs/uploads/?mount=" + DIGEST + "&from=mount/source", new byte[0]);
        assertMounted(http, r, "mount/t1");
        // The source keeps it.
        assertStatus(http.head("/v2/mount/source/blobs/" + DIGEST), 200);
    }

    @Test
    void mountWithoutFromFindsTheBlobAnywhereByDefault() {
        Response r = http.post("/v2/mount/t2/blobs/uploads/?mount=" + DIGEST, new byte[0]);
        assertMounted(http, r, "mount/t2");
    }

    @Test
    void mountOfAnAbsentBlobStartsAnUpload() {
        String absent = Oci.sha256(Oci.bytes("nowhere"));
        Response r = http.post("/v2/mount/t3/blobs/uploads/?mount=" + absent + "&from=mount/source", new byte[0]);
        assertStatus(r, 202);
        Http.uploadId(r, "mount/t3");
        assertThat(r.header("Range")).isEqualTo("0-0");
        assertError(http.get("/v2/mount/t3/blobs/" + absent), 404, "BLOB_UNKNOWN");
    }

    @Test
    void mountFromARepositoryWithoutTheBlobStartsAnUpload() {
        http.pushBlob("mount/other", Oci.bytes("something else"));
        Response r = http.post("/v2/mount/t4/blobs/uploads/?mount=" + DIGEST + "&from=mount/other", new byte[0]);
        assertUploadStarted(http, r, "mount/t4");
    }

    @Test
    void mountFromAnUnknownRepositoryStartsAnUpload() {
        Response r = http.post("/v2/mount/t5/blobs/uploads/?mount=" + DIGEST + "&from=mount/unknown", new byte[0]);
        assertUploadStarted(http, r, "mount/t5");
    }

    @Test
    void withMountWithoutFromDisabledAMountWithoutFromStartsAnUpload() {
        Response r = strictHttp.post("/v2/mount/s1/blobs/uploads/?mount=" + DIGEST, new byte[0]);
        assertUploadStarted(strictHttp, r, "mount/s1");
    }

    @Test
    void withMountWithoutFromDisabledAMountWithFromStillWorks() {
        Response r = strictHttp.post("/v2/mount/s2/blobs/uploads/?mount=" + DIGEST + "&from=mount/source", new byte[0]);
        assertMounted(strictHttp, r, "mount/s2");
    }

    @Test
    void anInvalidMountDigestIs400() {
        assertError(
                http.post("/v2/mount/t6/blobs/uploads/?mount=sha256:nope&from=mount/source", new byte[0]),
                400,
                "DIGEST_INVALID");
    }

    @Test
    void anInvalidFromNameIs400() {
        assertError(
                http.post("/v2/mount/t7/blobs/uploads/?mount=" + DIGEST + "&from=Not/Valid", new byte[0]),
                400,
                "NAME_INVALID");
    }
}
