package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@OciRegistry(resetBeforeEach = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeepContentTest {
    static String digest;

    @Test
    @Order(1)
    void pushes(RegistryHandle registry) {
        digest = Http.of(registry.url()).pushBlob("kept", Oci.bytes("kept content"));
    }

    @Test
    @Order(2)
    void theNextTestStillSeesIt(RegistryHandle registry) {
        assertThat(Http.of(registry.url()).status("/v2/kept/blobs/" + digest)).isEqualTo(200);
        assertThat(registry.journal().requests()).extracting(r -> r.method()).containsExactly("POST", "GET");
    }
}
