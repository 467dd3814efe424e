package dev.ocireg.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.testing.Front;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic and Bearer (token) authentication, against a {@link Front} that enforces them in front of a real registry and
 * serves a token endpoint, over real HTTP.
 */
class RegistryClientAuthTest {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(UTF_8));
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("^/v2/(.+)/(?:blobs/uploads/[^/]*|blobs/[^/]+|manifests/[^/]+|referrers/[^/]+|tags/list)$");

    private static RegistryServer registry;
    private Front front;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void startFront() {
        front = Front.start(registry.url());
    }

    @AfterEach
    void stopFront() {
        front.close();
    }

    private static byte[] config(String seed) {
        return ("{\"seed\":\"" + seed + "\"}").getBytes(UTF_8);
    }

    private long requestsTo(String pathPrefix, String authorization) {
        return front.seen.stream()
                .filter(s -> s.pathAndQuery().startsWith(pathPrefix))
                .filter(s -> java.util.Objects.equals(s.authorization(), authorization))
                .count();
    }

    // ------------------------------------------------------------------ Basic

    private void requireBasic() {
        front.intercept(call -> {
            if (!call.path().startsWith("/v2") || BASIC.equals(call.header("Authorization"))) {
                return false;
            }
            call.sendError(
                    401,
                    "UNAUTHORIZED",
                    "authentication required",
                    "WWW-Authenticate",
                    "Basic realm=\"ocireg-test\", charset=\"UTF-8\"");
            return true;
        });
    }

    @Test
    void basicCredentialsAnswerTheFirstChallengeAndAreSentUpFrontAfterwards() {
        requireBasic();
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "secret").build();

        Digest digest = client.pushImage("basic/app", "1", config("basic"), List.of(new byte[] {1, 2, 3}));
        PulledImage image = client.pullImage("basic/app", "1");

        assertThat(image.manifest().digest()).isEqualTo(digest);
        assertThat(client.tags("basic/app")).containsExactly("1");
        assertThat(requestsTo("/v2", null)).isEqualTo(1); // only the very first request went without credentials
        assertThat(requestsTo("/v2", BASIC)).isEqualTo(front.seen.size() - 1);
    }

    @Test
    void missingOrWrongBasicCredentialsAreUnauthorized() {
        requireBasic();

        RegistryClientException anonymous = catchThrowableOfType(
                RegistryClientException.class,
                () -> RegistryClient.create(front.url()).ping());
        RegistryClientException wrong = catchThrowableOfType(
                RegistryClientException.class,
                () -> RegistryClient.builder(front.url())
                        .basicAuth("alice", "wrong")
                        .build()
                        .ping());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCodes()).containsExactly("UNAUTHORIZED");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCodes()).containsExactly("UNAUTHORIZED");
        assertThat(front.seen).hasSize(3); // anonymous once; wrong: anonymous, then with the credentials
    }

    @Test
    void redirectsAreFollowedWithCredentialsOnlyForTheRegistrysOwnOrigin() {
        requireBasic();
        List<String> externalAuthorization = new CopyOnWriteArrayList<>();
        front.intercept(call -> {
            // Blobs live "elsewhere": another origin (same port, other host name) serves them without auth.
            Matcher m =
                    Pattern.compile("^/v2/(.+)/blobs/(sha256:[0-9a-f]{64})$").matcher(call.path());
            if (call.method().equals("GET") && m.matches()) {
                call.send(new Front.Reply(307, null)
                        .header("Location", front.otherOriginUrl() + "/external" + call.path()));
                return true;
            }
            if (call.path().startsWith("/external/")) {
                externalAuthorization.add(String.valueOf(call.header("Authorization")));
                call.send(front.proxy(call, call.path().substring("/external".length())));
                return true;
            }
            // A tag that moved: a same-origin redirect, which must keep the credentials.
            if (call.path().endsWith("/manifests/moved")) {
                call.send(new Front.Reply(308, null)
                        .header("Location", call.path().replace("/moved", "/1")));
                return true;
            }
            return false;
        });
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "secret").build();
        byte[] layer = "layer behind a redirect".getBytes(UTF_8);
        client.pushImage("redirect/app", "1", config("redirect"), List.of(layer));

        assertThat(client.pullBlob("redirect/app", Digest.sha256(layer))).isEqualTo(layer);
        assertThat(client.pullManifest("redirect/app", "moved").digest())
                .isEqualTo(client.pullManifest("redirect/app", "1").digest());

        assertThat(externalAuthorization).containsExactly("null");
        assertThat(front.seen)
                .filteredOn(s -> s.pathAndQuery().equals("/v2/redirect/app/manifests/1"))
                .extracting(Front.Seen::authorization)
                .containsOnly(BASIC);
    }

    // ------------------------------------------------------------------ Bearer

    /** A token service on the front, and the registry's side of the Bearer flow. */
    private final class TokenService {
        final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>(); // scopes asked for, one entry per request
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final AtomicInteger issued = new AtomicInteger();

        TokenService(boolean credentialsRequired, String field) {
            front.intercept(call -> {
                if (!call.path().equals("/token")) {
                    return false;
                }
                String auth = call.header("Authorization");
                authorizations.add(String.valueOf(auth));
                if (credentialsRequired && !BASIC.equals(auth)) {
                    call.sendError(401, "UNAUTHORIZED", "bad credentials for the token service");
                    return true;
                }
                List<String> scopes = new ArrayList<>();
                String service = null;
                for (String pair :
                        call.query() == null ? new String[0] : call.query().split("&")) {
                    String[] kv = pair.split("=", 2);
                    String value = URLDecoder.decode(kv.length > 1 ? kv[1] : "", UTF_8);
                    if (kv[0].equals("scope")) {
                        scopes.add(value);
                    } else if (kv[0].equals("service")) {
                        service = value;
                    }
                }
                assertThat(service).isEqualTo("ocireg-test");
                requests.add(String.join(" ", scopes));
                String token = "token-" + issued.incrementAndGet();
                grants.put(token, Set.copyOf(scopes));
                call.send(new Front.Reply(
                                200, ("{\"" + field + "\":\"" + token + "\",\"expires_in\":300}").getBytes(UTF_8))
                        .header("Content-Type", "application/json"));
                return true;
            });
            front.intercept(call -> {
                if (!call.path().startsWith("/v2")) {
                    return false;
                }
                String required = requiredScope(call.method(), call.path());
                String auth = call.header("Authorization");
                if (auth != null && auth.startsWith("Bearer ")) {
                    Set<String> granted = grants.get(auth.substring("Bearer ".length()));
                    if (granted != null && (required == null || covers(granted, required))) {
                        return false;
                    }
                }
                call.sendError(
                        401,
                        "UNAUTHORIZED",
                        "authentication required",
                        "WWW-Authenticate",
                        "Bearer realm=\"" + front.url() + "/token\",service=\"ocireg-test\""
                                + (required == null ? "" : ",scope=\"" + required + "\""));
                return true;
            });
        }

        private String requiredScope(String method, String path) {
            if (path.equals("/v2/_catalog")) {
                return "registry:catalog:*";
            }
            Matcher m = REPOSITORY_PATH.matcher(path);
            if (!m.matches()) {
                return null;
            }
            boolean read = method.equals("GET") || method.equals("HEAD");
            return "repository:" + m.group(1) + ":" + (read ? "pull" : "pull,push");
        }

        private boolean covers(Set<String> granted, String required) {
            return granted.contains(required)
                    || (required.endsWith(":pull") && granted.contains(required.replace(":pull", ":pull,push")));
        }
    }

    @Test
    void bearerTokensAreFetchedWithBasicCredentialsAndCachedPerScope() {
        TokenService tokens = new TokenService(true, "token");
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "secret").build();

        Digest digest = client.pushImage("bearer/app", "1", config("bearer"), List.of(new byte[] {4, 5}));
        assertThat(tokens.requests).containsExactly("repository:bearer/app:pull,push");

        assertThat(client.pullImage("bearer/app", "1").manifest().digest()).isEqualTo(digest);
        assertThat(client.pullImage("bearer/app", digest.toString()).manifest().digest())
                .isEqualTo(digest);
        assertThat(client.tags("bearer/app")).containsExactly("1");
        assertThat(client.blobExists("bearer/app", Digest.sha256(new byte[] {4, 5})))
                .isTrue();
        assertThat(tokens.requests).containsExactly("repository:bearer/app:pull,push", "repository:bearer/app:pull");

        assertThat(client.catalog()).contains("bearer/app");
        client.ping();
        assertThat(tokens.requests)
                .containsExactly(
                        "repository:bearer/app:pull,push", "repository:bearer/app:pull", "registry:catalog:*", "");
        assertThat(tokens.authorizations).containsOnly(BASIC);
        // Each scope cost one 401; credentials never went to the registry itself, only tokens.
        assertThat(front.seen)
                .filteredOn(s -> s.pathAndQuery().startsWith("/v2"))
                .extracting(Front.Seen::authorization)
                .filteredOn(a -> a != null && !a.startsWith("Bearer token-"))
                .isEmpty();
        assertThat(requestsTo("/v2", null)).isEqualTo(4);
    }

    @Test
    void anonymousTokensMayComeAsAccessToken() {
        TokenService tokens = new TokenService(false, "access_token");
        RegistryClient client = RegistryClient.create(front.url());

        Descriptor blob = client.pushBlob("anonymous/app", "anonymous".getBytes(UTF_8));

        assertThat(client.pullBlob("anonymous/app", blob.digest())).isEqualTo("anonymous".getBytes(UTF_8));
        assertThat(tokens.requests).hasSize(2);
        assertThat(tokens.authorizations).containsOnly("null");
    }

    @Test
    void anExpiredTokenIsFetchedAgain() {
        TokenService tokens = new TokenService(true, "token");
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "secret").build();
        client.pushBlob("expiry/app", "one".getBytes(UTF_8));

        tokens.grants.clear(); // every token expires
        client.pushBlob("expiry/app", "two".getBytes(UTF_8));

        assertThat(tokens.requests)
                .containsExactly("repository:expiry/app:pull,push", "repository:expiry/app:pull,push");
    }

    @Test
    void aChunkRefusedForAnExpiredTokenIsSentAgainAndHashedOnce() throws Exception {
        AtomicReference<TokenService> service = new AtomicReference<>();
        AtomicBoolean expired = new AtomicBoolean();
        front.intercept(
                call -> { // runs before the token check: every token expires at the third chunk
                    if (call.method().equals("PATCH")
                            && front.seen.stream()
                                            .filter(s -> s.method().equals("PATCH"))
                                            .count()
                                    == 3
                            && expired.compareAndSet(false, true)) {
                        service.get().grants.clear();
                    }
                    return false;
                });
        service.set(new TokenService(true, "token"));
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "secret").build();
        byte[] content = RegistryClientTest.random(50_000, 21);
        Path file = Files.write(tmp.resolve("chunks"), content);

        Descriptor d = client.pushBlobChunked("replay/app", file, 8_000);

        assertThat(d.digest()).isEqualTo(Digest.sha256(content));
        assertThat(front.seen).filteredOn(s -> s.method().equals("PATCH")).hasSize(8); // 7 chunks, one sent twice
        assertThat(service.get().requests).hasSize(2);
        assertThat(client.pullBlob("replay/app", d.digest())).isEqualTo(content);
    }

    @Test
    void aRefusedTokenRequestNamesTheTokenUrl() {
        new TokenService(true, "token");
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "wrong").build();

        RegistryClientException e =
                catchThrowableOfType(RegistryClientException.class, () -> client.tags("refused/app"));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.uri().toString())
                .isEqualTo(front.url() + "/token?service=ocireg-test&scope=repository%3Arefused%2Fapp%3Apull");
        assertThat(e.errorCodes()).containsExactly("UNAUTHORIZED");
        assertThat(e.getMessage()).contains("token request");
    }

    @Test
    void concurrentRequestsShareTheClientAndItsTokens() throws Exception {
        TokenService tokens = new TokenService(true, "token");
        RegistryClient client =
                RegistryClient.builder(front.url()).basicAuth("alice", "secret").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Digest>> pushes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String repo = "parallel/app" + (i % 4);
                byte[] layer = ("layer " + i).getBytes(UTF_8);
                pushes.add(pool.submit(() -> client.pushImage(repo, null, config(repo), List.of(layer))));
            }
            for (Future<Digest> push : pushes) {
                assertThat(push.get()).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Set.copyOf(tokens.requests)).hasSize(4);
    }

    @Test
    void aStaticBearerTokenIsSentOnEveryRequest() {
        TokenService tokens = new TokenService(true, "token");
        tokens.grants.put("static-token", Set.of("repository:static/app:pull,push"));
        RegistryClient client =
                RegistryClient.builder(front.url()).bearerToken("static-token").build();

        Descriptor blob = client.pushBlob("static/app", "static".getBytes(UTF_8));
        assertThat(client.blobSize("static/app", blob.digest())).hasValue(6);

        assertThat(front.seen).extracting(Front.Seen::authorization).containsOnly("Bearer static-token");
        assertThat(tokens.requests).isEmpty();
        RegistryClientException e =
                catchThrowableOfType(RegistryClientException.class, () -> client.tags("static/other"));
        assertThat(e.status()).isEqualTo(401);
        assertThat(tokens.requests).isEmpty();
    }
}
