package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.auth.AccessRules;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Malformed credentials, passwords with colons, bcrypt users, and tokens that are tampered with, expired, from
 * another registry, for another service or with too little scope: each a clear 401 or 403 in the spec's JSON, never
 * a 500.
 */
class AuthBadInputTest {
    /** {@code pa:ss word}, hashed by libxcrypt's bcrypt ({@code $2b$}, cost 4). */
    private static final String BCRYPT_2B = "$2b$04$abcdefghijklmnopqrstuuPMR.XtQeAifPH2VcwUTuTZ49dCaHuiW";
    /** {@code secret}, hashed by libxcrypt's bcrypt ({@code $2y$}, cost 5, as htpasswd -B writes it). */
    private static final String BCRYPT_2Y = "$2y$05$0123456789abcdefghijkebF.t51ZMQH79oSTz0w4T0A27Fx3IAyO";

    private static RegistryServer basic;
    private static RegistryServer token;
    private static RegistryServer shortLived;
    private static RegistryServer otherToken;
    private static Http basicHttp;
    private static Http tokenHttp;

    @BeforeAll
    static void start() {
        basic = RegistryServer.builder()
                .user("alice", "secret")
                .user("colon", "pa:ss:word")
                .user("hashed", BCRYPT_2B)
                .user("htpasswd", BCRYPT_2Y)
                .build()
                .start();
        token = RegistryServer.builder()
                .user("alice", "secret")
                .user("bob", "bob-pass")
                .allow(AccessRules.parseRule("alice:*:*"))
                .allow(AccessRules.parseRule("bob:org/*:pull"))
                .tokenAuth(true)
                .build()
                .start();
        shortLived = RegistryServer.builder()
                .user("alice", "secret")
                .tokenAuth(true)
                .tokenLifetime(Duration.ofSeconds(1))
                .build()
                .start();
        otherToken = RegistryServer.builder()
                .user("alice", "secret")
                .tokenAuth(true)
                .build()
                .start();
        basicHttp = new Http(basic);
        tokenHttp = new Http(token);
    }

    @AfterAll
    static void stop() {
        for (RegistryServer r : List.of(basic, token, shortLived, otherToken)) {
            r.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Response r) {
        return r.json().path("errors").get(0).path("message").asString();
    }

    // ------------------------------------------------------------------ Basic

    @Test
    void passwordsWithColonsAndBcryptHashesLogIn() {
        assertStatus(basicHttp.as("colon", "pa:ss:word").get("/v2/"), 200);
        assertStatus(basicHttp.as("hashed", "pa:ss word").get("/v2/"), 200);
        assertStatus(basicHttp.as("hashed", "pa:ss word").get("/v2/"), 200); // remembered, same answer
        assertStatus(basicHttp.as("htpasswd", "secret").get("/v2/"), 200);
        assertError(basicHttp.as("colon", "pa").get("/v2/"), 401, "UNAUTHORIZED");
        assertError(basicHttp.as("colon", "pa:ss:word:").get("/v2/"), 401, "UNAUTHORIZED");
        assertError(basicHttp.as("hashed", "pa:ss").get("/v2/"), 401, "UNAUTHORIZED");
        assertError(basicHttp.as("hashed", BCRYPT_2B).get("/v2/"), 401, "UNAUTHORIZED");
    }

    @Test
    void malformedBasicHeadersAre401WithAReason() {
        String[][] cases = {
            {"Basic", "empty"},
            {"Basic ", "empty"},
            {"Basic !!!not-base64!!!", "not base64"},
            {"Basic " + b64("no-colon"), "no colon"},
            {"Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}), "not UTF-8"},
            {"Basic " + b64(":secret"), "empty user name"},
            {"Basic " + b64("alice:wrong"), "wrong user name or password"},
            {"Basic " + b64("nobody:secret"), "wrong user name or password"},
            {"Bearer abc.def.ghi", "'Bearer' is not accepted"},
            {"Digest username=\"alice\"", "'Digest' is not accepted"},
            {"alice:secret", "an unknown scheme is not accepted"},
        };
        for (String[] c : cases) {
            Response r = basicHttp.with(c[0]).get("/v2/org/app/tags/list");
            assertError(r, 401, "UNAUTHORIZED");
            assertThat(message(r)).as("for %s", c[0]).contains(c[1]).doesNotContain("secret");
            assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
        }
        // an empty user and password is how Go clients say they have no credentials: anonymous
        Response none = basicHttp.with("Basic " + b64(":")).get("/v2/org/app/tags/list");
        assertError(none, 401, "UNAUTHORIZED");
        assertThat(message(none)).isEqualTo("authentication required to pull from org/app; send Basic credentials");
        // the scheme is case-insensitive (RFC 9110)
        assertStatus(basicHttp.with("basic " + b64("alice:secret")).get("/v2/"), 200);
        assertStatus(basicHttp.with("BASIC " + b64("alice:secret")).get("/v2/"), 200);
    }

    @Test
    void aRefusedRequestWithABodyKeepsTheConnectionUsable() {
        byte[] body = Oci.pattern(100_000);
        Response r = basicHttp.post("/v2/org/app/blobs/uploads/?digest=" + Oci.sha256(body), body);
        assertError(r, 401, "UNAUTHORIZED");
        assertStatus(basicHttp.as("alice", "secret").get("/v2/"), 200);
    }

    // ------------------------------------------------------------------ tokens

    private static String tokenFor(RegistryServer registry, String user, String password, String scope) {
        return AuthRoutesTest.token(new Http(registry).as(user, password), scope);
    }

    private static void assertInvalidToken(Response r, String reason) {
        assertError(r, 401, "UNAUTHORIZED");
        assertThat(message(r)).contains(reason);
        assertThat(r.header("WWW-Authenticate"))
                .startsWith("Bearer realm=\"" + token.url() + "/token\"")
                .endsWith("error=\"invalid_token\"");
    }

    @Test
    void tamperedTokensAre401() {
        String good = tokenFor(token, "bob", "bob-pass", "repository:org/app:pull");
        assertError(tokenHttp.with("Bearer " + good).get("/v2/org/app/tags/list"), 404, "NAME_UNKNOWN");
        String[] parts = good.split("\\.");
        // bob claims alice's name and push: the signature no longer matches
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"bob\"", "\"sub\":\"alice\"")
                .replace("[\"pull\"]", "[\"pull\",\"push\"]");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertInvalidToken(
                tokenHttp.with("Bearer " + forged).post("/v2/org/app/blobs/uploads/", new byte[0]),
                "signature is invalid");

        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalidToken(
                tokenHttp.with("Bearer " + none + "." + parts[1] + ".").get("/v2/org/app/tags/list"), "malformed");
        assertInvalidToken(
                tokenHttp
                        .with("Bearer " + none + "." + parts[1] + "." + parts[2])
                        .get("/v2/org/app/tags/list"),
                "algorithm 'none'");
        assertInvalidToken(
                tokenHttp.with("Bearer " + parts[0] + "." + parts[1] + ".AAAA").get("/v2/org/app/tags/list"),
                "signature is invalid");
        assertInvalidToken(
                tokenHttp.with("Bearer " + parts[0] + "." + parts[1] + ".***").get("/v2/org/app/tags/list"),
                "not base64url");
        assertInvalidToken(
                tokenHttp
                        .with("Bearer " + parts[0] + ".bm90IGpzb24." + parts[2])
                        .get("/v2/org/app/tags/list"),
                "signature is invalid");
        assertInvalidToken(tokenHttp.with("Bearer a.b").get("/v2/org/app/tags/list"), "malformed");
        assertInvalidToken(tokenHttp.with("Bearer ").get("/v2/org/app/tags/list"), "empty");
        assertInvalidToken(tokenHttp.with("Bearer !!!.???.###").get("/v2/org/app/tags/list"), "not base64url");
    }

    @Test
    void aTokenFromAnotherRegistryIs401() {
        String foreign = tokenFor(otherToken, "alice", "secret", "repository:org/app:pull");
        assertInvalidToken(tokenHttp.with("Bearer " + foreign).get("/v2/org/app/tags/list"), "another key");
    }

    @Test
    void anExpiredTokenIs401AndANewOneWorks() throws Exception {
        Http http = new Http(shortLived);
        String old = tokenFor(shortLived, "alice", "secret", "repository:app:pull");
        Thread.sleep(2100);
        Response r = http.with("Bearer " + old).get("/v2/app/tags/list");
        assertError(r, 401, "UNAUTHORIZED");
        assertThat(message(r)).contains("expired");
        assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        String fresh = tokenFor(shortLived, "alice", "secret", "repository:app:pull");
        assertError(http.with("Bearer " + fresh).get("/v2/app/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void tooLittleScopeIs401WhenTheRightsAllowMoreAnd403WhenNot() {
        String pullOnly = tokenFor(token, "alice", "secret", "repository:org/app:pull");
        Response push = tokenHttp.with("Bearer " + pullOnly).post("/v2/org/app/blobs/uploads/", new byte[0]);
        assertError(push, 401, "UNAUTHORIZED");
        assertThat(push.header("WWW-Authenticate"))
                .contains("scope=\"repository:org/app:pull,push\"")
                .endsWith("error=\"insufficient_scope\"");
        // a token for another repository
        assertError(tokenHttp.with("Bearer " + pullOnly).get("/v2/org/other/tags/list"), 401, "UNAUTHORIZED");

        // bob asks for push: the token server grants what he has (pull), so the push is denied
        String bobs = tokenFor(token, "bob", "bob-pass", "repository:org/app:pull,push");
        Response denied = tokenHttp.with("Bearer " + bobs).post("/v2/org/app/blobs/uploads/", new byte[0]);
        assertError(denied, 403, "DENIED");
        assertThat(message(denied)).isEqualTo("user bob may not push to org/app");
        // outside his pattern nothing is granted
        String outside = tokenFor(token, "bob", "bob-pass", "repository:secret/app:pull");
        assertError(tokenHttp.with("Bearer " + outside).get("/v2/secret/app/tags/list"), 403, "DENIED");
    }

    @Test
    void theTokenIsAnEs256JwtWithKidX5cAndTheGrantedAccess() throws Exception {
        Response r = assertStatus(
                tokenHttp
                        .as("bob", "bob-pass")
                        .get(
                                "/token?service=ocireg&client_id=test"
                                        + "&scope=repository:org/app:pull,push&scope=repository:other:pull&scope=registry:catalog:*"),
                200);
        JsonNode body = r.json();
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        assertThat(body.path("issued_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(body.path("scope").asString()).isEqualTo("repository:org/app:pull registry:catalog:*");
        String[] parts = body.path("token").asString().split("\\.");
        JsonNode header = Oci.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = Oci.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("typ").asString()).isEqualTo("JWT");
        assertThat(header.path("alg").asString()).isEqualTo("ES256");
        assertThat(header.path("kid").asString()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        Base64.getDecoder().decode(header.path("x5c").get(0).asString())));
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(cert.getPublicKey());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2])))
                .as("signature by the x5c key")
                .isTrue();

        assertThat(claims.path("iss").asString()).isNotEmpty();
        assertThat(claims.path("sub").asString()).isEqualTo("bob");
        assertThat(claims.path("aud").asString()).isEqualTo("ocireg");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
        assertThat(claims.path("nbf").asLong()).isEqualTo(claims.path("iat").asLong());
        assertThat(claims.path("jti").asString()).isNotEmpty();
        assertThat(claims.path("access").toString())
                .isEqualTo("[{\"type\":\"repository\",\"name\":\"org/app\",\"actions\":[\"pull\"]},"
                        + "{\"type\":\"registry\",\"name\":\"catalog\",\"actions\":[\"*\"]}]");
    }

    @Test
    void theTokenEndpointRefusesBadCredentialsAndOtherServices() {
        Response wrong = tokenHttp.as("alice", "nope").get("/token?service=ocireg&scope=repository:a:pull");
        assertError(wrong, 401, "UNAUTHORIZED");
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertError(tokenHttp.with("Basic %%%").get("/token?service=ocireg"), 401, "UNAUTHORIZED");
        assertError(tokenHttp.with("Bearer x").get("/token?service=ocireg"), 401, "UNAUTHORIZED");
        // a token this registry issued stands for its subject, whose rights still bound what it gets
        String bobs = tokenFor(token, "bob", "bob-pass", "repository:org/app:pull");
        Response more = assertStatus(
                tokenHttp
                        .with("Bearer " + bobs)
                        .get("/token?scope=repository:org/other:pull,push&scope=repository:x:pull"),
                200);
        assertThat(more.json().path("scope").asString()).isEqualTo("repository:org/other:pull");
        String foreign = tokenFor(otherToken, "alice", "secret", "");
        assertError(tokenHttp.with("Bearer " + foreign).get("/token?service=ocireg"), 401, "UNAUTHORIZED");

        Response service =
                tokenHttp.as("alice", "secret").get("/token?service=registry.docker.io&scope=repository:a:pull");
        assertError(service, 403, "DENIED");
        assertThat(message(service)).contains("'ocireg'", "'registry.docker.io'");
        assertError(tokenHttp.put("/token", new byte[0]), 405, "UNSUPPORTED");

        // anonymous: a token without access, as the spec says (not an error)
        Response anonymous = assertStatus(tokenHttp.get("/token?service=ocireg&scope=repository:org/app:pull"), 200);
        assertThat(anonymous.json().path("scope").asString()).isEmpty();
        assertError(
                tokenHttp
                        .with("Bearer " + anonymous.json().path("token").asString())
                        .get("/v2/org/app/tags/list"),
                401,
                "UNAUTHORIZED");
        // malformed scopes grant nothing
        Response odd = assertStatus(
                tokenHttp
                        .as("alice", "secret")
                        .get(
                                "/token?scope=repository&scope=repository:a&scope=repository:BAD..name:pull&scope=thing:x:y"),
                200);
        assertThat(odd.json().path("scope").asString()).isEmpty();
    }

    @Test
    void theOAuth2FormGivesAccessAndRefreshTokens() {
        String form = "application/x-www-form-urlencoded";
        Response password = assertStatus(
                tokenHttp.post(
                        "/token",
                        Oci.bytes("grant_type=password&username=alice&password=secret&service=ocireg"
                                + "&client_id=test&access_type=offline&scope=repository%3Aorg%2Fapp%3Apull%2Cpush"),
                        "Content-Type",
                        form),
                200);
        JsonNode body = password.json();
        assertThat(body.path("scope").asString()).isEqualTo("repository:org/app:pull,push");
        String refresh = body.path("refresh_token").asString();
        assertThat(refresh).isNotEmpty();
        assertStatus(
                tokenHttp
                        .with("Bearer " + body.path("access_token").asString())
                        .post("/v2/org/app/blobs/uploads/", new byte[0]),
                202);

        // the refresh token buys other scopes, but is no access token itself
        assertInvalidToken(tokenHttp.with("Bearer " + refresh).get("/v2/org/app/tags/list"), "refresh token");
        Response refreshed = assertStatus(
                tokenHttp.post(
                        "/token",
                        Oci.bytes("grant_type=refresh_token&service=ocireg&client_id=test&refresh_token=" + refresh
                                + "&scope=repository:other:pull"),
                        "Content-Type",
                        form),
                200);
        assertThat(refreshed.json().path("scope").asString()).isEqualTo("repository:other:pull");
        assertThat(refreshed.json().path("refresh_token").asString()).isEqualTo(refresh);
        // GET with offline_token=true
        assertThat(assertStatus(tokenHttp.as("alice", "secret").get("/token?service=ocireg&offline_token=true"), 200)
                        .json()
                        .path("refresh_token")
                        .asString())
                .isNotEmpty();

        assertError(
                tokenHttp.post(
                        "/token", Oci.bytes("grant_type=password&username=alice&password=nope"), "Content-Type", form),
                401,
                "UNAUTHORIZED");
        assertError(
                tokenHttp.post("/token", Oci.bytes("grant_type=password&password=secret"), "Content-Type", form),
                401,
                "UNAUTHORIZED");
        assertError(
                tokenHttp.post(
                        "/token",
                        Oci.bytes("grant_type=refresh_token&refresh_token=abc.def.ghi"),
                        "Content-Type",
                        form),
                401,
                "UNAUTHORIZED");
        String access = body.path("access_token").asString();
        assertError(
                tokenHttp.post(
                        "/token", Oci.bytes("grant_type=refresh_token&refresh_token=" + access), "Content-Type", form),
                401,
                "UNAUTHORIZED");
        assertError(
                tokenHttp.post("/token", Oci.bytes("grant_type=authorization_code&code=x"), "Content-Type", form),
                400,
                "UNSUPPORTED");
        assertError(
                tokenHttp.post(
                        "/token", Oci.bytes("{\"grant_type\":\"password\"}"), "Content-Type", "application/json"),
                400,
                "UNSUPPORTED");
        assertError(
                tokenHttp.post("/token", Oci.bytes("grant_type=password&username=%zz"), "Content-Type", form),
                400,
                "UNSUPPORTED");
        assertError(
                tokenHttp.post(
                        "/token",
                        Oci.bytes("grant_type=password&username=alice&password=secret&service=other"),
                        "Content-Type",
                        form),
                403,
                "DENIED");
    }

    @Test
    void basicCredentialsWhereATokenIsExpectedAre401WithTheBearerChallenge() {
        Response r = tokenHttp.as("alice", "secret").get("/v2/org/app/tags/list");
        assertError(r, 401, "UNAUTHORIZED");
        assertThat(message(r)).contains("Bearer tokens", "'Basic'").doesNotContain("secret");
        assertThat(r.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"" + token.url()
                        + "/token\",service=\"ocireg\",scope=\"repository:org/app:pull\"");
    }
}
