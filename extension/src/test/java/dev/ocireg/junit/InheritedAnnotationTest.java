package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import org.junit.jupiter.api.Test;

class InheritedAnnotationTest extends AnnotatedBase {

    @Test
    void aSubclassOfAnAnnotatedBaseGetsTheRegistry(RegistryHandle registry) {
        assertThat(registry.server().url()).isEqualTo(registry.url());
        String big = "{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(600) + "\"}";
        int status = Http.of(registry.url())
                .put("/v2/a/manifests/v1", Oci.bytes(big), "Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .status();
        assertThat(status)
                .as("the inherited configurer's maxManifestBytes applies")
                .isEqualTo(413);
    }
}
