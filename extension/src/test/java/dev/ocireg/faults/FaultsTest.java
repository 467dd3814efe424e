package dev.ocireg.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.RegistryServer;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.client.RegistryClientException;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.testing.Oci;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Each kind of fault, as a plain HTTP client sees it over loopback. */
@OciRegistry
class FaultsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final RegistryHandle registry;
    private final RegistryClient client;

    /** One registry for the class, reset before each test. */
    FaultsTest(RegistryHandle registry, RegistryClient client) {
        this.registry = registry;
        this.client = client;
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create(registry.url() + path);
    }

    private Descriptor blob(int size) {
        return client.pushBlob("app", Oci.pattern(size));
    }

    @Test
    void statusFaultAnswersWithTheSpecErrorOnceThenTheRegistryAnswers() throws Exception {
        Descriptor d = blob(100);
        Fault fault = registry.faults()
                .on("GET", Endpoint.BLOB)
                .repository("app")
                .times(1)
                .respond(503);

        HttpResponse<byte[]> first = get("/v2/app/blobs/" + d.digest());
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Content-Type")).contains("application/json");
        String body = new String(first.body(), UTF_8);
        assertThat(body)
                .contains("\"code\":\"UNKNOWN\"")
                .contains("service unavailable")
                .contains(fault.id());

        HttpResponse<byte[]> second = get("/v2/app/blobs/" + d.digest());
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(Oci.pattern(100));
        assertThat(fault.triggered()).isEqualTo(1);

        List<RecordedRequest> gets =
                registry.journal().requests(r -> r.method().equals("GET") && r.endpoint() == Endpoint.BLOB);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).status()).isEqualTo(503);
        assertThat(gets.get(0).fault()).contains(fault.id() + ": 503");
        assertThat(gets.get(1).fault()).isEmpty();
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        registry.faults().on(Endpoint.BASE).respond(429, Duration.ofSeconds(7));
        HttpResponse<byte[]> response = get("/v2/");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(new String(response.body(), UTF_8)).contains("\"code\":\"TOOMANYREQUESTS\"");
    }

    @Test
    void unauthorizedAndDeniedLookLikeAnAuthLayer() throws Exception {
        registry.faults().on(Endpoint.TAGS).repository("secret").respond(401);
        registry.faults().on(Endpoint.TAGS).repository("org/*").respond(403);

        HttpResponse<byte[]> unauthorized = get("/v2/secret/tags/list");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(new String(unauthorized.body(), UTF_8)).contains("\"code\":\"UNAUTHORIZED\"");

        HttpResponse<byte[]> denied = get("/v2/org/app/tags/list");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(new String(denied.body(), UTF_8)).contains("\"code\":\"DENIED\"");

        // a glob's * stops at '/': org/a/b is not org/*
        assertThat(get("/v2/org/a/b/tags/list").statusCode()).isEqualTo(404);
    }

    @Test
    void unauthorizedOnATokenRegistryChallengesForAToken() throws Exception {
        try (RegistryServer tokens = RegistryServer.builder()
                .user("alice", "secret")
                .tokenAuth(true)
                .build()
                .start()) {
            tokens.faults().on("GET", Endpoint.MANIFEST).respond(401);
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tokens.url() + "/v2/org/app/manifests/1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v)
                            .startsWith("Bearer realm=\"" + tokens.url() + "/token\"")
                            .contains("scope=\"repository:org/app:pull\""));
        }
    }

    @Test
    void statusFaultOnAPutDrainsTheBodyAndKeepsTheConnectionUsable() throws Exception {
        registry.faults()
                .on("PUT", Endpoint.MANIFEST)
                .repository("app")
                .times(1)
                .respond(502);
        byte[] manifest = Oci.EMPTY_JSON;
        HttpRequest put = HttpRequest.newBuilder(uri("/v2/app/manifests/v1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build();
        HttpResponse<String> response = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("bad gateway");
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void delayHoldsTheAnswerBack() throws Exception {
        registry.faults().on(Endpoint.BASE).times(1).delay(Duration.ofMillis(400));
        long started = System.nanoTime();
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        long again = System.nanoTime();
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void closedConnectionIsAnIOExceptionWithoutAnyResponse() throws Exception {
        // java.net.http sends an idempotent request again once when the connection closes before a response: two
        // closes make it give up
        Fault fault = registry.faults().on(Endpoint.BASE).times(2).closeConnection();
        assertThatThrownBy(() -> get("/v2/")).isInstanceOf(IOException.class);
        assertThat(fault.triggered()).isEqualTo(2);
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
        RecordedRequest closed = registry.journal().requests().get(0);
        assertThat(closed.status()).isZero();
        assertThat(closed.fault()).hasValueSatisfying(f -> assertThat(f).contains("close connection"));
    }

    @Test
    void truncatedBodyPromisesTheFullLengthAndEndsEarly() throws Exception {
        Descriptor d = blob(200_000);
        registry.faults().on("GET", Endpoint.BLOB).times(1).truncateBody(1000);
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(uri("/v2/app/blobs/" + d.digest())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(200_000);
        byte[] got = new byte[200_000];
        int read = 0;
        IOException failure = null;
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(got, read, got.length - read)) > 0) {
                read += n;
            }
        } catch (IOException e) {
            failure = e;
        }
        assertThat(read).isEqualTo(1000);
        assertThat(failure).as("the client notices the body ended early").isNotNull();
        // the next request works, on a new connection
        assertThat(get("/v2/app/blobs/" + d.digest()).body()).hasSize(200_000);
    }

    @Test
    void corruptedBlobFailsTheClientsDigestCheck() throws Exception {
        Descriptor d = blob(5000);
        registry.faults().on("GET", Endpoint.BLOB).times(1).corruptBody();
        HttpResponse<byte[]> raw = get("/v2/app/blobs/" + d.digest());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).hasSize(5000).isNotEqualTo(Oci.pattern(5000));

        registry.faults().on("GET", Endpoint.BLOB).times(1).corruptBody();
        assertThatThrownBy(() -> client.pullBlob("app", d.digest()))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("digest");
        assertThat(client.pullBlob("app", d.digest())).isEqualTo(Oci.pattern(5000));
    }

    @Test
    void throttleLimitsTheBodyRate() throws Exception {
        Descriptor d = blob(20_000);
        registry.faults().on("GET", Endpoint.BLOB).throttle(40_000);
        long started = System.nanoTime();
        HttpResponse<byte[]> response = get("/v2/app/blobs/" + d.digest());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.body()).isEqualTo(Oci.pattern(20_000));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void afterFirstProbabilityAndPredicates() throws Exception {
        Fault later = registry.faults().on(Endpoint.BASE).afterFirst(2).times(1).respond(500);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get("/v2/").statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 500, 200);
        assertThat(later.triggered()).isEqualTo(1);

        registry.faults().clear();
        List<Integer> first = sample(0.5, 42);
        registry.faults().clear();
        List<Integer> second = sample(0.5, 42);
        assertThat(first).isEqualTo(second).contains(500).contains(200);

        registry.faults().clear();
        registry.faults()
                .onAnyRequest()
                .reference(Pattern.compile("v[0-9]+"))
                .matching(r -> r.header("X-Break").isPresent())
                .respond(500);
        HttpResponse<byte[]> marked = HTTP.send(
                HttpRequest.newBuilder(uri("/v2/app/manifests/v1"))
                        .header("X-Break", "1")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(marked.statusCode()).isEqualTo(500);
        assertThat(get("/v2/app/manifests/v1").statusCode()).isEqualTo(404);
    }

    private List<Integer> sample(double p, long seed) throws Exception {
        registry.faults().on(Endpoint.BASE).withProbability(p, seed).respond(500);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(get("/v2/").statusCode());
        }
        return statuses;
    }

    @Test
    void assertAllTriggeredNamesTheFaultsThatNeverMatched() throws Exception {
        registry.faults().on(Endpoint.BASE).times(1).respond(503);
        Fault never = registry.faults()
                .on("DELETE", Endpoint.MANIFEST)
                .repository("nothing")
                .respond(500);
        get("/v2/");
        assertThat(registry.faults().untriggered()).containsExactly(never);
        assertThatThrownBy(() -> registry.faults().assertAllTriggered())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("1 fault(s) never matched")
                .hasMessageContaining("DELETE manifest repository=nothing");
        assertThatThrownBy(() -> dev.ocireg.assertions.RegistryAssertions.assertThat(registry.faults())
                        .allTriggered())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(never.id() + ": DELETE manifest repository=nothing");
        registry.faults().remove(never.id());
        registry.faults().assertAllTriggered();
        dev.ocireg.assertions.RegistryAssertions.assertThat(registry.faults()).allTriggered();
    }

    @Test
    void resetClearsFaults() throws Exception {
        registry.faults().on(Endpoint.BASE).respond(503);
        assertThat(get("/v2/").statusCode()).isEqualTo(503);
        registry.reset();
        assertThat(registry.faults().list()).isEmpty();
        assertThat(get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void faultsBelongToOneRegistry() throws Exception {
        try (RegistryServer other = RegistryServer.builder().build().start()) {
            registry.faults().on(Endpoint.BASE).respond(503);
            HttpResponse<byte[]> there = HTTP.send(
                    HttpRequest.newBuilder(URI.create(other.url() + "/v2/")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(there.statusCode()).isEqualTo(200);
            assertThat(other.journal().requests().get(0).fault()).isEmpty();
            assertThat(get("/v2/").statusCode()).isEqualTo(503);
        }
    }
}
