package dev.ocireg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocireg.RegistryServer;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.testing.Oci;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client under the registry's faults: idempotent requests are retried, with Retry-After honoured. */
class RegistryClientRetryTest {
    private static RegistryServer registry;
    private static RegistryClient client;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        client = RegistryClient.builder(registry.url())
                .retryBackoff(Duration.ofMillis(20), Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        registry.close();
    }

    @BeforeEach
    void reset() {
        registry.reset();
    }

    @Test
    void aPullGoesThroughTwo503s() {
        Descriptor blob = client.pushBlob("app", Oci.pattern(1000));
        registry.faults().on("GET", Endpoint.BLOB).times(2).respond(503);
        assertThat(client.pullBlob("app", blob.digest())).isEqualTo(Oci.pattern(1000));
        assertThat(registry.journal()
                        .requests(
                                r -> r.endpoint() == Endpoint.BLOB && r.method().equals("GET")))
                .extracting(r -> r.status())
                .containsExactly(503, 503, 200);
    }

    @Test
    void threeFailuresAreTooMany() {
        Descriptor blob = client.pushBlob("app", Oci.pattern(1000));
        registry.faults().on("GET", Endpoint.BLOB).times(3).respond(502);
        RegistryClientException e =
                catchThrowableOfType(RegistryClientException.class, () -> client.pullBlob("app", blob.digest()));
        assertThat(e.status()).isEqualTo(502);
        assertThat(registry.faults().list().get(0).triggered()).isEqualTo(3);
    }

    @Test
    void retryAfterIsHonoured() {
        registry.faults().on("GET", Endpoint.TAGS).times(1).respond(429, Duration.ofSeconds(1));
        client.pushImage("app", "1", Oci.EMPTY_JSON, java.util.List.of(Oci.pattern(10)));
        long started = System.nanoTime();
        assertThat(client.tags("app")).containsExactly("1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aManifestPutGoesThroughA503AndABrokenConnection() {
        registry.faults().on("PUT", Endpoint.MANIFEST).times(1).respond(503);
        registry.faults().on("PUT", Endpoint.MANIFEST).times(1).closeConnection();
        client.pushImage("app", "1", Oci.EMPTY_JSON, java.util.List.of(Oci.pattern(10)));
        assertThat(client.tags("app")).containsExactly("1");
        registry.faults().assertAllTriggered();
    }

    @Test
    void postsAreNeverSentAgain() {
        registry.faults().on("POST", Endpoint.UPLOADS).times(1).respond(503);
        RegistryClientException e =
                catchThrowableOfType(RegistryClientException.class, () -> client.pushBlob("app", Oci.pattern(10)));
        assertThat(e.status()).isEqualTo(503);
        assertThat(registry.journal().count(r -> r.endpoint() == Endpoint.UPLOADS))
                .isEqualTo(1);
    }

    @Test
    void aChunkedUploadResumesFromTheRegistrysRangeAfterABrokenPatch(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] content = Oci.pattern(300_000);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("layer"), content);
        // the second chunk's connection closes, then it gets a 503
        registry.faults().on("PATCH", Endpoint.UPLOAD).afterFirst(1).times(1).closeConnection();
        registry.faults().on("PATCH", Endpoint.UPLOAD).afterFirst(1).times(1).respond(503);
        Descriptor pushed = client.pushBlobChunked("app", file, 100_000);
        assertThat(client.pullBlob("app", pushed.digest())).isEqualTo(content);
        registry.faults().assertAllTriggered();
        assertThat(registry.journal()
                        .requests(r ->
                                r.endpoint() == Endpoint.UPLOAD && !r.method().equals("PUT")))
                .extracting(
                        r -> r.method() + " " + r.requestHeader("Content-Range").orElse("") + " " + r.status())
                .containsExactly(
                        "PATCH 0-99999 202",
                        "PATCH 100000-199999 0",
                        "GET  204",
                        "PATCH 100000-199999 503",
                        "GET  204",
                        "PATCH 100000-199999 202",
                        "PATCH 200000-299999 202");
    }

    @Test
    void retriesCanBeTurnedOff() {
        Descriptor blob = client.pushBlob("app", Oci.pattern(1000));
        registry.faults().on("GET", Endpoint.BLOB).times(1).respond(503);
        try (RegistryClient once =
                RegistryClient.builder(registry.url()).retries(0).build()) {
            RegistryClientException e =
                    catchThrowableOfType(RegistryClientException.class, () -> once.pullBlob("app", blob.digest()));
            assertThat(e.status()).isEqualTo(503);
        }
    }
}
