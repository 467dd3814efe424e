package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InheritedAnnotationTest extends AnnotatedBase {

    @Test
    void aSubclassOfAnAnnotatedBaseGetsTheRegistry(RegistryHandle registry) {
        assertThat(registry.server().url()).isEqualTo(registry.url());
        String big = "{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(600) + "\"}";
        int status = Push.send(
                        java.net.http.HttpRequest.newBuilder(registry.url().resolve("/v2/a/manifests/v1"))
                                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(big))
                                .build())
                .statusCode();
        assertThat(status)
                .as("the inherited configurer's maxManifestBytes applies")
                .isEqualTo(413);
    }
}
