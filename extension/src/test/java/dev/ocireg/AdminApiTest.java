package dev.ocireg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.testing.Oci;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API under /_ocireg/, driven by a plain HTTP client as a shell script or a Go test would. */
class AdminApiTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> send(
            RegistryServer r, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Oci.JSON.readTree(response.body());
    }

    private static RegistryServer standalone(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--port";
        all[1] = "0";
        all[2] = "--quiet";
        System.arraycopy(args, 0, all, 3, args.length);
        return StandaloneMain.parse(all, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .start();
    }

    @Test
    void faultsJournalAndResetOverHttp() throws Exception {
        try (RegistryServer r = standalone("--admin");
                RegistryClient client = RegistryClient.create(r.url())) {
            Descriptor blob = client.pushBlob("app", Oci.pattern(100));

            HttpResponse<String> created = send(
                    r,
                    "POST",
                    "/_ocireg/faults",
                    "{\"method\":\"GET\",\"endpoint\":\"blob\",\"repository\":\"app\",\"status\":429,"
                            + "\"retryAfter\":3,\"times\":1}");
            assertThat(created.statusCode()).isEqualTo(201);
            String id = json(created).get("id").asString();
            assertThat(created.headers().firstValue("Location")).contains("/_ocireg/faults/" + id);

            HttpResponse<String> hit = send(r, "GET", "/v2/app/blobs/" + blob.digest(), null);
            assertThat(hit.statusCode()).isEqualTo(429);
            assertThat(hit.headers().firstValue("Retry-After")).contains("3");
            assertThat(send(r, "GET", "/v2/app/blobs/" + blob.digest(), null).statusCode())
                    .isEqualTo(200);

            JsonNode faults = json(send(r, "GET", "/_ocireg/faults", null)).get("faults");
            assertThat(faults).hasSize(1);
            assertThat(faults.get(0).get("triggered").asInt()).isEqualTo(1);
            assertThat(faults.get(0).get("remaining").asInt()).isZero();

            JsonNode journal = json(send(r, "GET", "/_ocireg/journal?method=GET&endpoint=blob&repository=app", null))
                    .get("requests");
            assertThat(journal).hasSize(2);
            assertThat(journal.get(0).get("status").asInt()).isEqualTo(429);
            assertThat(journal.get(0).get("fault").asString()).startsWith(id + ": 429");
            assertThat(journal.get(1).get("fault").isNull()).isTrue();
            // the admin API's own requests are not in the journal
            assertThat(r.journal().requests()).noneMatch(q -> q.path().startsWith("/_ocireg"));

            // action faults
            HttpResponse<String> close =
                    send(r, "POST", "/_ocireg/faults", "{\"endpoint\":\"base\",\"action\":\"close\",\"times\":2}");
            assertThat(close.statusCode()).isEqualTo(201);
            assertThat(json(close).get("action").asString()).isEqualTo("close");
            HttpResponse<String> truncate = send(
                    r,
                    "POST",
                    "/_ocireg/faults",
                    "{\"endpoint\":\"blob\",\"action\":\"truncate\",\"bytes\":10,\"delayMs\":5}");
            assertThat(json(truncate).get("does").asString()).isEqualTo("delay 5 ms, truncate body after 10 bytes");

            String second = json(close).get("id").asString();
            assertThat(send(r, "DELETE", "/_ocireg/faults/" + second, null).statusCode())
                    .isEqualTo(204);
            assertThat(send(r, "DELETE", "/_ocireg/faults/" + second, null).statusCode())
                    .isEqualTo(404);
            assertThat(send(r, "DELETE", "/_ocireg/faults", null).statusCode()).isEqualTo(204);
            assertThat(r.faults().list()).isEmpty();

            assertThat(send(r, "POST", "/_ocireg/reset", null).statusCode()).isEqualTo(204);
            assertThat(client.blobExists("app", blob.digest())).isFalse();
            assertThat(json(send(r, "GET", "/_ocireg/journal", null)).get("requests"))
                    .hasSize(1); // the HEAD just sent
        }
    }

    @Test
    void badFaultsAreRefusedWithAClearMessage() throws Exception {
        try (RegistryServer r = RegistryServer.builder().adminApi(true).build().start()) {
            HttpResponse<String> broken = send(r, "POST", "/_ocireg/faults", "{\"status\": 503,");
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(broken.body()).contains("not valid JSON");

            HttpResponse<String> unknown =
                    send(r, "POST", "/_ocireg/faults", "{\"status\":503,\"tiems\":1,\"colour\":\"red\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown field(s) colour, tiems");

            assertThat(send(r, "POST", "/_ocireg/faults", "[1]").body()).contains("must be a JSON object");
            assertThat(send(r, "POST", "/_ocireg/faults", "{\"endpoint\":\"blobz\",\"status\":500}")
                            .body())
                    .contains("unknown endpoint 'blobz'");
            assertThat(send(r, "POST", "/_ocireg/faults", "{\"status\":200}").body())
                    .contains("must be 4xx or 5xx");
            assertThat(send(r, "POST", "/_ocireg/faults", "{\"action\":\"truncate\"}")
                            .body())
                    .contains("needs 'bytes'");
            assertThat(send(r, "POST", "/_ocireg/faults", "{\"times\":\"1\",\"status\":500}")
                            .body())
                    .contains("'times' must be a whole number");
            assertThat(send(r, "POST", "/_ocireg/faults", "{}").body()).contains("a fault needs 'status'");
            for (String tooBig : List.of(
                    "{\"status\":3000000000}",
                    "{\"status\":500,\"times\":3000000000}",
                    "{\"status\":500,\"afterFirst\":-3000000000}")) {
                HttpResponse<String> refused = send(r, "POST", "/_ocireg/faults", tooBig);
                assertThat(refused.statusCode()).as(tooBig).isEqualTo(400);
                assertThat(refused.body()).as(tooBig).contains("is out of range");
            }
            assertThat(r.faults().list()).isEmpty();

            HttpResponse<String> wrongMethod = send(r, "PUT", "/_ocireg/reset", null);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
            assertThat(send(r, "GET", "/_ocireg/nothing", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void offUnlessAskedFor() throws Exception {
        try (RegistryServer r = standalone()) {
            HttpResponse<String> response = send(r, "POST", "/_ocireg/faults", "{\"status\":503}");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("\"code\":\"UNSUPPORTED\"");
            assertThat(r.faults().list()).isEmpty();
            assertThat(send(r, "GET", "/_ocireg/journal", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void registryCredentialsNeverOpenIt() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        try (RegistryServer r = standalone("--admin", "--user", "alice:secret")) {
            HttpResponse<String> refused = send(r, "GET", "/_ocireg/faults", null, "Authorization", basic);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("--admin-token");
        }
        try (RegistryServer r = standalone("--admin", "--user", "alice:secret", "--admin-token", "t0ken")) {
            assertThat(send(r, "GET", "/_ocireg/faults", null, "Authorization", basic)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send(r, "GET", "/_ocireg/faults", null).statusCode()).isEqualTo(401);
            assertThat(send(r, "GET", "/_ocireg/faults", null, "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<String> created =
                    send(r, "POST", "/_ocireg/faults", "{\"status\":503}", "Authorization", "Bearer t0ken");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(send(r, "GET", "/v2/", null).statusCode()).isEqualTo(503);
            assertThat(r.faults().list().get(0).triggered()).isEqualTo(1);
            assertThat(send(r, "DELETE", "/_ocireg/faults", null, "Authorization", "Bearer t0ken")
                            .statusCode())
                    .isEqualTo(204);
            // the admin token is no registry credential
            assertThat(send(r, "GET", "/v2/", null, "Authorization", "Bearer t0ken")
                            .statusCode())
                    .isEqualTo(401);
        }
    }
}
