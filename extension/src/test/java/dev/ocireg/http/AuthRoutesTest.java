package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.auth.AccessRules;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of the API under each authentication mode (Basic and tokens, over HTTP and HTTPS), called by four
 * callers: none (401 with the mode's challenge), a wrong password (401), a reader with pull rights only (200s for
 * reading, 403 DENIED for writing and deleting) and a writer with every right (the route's usual success).
 */
class AuthRoutesTest {

    enum Mode {
        BASIC(false, false),
        BASIC_TLS(false, true),
        TOKEN(true, false),
        TOKEN_TLS(true, true);

        final boolean token;
        final boolean tls;

        Mode(boolean token, boolean tls) {
            this.token = token;
            this.tls = tls;
        }
    }

    enum Caller {
        ANONYMOUS,
        WRONG_PASSWORD,
        READER,
        WRITER
    }

    /** What a route needs: to be logged in, the catalog, or pull, push or delete on the repository. */
    enum Need {
        LOGIN,
        CATALOG,
        PULL,
        PUSH,
        DELETE
    }

    /** Content the writer put in place before the call: an image in {@code repo} and an upload in progress. */
    record Fixture(String repo, Http.Image image, String layer, String upload) {}

    record Route(String label, Need need, int success, BiFunction<Http, Fixture, Response> call) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static final Map<Mode, RegistryServer> registries = new EnumMap<>(Mode.class);
    private static final AtomicInteger repositories = new AtomicInteger();

    @BeforeAll
    static void start() {
        for (Mode mode : Mode.values()) {
            registries.put(
                    mode,
                    RegistryServer.builder()
                            .user("writer", "w-pass")
                            .user("reader", "r:pass") // a password with a colon, too
                            .allow(AccessRules.parseRule("writer:*:*"))
                            .allow(AccessRules.parseRule("reader:*:pull"))
                            .tokenAuth(mode.token)
                            .tls(mode.tls)
                            .build()
                            .start());
        }
    }

    @AfterAll
    static void stop() {
        registries.values().forEach(RegistryServer::close);
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET /v2/", Need.LOGIN, 200, (h, f) -> h.get("/v2/")),
                new Route("HEAD /v2/", Need.LOGIN, 200, (h, f) -> h.head("/v2/")),
                new Route("GET /v2/_catalog", Need.CATALOG, 200, (h, f) -> h.get("/v2/_catalog")),
                new Route("HEAD /v2/_catalog", Need.CATALOG, 200, (h, f) -> h.head("/v2/_catalog")),
                new Route("GET tags", Need.PULL, 200, (h, f) -> h.get("/v2/" + f.repo + "/tags/list")),
                new Route("HEAD tags", Need.PULL, 200, (h, f) -> h.head("/v2/" + f.repo + "/tags/list")),
                new Route(
                        "GET manifest by tag",
                        Need.PULL,
                        200,
                        (h, f) -> h.get("/v2/" + f.repo + "/manifests/1", "Accept", Oci.OCI_MANIFEST)),
                new Route(
                        "HEAD manifest by digest",
                        Need.PULL,
                        200,
                        (h, f) ->
                                h.head("/v2/" + f.repo + "/manifests/" + f.image.digest(), "Accept", Oci.OCI_MANIFEST)),
                new Route("GET blob", Need.PULL, 200, (h, f) -> h.get("/v2/" + f.repo + "/blobs/" + f.layer)),
                new Route("HEAD blob", Need.PULL, 200, (h, f) -> h.head("/v2/" + f.repo + "/blobs/" + f.layer)),
                new Route(
                        "GET referrers",
                        Need.PULL,
                        200,
                        (h, f) -> h.get("/v2/" + f.repo + "/referrers/" + f.image.digest())),
                new Route(
                        "POST upload",
                        Need.PUSH,
                        202,
                        (h, f) -> h.post("/v2/" + f.repo + "/blobs/uploads/", new byte[0])),
                new Route(
                        "POST single-request upload",
                        Need.PUSH,
                        201,
                        (h, f) -> h.post(
                                "/v2/" + f.repo + "/blobs/uploads/?digest=" + Oci.sha256(Oci.bytes("x")),
                                Oci.bytes("x"),
                                "Content-Type",
                                "application/octet-stream")),
                new Route(
                        "PATCH upload",
                        Need.PUSH,
                        202,
                        (h, f) -> h.patch(f.upload, Oci.bytes("chunk"), "Content-Type", "application/octet-stream")),
                new Route(
                        "PUT upload",
                        Need.PUSH,
                        201,
                        (h, f) -> h.put(
                                f.upload + "?digest=" + Oci.sha256(Oci.bytes("all")),
                                Oci.bytes("all"),
                                "Content-Type",
                                "application/octet-stream")),
                new Route("GET upload status", Need.PUSH, 204, (h, f) -> h.get(f.upload)),
                new Route("DELETE upload", Need.PUSH, 204, (h, f) -> h.delete(f.upload)),
                new Route(
                        "PUT manifest",
                        Need.PUSH,
                        201,
                        (h, f) -> h.put(
                                "/v2/" + f.repo + "/manifests/2",
                                f.image.manifest(),
                                "Content-Type",
                                Oci.OCI_MANIFEST)),
                new Route(
                        "DELETE manifest",
                        Need.DELETE,
                        202,
                        (h, f) -> h.delete("/v2/" + f.repo + "/manifests/" + f.image.digest())),
                new Route("DELETE tag", Need.DELETE, 202, (h, f) -> h.delete("/v2/" + f.repo + "/manifests/1")),
                new Route("DELETE blob", Need.DELETE, 202, (h, f) -> h.delete("/v2/" + f.repo + "/blobs/" + f.layer)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (Route route : routes()) {
                cases.add(Arguments.of(mode, route));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyCallerGetsTheAnswerItsRightsCallFor(Mode mode, Route route) {
        RegistryServer registry = registries.get(mode);
        for (Caller caller : Caller.values()) {
            Fixture fixture = fixture(mode, registry);
            Http http = as(mode, registry, caller, route.need, fixture.repo);
            Response r = route.call.apply(http, fixture);
            String what = mode + " " + route + " as " + caller + ": " + r;
            switch (caller) {
                case ANONYMOUS, WRONG_PASSWORD -> {
                    assertError(r, 401, "UNAUTHORIZED");
                    assertChallenge(mode, registry, r, route.need, fixture.repo);
                }
                case READER -> {
                    if (route.need == Need.PUSH || route.need == Need.DELETE) {
                        assertError(r, 403, "DENIED");
                        assertThat(r.hasHeader("WWW-Authenticate")).as(what).isFalse();
                    } else {
                        assertStatus(r, route.success);
                    }
                }
                case WRITER -> assertStatus(r, route.success);
            }
        }
    }

    /** The 401's challenge: Basic, or Bearer with the realm, service and the scope the route needs. */
    private static void assertChallenge(Mode mode, RegistryServer registry, Response r, Need need, String repo) {
        String challenge = r.header("WWW-Authenticate");
        assertThat(challenge).as("challenge of %s", r).isNotNull();
        if (!mode.token) {
            assertThat(challenge).startsWith("Basic realm=\"ocireg\"");
            return;
        }
        String expected = "Bearer realm=\"" + registry.url() + "/token\",service=\"ocireg\"";
        String scope = switch (need) {
            case LOGIN -> null;
            case CATALOG -> "registry:catalog:*";
            case PULL -> "repository:" + repo + ":pull";
            case PUSH -> "repository:" + repo + ":pull,push";
            case DELETE -> "repository:" + repo + ":delete";
        };
        if (scope != null) {
            expected += ",scope=\"" + scope + "\"";
        }
        assertThat(challenge).startsWith(expected);
    }

    private static Fixture fixture(Mode mode, RegistryServer registry) {
        String repo = "routes/r" + repositories.incrementAndGet();
        Http writer = as(mode, registry, Caller.WRITER, Need.PUSH, repo);
        Http.Image image = writer.pushImage(repo, "1", repo);
        String layer = writer.pushBlob(repo, Oci.bytes("layer of " + repo));
        Response upload = assertStatus(writer.post("/v2/" + repo + "/blobs/uploads/", new byte[0]), 202);
        return new Fixture(repo, image, layer, upload.header("Location"));
    }

    /** An HTTP client for {@code caller}: Basic credentials, or a token for the scope {@code need} asks for. */
    static Http as(Mode mode, RegistryServer registry, Caller caller, Need need, String repo) {
        Http http = new Http(registry);
        String user = switch (caller) {
            case ANONYMOUS -> null;
            case WRONG_PASSWORD, WRITER -> "writer";
            case READER -> "reader";
        };
        String password = switch (caller) {
            case ANONYMOUS -> null;
            case WRONG_PASSWORD -> "w-pass-wrong";
            case READER -> "r:pass";
            case WRITER -> "w-pass";
        };
        if (user == null) {
            return http;
        }
        if (!mode.token) {
            return http.as(user, password);
        }
        if (caller == Caller.WRONG_PASSWORD) {
            String query = "/token?service=ocireg&scope=repository:" + repo + ":pull";
            assertError(http.as(user, password).get(query), 401, "UNAUTHORIZED");
            return http.as(user, password); // Basic where a token is expected: 401 with the Bearer challenge
        }
        String scope = switch (need) {
            case LOGIN -> "";
            case CATALOG -> "registry:catalog:*";
            case PULL -> "repository:" + repo + ":pull";
            case PUSH -> "repository:" + repo + ":pull,push";
            case DELETE -> "repository:" + repo + ":delete";
        };
        return http.with("Bearer " + token(http.as(user, password), scope));
    }

    static String token(Http http, String scope) {
        Response r = assertStatus(http.get("/token?service=ocireg" + (scope.isEmpty() ? "" : "&scope=" + scope)), 200);
        String token = r.json().path("token").asString();
        assertThat(token).as("token in %s", r).isNotEmpty();
        assertThat(r.json().path("access_token").asString()).isEqualTo(token);
        return token;
    }
}
