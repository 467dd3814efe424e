package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.junit.OciRegistryExtension;
import dev.ocireg.junit.RegistryHandle;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One registry for the whole class, configured in code, emptied before each test. */
// tag::shared[]
class SharedRegistryTest {

    @RegisterExtension
    static OciRegistryExtension registry = OciRegistryExtension.builder()
            .configure(settings -> settings.maxManifestBytes(64 * 1024).tagDeletion(false))
            .build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsEmpty(RegistryHandle registry) throws Exception {
        HttpResponse<String> catalog = http.send(
                HttpRequest.newBuilder(registry.url().resolve("/v2/_catalog")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(catalog.body()).isEqualTo("{\"repositories\":[]}");
    }

    @Test
    void tagDeletionIsOff(RegistryHandle registry) throws Exception {
        HttpResponse<String> delete = http.send(
                HttpRequest.newBuilder(registry.url().resolve("/v2/app/manifests/latest"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.body()).contains("UNSUPPORTED", "tag deletion is disabled");
    }
}
// end::shared[]
