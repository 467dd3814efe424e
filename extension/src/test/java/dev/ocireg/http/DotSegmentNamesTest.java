package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static dev.ocireg.testing.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.auth.AccessRules;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names with {@code .} or {@code ..} segments, in every spelling. Jetty normalises such paths before a handler sees
 * them, so {@code POST /v2/hostile/../escape/blobs/uploads/} used to start an upload in {@code escape}. The registry
 * routes on the path as sent: such a name is {@code NAME_INVALID} on every endpoint, and the repository it would have
 * resolved to ({@code escape}, which holds a tagged image and an open upload) is never read or changed. Requests are
 * written verbatim on a socket, so no client can normalise them on the way.
 */
class DotSegmentNamesTest {
    private static RegistryServer registry;
    private static Http http;
    private static Http.Image image;
    private static String layer;
    private static String upload;
    private static final String EMPTY_DIGEST = Oci.sha256(new byte[0]);

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
        image = http.pushImage("escape", "latest", "victim");
        layer = http.pushBlob("escape", Oci.bytes("a blob of escape"));
        upload = Http.uploadId(assertStatus(http.post("/v2/escape/blobs/uploads/", new byte[0]), 202), "escape");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** Every one of these names resolves to {@code escape} once its dot segments are removed. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "hostile/../escape",
                "hostile/%2e%2e/escape",
                "hostile/%2E%2E/escape",
                "hostile/%2e%2E/escape",
                "hostile/.%2e/escape",
                "hostile/%2E./escape",
                "hostile/x/../../escape",
                "hostile/x/%2e%2e/%2e%2e/escape",
                "./escape",
                "%2e/escape",
                "%2E/escape",
                "escape/.",
                "escape/%2e",
                "escape/x/..",
                "escape/x/%2E%2E",
                "hostile/..;/escape",
                "hostile/%2e%2e;/escape",
                "hostile/..%3B/escape",
                "hostile%2f..%2fescape",
                "hostile%2F%2e%2e%2Fescape",
                "hostile/%252e%252e/escape"
            })
    void aNameWithDotSegmentsIsNameInvalidOnEveryEndpointAndNeverReachesAnotherRepository(String name) {
        String v2 = "/v2/" + name;
        String blob = layer;
        String digest = image.digest();
        String uploadPath = v2 + "/blobs/uploads/" + upload;

        // blobs
        assertNameInvalid(http.raw("GET", v2 + "/blobs/" + blob));
        assertNameInvalid(http.raw("HEAD", v2 + "/blobs/" + blob));
        assertNameInvalid(http.raw("DELETE", v2 + "/blobs/" + blob));
        // uploads
        assertNameInvalid(http.raw("POST", v2 + "/blobs/uploads/"));
        assertNameInvalid(http.raw("POST", v2 + "/blobs/uploads/?digest=" + EMPTY_DIGEST));
        assertNameInvalid(http.raw("POST", v2 + "/blobs/uploads/?mount=" + blob + "&from=escape"));
        assertNameInvalid(http.raw("GET", uploadPath));
        assertNameInvalid(http.raw("PATCH", uploadPath, Oci.bytes("abc"), "Content-Range", "0-2"));
        assertNameInvalid(http.raw("PUT", uploadPath + "?digest=" + EMPTY_DIGEST));
        assertNameInvalid(http.raw("DELETE", uploadPath));
        // manifests
        assertNameInvalid(http.raw("GET", v2 + "/manifests/latest"));
        assertNameInvalid(http.raw("HEAD", v2 + "/manifests/latest"));
        assertNameInvalid(http.raw("GET", v2 + "/manifests/" + digest));
        assertNameInvalid(
                http.raw("PUT", v2 + "/manifests/planted", image.manifest(), "Content-Type", Oci.OCI_MANIFEST));
        assertNameInvalid(http.raw("DELETE", v2 + "/manifests/latest"));
        assertNameInvalid(http.raw("DELETE", v2 + "/manifests/" + digest));
        // tags and referrers
        assertNameInvalid(http.raw("GET", v2 + "/tags/list"));
        assertNameInvalid(http.raw("GET", v2 + "/referrers/" + digest));

        assertEscapeIsUntouched();
    }

    @Test
    void anEncodedSlashInANameIsExplained() {
        Response r = http.raw("GET", "/v2/hostile%2Fx/tags/list");
        assertThat(assertNameInvalid(r)).contains("encoded '/' (%2F)");
    }

    @Test
    void dotSegmentsNeverLeadToAnotherEndpoint() {
        // each of these normalises to an endpoint that would answer 200
        assertNameInvalid(http.raw("GET", "/v2/escape/tags/list/../../manifests/latest"));
        assertNameInvalid(http.raw("GET", "/v2/escape/blobs/%2e%2e/manifests/latest"));
        assertNameInvalid(http.raw("GET", "/v2/escape/x/../tags/list"));
        assertError(http.raw("GET", "/v2/escape/manifests/../../_catalog"), 404, "UNSUPPORTED");
        assertError(http.raw("GET", "/v2/escape/manifests/latest/.."), 404, "UNSUPPORTED");
        assertEscapeIsUntouched();
    }

    @Test
    void aDotSegmentAsReferenceNamesNothing() {
        for (String dots : List.of("..", ".", "%2e%2e", "%2E", ".%2e")) {
            String v2 = "/v2/escape";
            assertError(http.raw("GET", v2 + "/manifests/" + dots), 404, "MANIFEST_UNKNOWN");
            assertError(http.raw("HEAD", v2 + "/manifests/" + dots), 404, null);
            assertError(http.raw("DELETE", v2 + "/manifests/" + dots), 404, "MANIFEST_UNKNOWN");
            assertError(
                    http.raw("PUT", v2 + "/manifests/" + dots, image.manifest(), "Content-Type", Oci.OCI_MANIFEST),
                    400,
                    "MANIFEST_INVALID");
            assertError(http.raw("GET", v2 + "/blobs/" + dots), 404, "BLOB_UNKNOWN");
            assertError(http.raw("DELETE", v2 + "/blobs/" + dots), 404, "BLOB_UNKNOWN");
            assertError(http.raw("GET", v2 + "/blobs/uploads/" + dots), 404, "BLOB_UPLOAD_UNKNOWN");
            assertError(http.raw("PATCH", v2 + "/blobs/uploads/" + dots, Oci.bytes("x")), 404, "BLOB_UPLOAD_UNKNOWN");
            assertError(http.raw("DELETE", v2 + "/blobs/uploads/" + dots), 404, "BLOB_UPLOAD_UNKNOWN");
            // referrers: "a <digest> with an invalid syntax" MUST be a 400
            assertError(http.raw("GET", v2 + "/referrers/" + dots), 400, "DIGEST_INVALID");
        }
        assertEscapeIsUntouched();
    }

    @Test
    void pathsJettyRefusesAreStillSpecShapedErrors() {
        // a path that climbs above the root cannot even be parsed: Jetty's 400, in the spec's JSON
        assertError(http.raw("GET", "/v2/a/../../../escape/tags/list"), 400, "UNSUPPORTED");
        assertError(http.raw("POST", "/v2/../../escape/blobs/uploads/"), 400, "UNSUPPORTED");
        // characters Jetty refuses in a path, inside a name: NAME_INVALID with Jetty's reason
        assertThat(assertNameInvalid(http.raw("GET", "/v2/a%5Cb/tags/list"))).contains("Suspicious");
        assertNameInvalid(http.raw("GET", "/v2/%ff/tags/list"));
        assertNameInvalid(http.raw("GET", "/v2/hostile/%u002e%u002e/escape/tags/list"));
        // ... and outside a name: UNSUPPORTED
        assertError(http.raw("GET", "/v2/escape/manifests/%ff"), 400, "UNSUPPORTED");
        assertEscapeIsUntouched();
    }

    @Test
    void javaNetHttpSendsDotSegmentsAsGivenToo() {
        // java.net.http does not normalise either (URI.create keeps dot segments): the same answer as on a socket
        URI uri = http.uri("/v2/hostile/../escape/tags/list");
        assertThat(uri.getRawPath()).isEqualTo("/v2/hostile/../escape/tags/list");
        assertNameInvalid(http.get("/v2/hostile/../escape/tags/list"));
        assertNameInvalid(http.post("/v2/hostile/%2e%2e/escape/blobs/uploads/", new byte[0]));
        assertEscapeIsUntouched();
    }

    @Test
    void theTokenEndpointGrantsNothingOnADotSegmentName() throws Exception {
        try (RegistryServer tokens = RegistryServer.builder()
                .user("root", "root-pass")
                .user("bob", "bob-pass")
                .allow(AccessRules.parseRule("root:*:*"))
                .allow(AccessRules.parseRule("bob:hostile/*:*"))
                .tokenAuth(true)
                .build()
                .start()) {
            Http anyone = new Http(tokens);
            Http bob = anyone.as("bob", "bob-pass");
            Http root = anyone.as("root", "root-pass");
            String seed = AuthRoutesTest.token(root, "repository:escape:push");
            new Http(tokens).with("Bearer " + seed).pushBlob("escape", Oci.bytes("seed"));

            // bob's rule hostile/* would match "hostile/../escape" as a string; the name is refused before any rule
            for (String name : List.of(
                    "hostile/../escape",
                    "hostile/%2e%2e/escape",
                    "hostile/%2E%2E/escape",
                    "hostile/./escape",
                    "hostile%2f..%2fescape",
                    "hostile/%252e%252e/escape")) {
                for (Http who : List.of(bob, root)) {
                    Response r = assertStatus(
                            who.get("/token?service=ocireg&scope=" + enc("repository:" + name + ":pull,push")), 200);
                    assertThat(r.json().path("scope").asString())
                            .as("scope granted for %s", name)
                            .isEmpty();
                }
                // the same name, raw in the query (decoded once by the query parser)
                Response raw = bob.raw("GET", "/token?service=ocireg&scope=repository:" + name + ":pull,push");
                assertThat(assertStatus(raw, 200).json().path("scope").asString())
                        .isEmpty();
            }
            // the control: bob does get what his rule allows
            Response granted =
                    assertStatus(bob.get("/token?service=ocireg&scope=" + enc("repository:hostile/x:pull,push")), 200);
            assertThat(granted.json().path("scope").asString()).isEqualTo("repository:hostile/x:pull,push");

            // with that token, a dot-segment path into escape is refused as a name, not resolved to escape
            Http bobToken = anyone.with("Bearer " + granted.json().path("token").asString());
            assertNameInvalid(bobToken.raw("POST", "/v2/hostile/x/../../escape/blobs/uploads/"));
            assertNameInvalid(
                    bobToken.raw("POST", "/v2/hostile/x/%2e%2e/%2e%2e/escape/blobs/uploads/?digest=" + EMPTY_DIGEST));
            RegistryAssertions.assertThat(tokens).repository("escape").doesNotHaveBlob(EMPTY_DIGEST);
            assertThat(tokens.storage().repositories())
                    .extracting(Object::toString)
                    .containsExactly("escape");
        }
    }

    /** 400 NAME_INVALID (the JSON body is checked except for HEAD); returns the message. */
    private static String assertNameInvalid(Response r) {
        if (r.method().equals("HEAD")) {
            assertError(r, 400, null);
            return "";
        }
        return assertError(r, 400, "NAME_INVALID")
                .path("errors")
                .get(0)
                .path("message")
                .asString();
    }

    /** {@code escape} still holds exactly its image, its one tag and its empty open upload; no other repository. */
    private static void assertEscapeIsUntouched() {
        assertThat(Http.strings(http.get("/v2/_catalog").json().path("repositories")))
                .containsExactly("escape");
        assertThat(Http.strings(http.get("/v2/escape/tags/list").json().path("tags")))
                .containsExactly("latest");
        assertThat(assertStatus(http.get("/v2/escape/manifests/latest"), 200).body())
                .isEqualTo(image.manifest());
        assertStatus(http.head("/v2/escape/blobs/" + layer), 200);
        Response status = assertStatus(http.get("/v2/escape/blobs/uploads/" + upload), 204);
        assertThat(status.header("Range")).isEqualTo("0-0");
        RegistryAssertions.assertThat(registry).repository("escape").doesNotHaveBlob(EMPTY_DIGEST);
    }
}
