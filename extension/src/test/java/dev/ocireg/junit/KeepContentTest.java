package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

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
        digest = Push.blob(registry.url(), "kept", "kept content");
    }

    @Test
    @Order(2)
    void theNextTestStillSeesIt(RegistryHandle registry) {
        assertThat(Push.get(registry.url(), "/v2/kept/blobs/" + digest)).isEqualTo(200);
        assertThat(registry.journal().requests()).extracting(r -> r.method()).containsExactly("POST", "GET");
    }
}
