package dev.ocireg.journal;

import static dev.ocireg.assertions.RegistryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Digest;
import dev.ocireg.testing.Oci;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The journal keeps manifests and other small JSON bodies, never blob bodies. */
@OciRegistry
class JournalBodiesTest {
    private final RegistryHandle registry;
    private final RegistryClient client;

    /** One registry for the class, reset before each test. */
    JournalBodiesTest(RegistryHandle registry, RegistryClient client) {
        this.registry = registry;
        this.client = client;
    }

    @Test
    void manifestBodiesAreKeptBlobBodiesAreNot() {
        registry.reset();
        Digest manifest = client.pushImage("app", "1", Oci.EMPTY_JSON, List.of(Oci.pattern(3000)));
        client.pullManifest("app", "1");

        RecordedRequest put = registry.journal()
                .requests(r -> r.method().equals("PUT") && r.endpoint() == Endpoint.MANIFEST)
                .get(0);
        assertThat(put.requestBody()).hasValueSatisfying(b -> assertThat(b).contains("\"schemaVersion\":2"));
        assertThat(Digest.sha256(put.requestBody().get().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(manifest);
        RecordedRequest get = registry.journal()
                .requests(r -> r.method().equals("GET") && r.endpoint() == Endpoint.MANIFEST)
                .get(0);
        assertThat(get.responseBody()).isEqualTo(put.requestBody());

        assertThat(registry.journal().requests(r -> r.endpoint() == Endpoint.UPLOAD || r.endpoint() == Endpoint.BLOB))
                .isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.requestBody()).isEmpty();
                    if (r.method().equals("GET")) {
                        assertThat(r.responseBody()).isEmpty();
                    }
                });
        // errors are JSON: their bodies are kept too
        client.blobExists("app", manifest);
        assertThat(registry.journal())
                .received("PUT", "manifest")
                .withBody(json -> assertThat(json).contains("application/vnd.oci.image.manifest.v1+json"))
                .once();
        assertThatThrownBy(() -> assertThat(registry.journal())
                        .received("PUT", "manifest")
                        .withBody(json -> assertThat(json).contains("no such text")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() ->
                        assertThat(registry.journal()).received("PUT", "blob").withBody(json -> {}))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("with a body");
    }
}
