package dev.ocireg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneMainTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void helpListsEveryOption() {
        assertThat(StandaloneMain.parse(new String[] {"--help"}, out)).isNull();
        String help = printed.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {
            "--port",
            "--bind",
            "--storage",
            "--max-manifest-bytes",
            "--max-chunk-bytes",
            "--no-blob-delete",
            "--no-manifest-delete",
            "--no-tag-delete",
            "--read-only",
            "--sparse-indexes",
            "--no-mount-without-from",
            "--name-pattern",
            "--referrers-page-size",
            "--user",
            "--allow",
            "--anonymous-pull",
            "--token-auth",
            "--token-service",
            "--tls",
            "--tls-cert",
            "--tls-key",
            "--http-port",
            "--quiet"
        }) {
            assertThat(help).contains(option);
        }
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--frobnicate"}, out))
                .hasMessage("unknown option --frobnicate");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--port"}, out))
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--port", "http"}, out))
                .hasMessage("--port needs a number, not 'http'");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--user", "alice"}, out))
                .hasMessage("a user must look like name:password (a name, a colon, a password);"
                        + " got 5 characters without a colon");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--user", ":hunter2"}, out))
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--allow", "bob:org/*"}, out))
                .hasMessageStartingWith("a right must look like USER:PATTERN:ACTIONS");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--allow", "bob:org/*:write"}, out))
                .hasMessageContaining("unknown action 'write'");
        assertThatThrownBy(() -> StandaloneMain.parse(new String[] {"--tls-cert", "a.pem"}, out))
                .hasMessage("--tls-cert and --tls-key go together");
    }

    @Test
    void boundBeyondLoopbackItSaysWhereContainersReachIt() {
        try (RegistryServer server = StandaloneMain.parse(new String[] {"--port", "0", "--bind", "0.0.0.0"}, out)
                        .start();
                RegistryServer loopback =
                        StandaloneMain.parse(new String[] {"--port", "0"}, out).start()) {
            assertThat(StandaloneMain.describe(server))
                    .containsExactly("ocireg containers reach it at " + server.containerHost());
            assertThat(StandaloneMain.describe(loopback)).isEmpty();
        }
    }

    @Test
    void authenticationAndTlsOptions() throws Exception {
        try (RegistryServer server = StandaloneMain.parse(
                        new String[] {
                            "--port",
                            "0",
                            "--tls",
                            "--http-port",
                            "0",
                            "--token-auth",
                            "--user",
                            "alice:pa:ss",
                            "--user",
                            "bob:b",
                            "--allow",
                            "alice:*:*",
                            "--allow",
                            "bob:org/*:pull",
                            "--anonymous-pull",
                            "--quiet"
                        },
                        out)
                .start()) {
            assertThat(server.url().getScheme()).isEqualTo("https");
            assertThat(server.isTokenAuth()).isTrue();
            assertThat(server.credentials())
                    .extracting(c -> c.username() + "=" + c.password())
                    .containsExactly("alice=pa:ss", "bob=b");
            assertThat(StandaloneMain.describe(server))
                    .containsExactly(
                            "ocireg TLS certificate: " + server.certificateFile() + " (trust it: skopeo --cert-dir "
                                    + server.certificateFile().getParent() + ", curl --cacert "
                                    + server.certificateFile() + ")",
                            "ocireg plain HTTP too: " + server.httpUrl(),
                            "ocireg authentication: tokens from " + server.url() + "/token");
            HttpClient http =
                    HttpClient.newBuilder().sslContext(server.sslContext()).build();
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(server.url().resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(401);
            assertThat(login.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"" + server.url() + "/token\",service=\"ocireg\"");
            HttpResponse<String> anonymous = http.send(
                    HttpRequest.newBuilder(server.url().resolve("/v2/any/tags/list"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode())
                    .as("anonymous pull: no such repository")
                    .isEqualTo(404);
        }
    }

    @Test
    void parsedOptionsConfigureTheServerAndEachRequestIsLogged(@TempDir Path dir) throws Exception {
        Path storage = dir.resolve("content");
        try (RegistryServer server = StandaloneMain.parse(
                        new String[] {"--port", "0", "--storage", storage.toString(), "--read-only"}, out)
                .start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(server.url().resolve("/v2/a/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.body()).contains("read-only");
        }
        assertThat(Files.isDirectory(storage.resolve("blobs"))).isTrue();
        String log = printed.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("ocireg storage: " + storage);
        assertThat(log).contains("POST /v2/a/blobs/uploads/ 405");
    }
}
