package dev.ocireg.conformance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.conformance.ConformanceSettings;
import dev.ocireg.conformance.HttpExchange;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's client answers challenges as {@code RegistryClient} does, with the wire code they share: several
 * challenges in one {@code WWW-Authenticate} header, one {@code scope} parameter per scope, and every exchange of it
 * recorded, the token request included.
 */
class HttpTest {
    private static final String TOKEN = "t0k3n";

    private Server server;
    private ServerConnector connector;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();
    private volatile String challenge;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                String authorization = request.getHeaders().get("Authorization");
                if (path.equals("/token")) {
                    tokenQueries.add(request.getHttpURI().getQuery());
                    tokenAuthorizations.add(authorization);
                    return send(response, callback, 200, "{\"access_token\":\"" + TOKEN + "\"}");
                }
                if (("Bearer " + TOKEN).equals(authorization)) {
                    return send(response, callback, 200, "{}");
                }
                response.getHeaders().put("WWW-Authenticate", challenge.replace("REALM", url() + "/token"));
                return send(response, callback, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"no\"}]}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private static boolean send(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private Http http(String user, String password) {
        ConformanceSettings.Builder settings = ConformanceSettings.builder().url(url());
        return new Http((user == null ? settings : settings.credentials(user, password)).build());
    }

    @Test
    void aBearerChallengeFollowedByAnotherInTheSameHeaderIsAnswered() {
        // a regex over the whole header would take the realm of the Basic challenge for the Bearer one
        challenge = "Bearer realm=\"REALM\",service=\"front\",scope=\"repository:a:pull,push repository:b:pull\","
                + " Basic realm=\"the other, not the token realm\"";
        List<HttpExchange> transcript = new ArrayList<>();

        Http.Response r = http("ci", "s3cret")
                .recordingInto(transcript)
                .request("GET", "/v2/")
                .send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(tokenQueries)
                .containsExactly("service=front&scope=repository%3Aa%3Apull%2Cpush&scope=repository%3Ab%3Apull");
        assertThat(tokenAuthorizations).containsExactly("Basic Y2k6czNjcmV0");
        assertThat(transcript).extracting(HttpExchange::status).containsExactly(401, 200, 200);
        assertThat(transcript.get(1).url()).startsWith(url() + "/token?service=front&scope=");
        assertThat(transcript.get(1).responseBody()).isEqualTo("(token response, not shown)");
    }

    @Test
    void withoutCredentialsTheTokenIsFetchedAnonymouslyAndABasicChallengeIsNotAnswered() {
        challenge = "Basic realm=\"r\", Bearer realm=\"REALM\",scope=\"repository:a:pull\"";

        Http.Response r = http(null, null).request("GET", "/v2/").send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(tokenQueries).containsExactly("scope=repository%3Aa%3Apull");
        assertThat(tokenAuthorizations).containsOnlyNulls();
    }

    @Test
    void aRealmThatIsNotAUrlLeavesThe401() {
        challenge = "Bearer realm=\"not a url\",scope=\"repository:a:pull\"";

        Http.Response r = http("ci", "s3cret").request("GET", "/v2/").send();

        assertThat(r.status()).isEqualTo(401);
        assertThat(tokenQueries).isEmpty();
    }
}
