package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import java.net.URI;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@OciRegistry
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassLevelAnnotationTest {
    static int port;
    static String digest;

    ClassLevelAnnotationTest(RegistryHandle registry) {
        assertThat(registry.port()).isPositive();
    }

    @Test
    @Order(1)
    void injectsTheHandleAndTheUrlInBothForms(RegistryHandle registry, @RegistryUrl String url, @RegistryUrl URI uri) {
        assertThat(url).isEqualTo(registry.url().toString()).startsWith("http://127.0.0.1:");
        assertThat(uri).isEqualTo(registry.url());
        assertThat(registry.host()).isEqualTo("localhost:" + registry.port());
        assertThat(registry.name()).isEqualTo("default");
        port = registry.port();
        digest = Http.of(uri).pushBlob("class/level", Oci.bytes("content"));
        assertThat(Http.of(uri).status("/v2/class/level/blobs/" + digest)).isEqualTo(200);
    }

    @Test
    @Order(3)
    void injectsAClientAndOffersAssertions(RegistryHandle registry, dev.ocireg.client.RegistryClient client) {
        assertThat(client).isSameAs(registry.client());
        assertThat(client.url()).isEqualTo(registry.url());
        var blob =
                client.pushBlob("injected/client", "via the client".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        registry.assertThat()
                .repository("injected/client")
                .hasBlob(blob.digest())
                .withSize(14);
    }

    @Test
    @Order(2)
    void theSameRegistryServesTheNextTestEmptied(RegistryHandle registry) {
        assertThat(registry.port()).isEqualTo(port);
        assertThat(Http.of(registry.url()).status("/v2/class/level/blobs/" + digest))
                .isEqualTo(404);
        assertThat(registry.journal().requests()).hasSize(1); // only the GET above: the reset cleared the journal
    }
}
