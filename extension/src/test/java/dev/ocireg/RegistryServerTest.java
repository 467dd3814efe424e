package dev.ocireg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RegistryServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsOnARandomPortAndAnswersTheBaseEndpoint() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            assertThat(registry.port()).isPositive();
            assertThat(registry.host()).isEqualTo("localhost:" + registry.port());
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(registry.url().resolve("/v2/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{}");
            assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
                    .hasValue("registry/2.0");
        }
    }

    @Test
    void urlIsUnavailableBeforeStart() {
        RegistryServer registry = RegistryServer.builder().build();
        assertThatThrownBy(registry::url).hasMessageContaining("not started");
        registry.close();
    }

    @Test
    void twoRegistriesGetDifferentPortsAndSeparateStorage() throws Exception {
        try (RegistryServer a = RegistryServer.builder().build().start();
                RegistryServer b = RegistryServer.builder().build().start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.storage()).isNotSameAs(b.storage());
            URI url = a.url();
            assertThat(url.getScheme()).isEqualTo("http");
        }
    }
}
