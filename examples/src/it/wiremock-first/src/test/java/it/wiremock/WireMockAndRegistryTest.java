package it.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** WireMock brings Jetty 11 and comes first on the class path; ocireg runs its own, relocated Jetty 12 beside it. */
@WireMockTest
@OciRegistry
class WireMockAndRegistryTest {

    @Test
    void bothServersAnswer(WireMockRuntimeInfo wireMock, RegistryHandle registry) throws Exception {
        wireMock.getWireMock().register(get(urlEqualTo("/hello")).willReturn(aResponse().withBody("from wiremock")));
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> mocked = http.send(
                HttpRequest.newBuilder(URI.create(wireMock.getHttpBaseUrl() + "/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        registry.client().pushBlob("it/wiremock", "from ocireg".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> base = http.send(
                HttpRequest.newBuilder(registry.url().resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("from wiremock", mocked.body());
        assertEquals(200, base.statusCode());
        registry.assertThat().hasRepository("it/wiremock");
    }
}
