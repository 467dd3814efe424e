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

    @Test
    void theJournalRecordsEveryRequestAndResetEmptiesEverything() throws Exception {
        try (RegistryServer registry =
                RegistryServer.builder().journalCapacity(3).build().start()) {
            byte[] blob = "journal".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String digest = dev.ocireg.spec.Digest.sha256(blob).toString();
            HttpResponse<String> push = http.send(
                    HttpRequest.newBuilder(registry.url().resolve("/v2/j/r/blobs/uploads/?digest=" + digest))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(201);
            http.send(
                    HttpRequest.newBuilder(registry.url().resolve("/v2/j/r/blobs/" + digest))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            var requests = registry.journal().requests();
            assertThat(requests).hasSize(2);
            var post = requests.get(0);
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.endpoint()).isEqualTo(dev.ocireg.journal.Endpoint.UPLOADS);
            assertThat(post.repository()).isEqualTo("j/r");
            assertThat(post.status()).isEqualTo(201);
            assertThat(post.requestBytes()).isEqualTo(blob.length);
            assertThat(post.digest()).hasValue(digest);
            var get = requests.get(1);
            assertThat(get.endpoint()).isEqualTo(dev.ocireg.journal.Endpoint.BLOB);
            assertThat(get.responseBytes()).isEqualTo(blob.length);
            assertThat(get.responseHeader("Docker-Content-Digest")).hasValue(digest);
            assertThat(registry.journal().toString()).contains("GET /v2/j/r/blobs/" + digest + " 200");

            for (int i = 0; i < 3; i++) {
                http.send(
                        HttpRequest.newBuilder(registry.url().resolve("/v2/")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertThat(registry.journal().requests())
                    .hasSize(3)
                    .allMatch(r -> r.endpoint() == dev.ocireg.journal.Endpoint.BASE);
            assertThat(registry.journal().dropped()).isEqualTo(2);

            registry.reset();
            assertThat(registry.journal().requests()).isEmpty();
            HttpResponse<String> gone = http.send(
                    HttpRequest.newBuilder(registry.url().resolve("/v2/j/r/blobs/" + digest))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(404);
        }
    }
}
