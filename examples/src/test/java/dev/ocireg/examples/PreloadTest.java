package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A read-only registry that starts with an image from an OCI layout on the test classpath. */
// tag::preload[]
@OciRegistry(readOnly = true, preload = "library/hello=classpath:layouts/hello")
class PreloadTest {

    @Test
    void servesThePreloadedImage(RegistryHandle registry) throws Exception {
        HttpResponse<String> manifest = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(registry.url().resolve("/v2/library/hello/manifests/1.0"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.oci.image.manifest.v1+json");
    }
}
// end::preload[]
