package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@OciRegistry(
        readOnly = true,
        preload = {"library/hello=classpath:layouts/hello", "tarred/hello=classpath:layouts/hello.tar"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreloadTest {
    static final String MANIFEST = "sha256:dc85511d7491e9bb097ede04f398e0984b57df43c3c32c6014065fc0b123124b";

    @Test
    @Order(1)
    void aLayoutDirectoryAndATarAreServedByTheirRefNameTag(RegistryHandle registry) {
        for (String repo : new String[] {"library/hello", "tarred/hello"}) {
            Http.Response manifest = Http.of(registry.url()).get("/v2/" + repo + "/manifests/1.0");
            assertThat(manifest.status()).isEqualTo(200);
            assertThat(manifest.header("Docker-Content-Digest")).isEqualTo(MANIFEST);
            assertThat(Http.of(registry.url())
                            .status("/v2/" + repo + "/blobs/"
                                    + "sha256:2ae70ace3e0ed96cf793ad33a3a0b2a51bbbc8946c49e231dd1a220a47fb2a11"))
                    .isIn(200);
        }
        assertThat(registry.journal().requests())
                .as("preloading is not in the journal")
                .hasSize(4);
    }

    @Test
    @Order(2)
    void aResetRestoresThePreloadedContent(RegistryHandle registry) {
        assertThat(Http.of(registry.url()).status("/v2/library/hello/manifests/1.0"))
                .isEqualTo(200);
        assertThat(Http.of(registry.url()).status("/v2/library/hello/tags/list"))
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void anExplicitResetRestoresThePreloadedContentToo(RegistryHandle registry) {
        registry.reset(); // preloads belong to the server: every reset path loads them again

        assertThat(Http.of(registry.url()).status("/v2/library/hello/manifests/1.0"))
                .isEqualTo(200);
        assertThat(Http.of(registry.url()).status("/v2/tarred/hello/manifests/1.0"))
                .isEqualTo(200);
        registry.assertThat().repository("library/hello").hasTags("1.0");
    }
}
