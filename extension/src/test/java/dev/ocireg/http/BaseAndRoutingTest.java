package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** end-1 ({@code /v2/}), the route table, the API version header and the error body shape. */
class BaseAndRoutingTest {
    private static final String UUID = "0d8a7e4c-5b5f-4a4e-9a57-7f2c3c1e2d11";

    private static RegistryServer registry;
    private static Http http;
    private static String blob;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
        blob = http.pushBlob("base/r", Oci.bytes("base"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void baseEndpointAnswers200WithAnEmptyJsonObject() {
        Response r = assertStatus(http.get("/v2/"), 200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().isObject()).isTrue();
        assertThat(r.json().size()).isZero();
        assertThat(r.text()).isEqualTo("{}");
        assertThat(r.contentLength()).isEqualTo(2);
    }

    @Test
    void baseEndpointAnswersHeadAndTheFormWithoutSlash() {
        Response head = assertStatus(http.head("/v2/"), 200);
        assertThat(head.body()).isEmpty();
        assertStatus(http.get("/v2"), 200);
    }

    static Stream<Arguments> responsesOfEveryKind() {
        return Stream.of(
                Arguments.of("GET", "/v2/", 200),
                Arguments.of("HEAD", "/v2/base/r/blobs/" + Oci.sha256(Oci.bytes("base")), 200),
                Arguments.of("POST", "/v2/base/r/blobs/uploads/", 202),
                Arguments.of("GET", "/v2/base/r/blobs/" + Oci.sha256(Oci.bytes("nothing")), 404),
                Arguments.of("GET", "/v2/base/r/blobs/sha256:short", 404),
                Arguments.of("GET", "/v2/base/r/referrers/sha256:short", 400),
                Arguments.of("GET", "/v2/base/../r/tags/list", 400),
                Arguments.of("POST", "/v2/", 405),
                Arguments.of("GET", "/nowhere", 404),
                Arguments.of("GET", "/v2/Upper/tags/list", 400));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("responsesOfEveryKind")
    void everyResponseCarriesTheApiVersionHeader(String method, String path, int status) {
        Response r = http.send(method, path, null);
        assertStatus(r, status);
        if (status >= 400) {
            assertError(r, status, null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/",
                "/v1/",
                "/v3/",
                "/v2/_catalog/x",
                "/v2/base/r",
                "/v2/base/r/",
                "/v2/base/r/blobs/",
                "/v2/base/r/manifests/",
                "/v2/base/r/tags",
                "/v2/base/r/tags/list/more",
                "/v2/base/r/referrers/",
                "/v2/base/r/unknown/thing",
                "/v2/base/r/blobs/uploads/" + UUID + "/more"
            })
    void unknownPathsAre404WithAJsonError(String path) {
        assertError(http.get(path), 404, "UNSUPPORTED");
        assertError(http.head(path), 404, null);
    }

    static Stream<Arguments> wrongMethods() {
        String digest = Oci.sha256(Oci.bytes("base"));
        return Stream.of(
                Arguments.of("POST", "/v2/", "GET, HEAD"),
                Arguments.of("DELETE", "/v2/", "GET, HEAD"),
                Arguments.of("POST", "/v2/_catalog", "GET, HEAD"),
                Arguments.of("PUT", "/v2/_catalog", "GET, HEAD"),
                Arguments.of("GET", "/v2/base/r/blobs/uploads/", "POST"),
                Arguments.of("PUT", "/v2/base/r/blobs/uploads/", "POST"),
                Arguments.of("POST", "/v2/base/r/blobs/uploads/" + UUID, "DELETE, GET, HEAD, PATCH, PUT"),
                Arguments.of("POST", "/v2/base/r/blobs/" + digest, "DELETE, GET, HEAD"),
                Arguments.of("PUT", "/v2/base/r/blobs/" + digest, "DELETE, GET, HEAD"),
                Arguments.of("PATCH", "/v2/base/r/blobs/" + digest, "DELETE, GET, HEAD"),
                Arguments.of("POST", "/v2/base/r/manifests/latest", "DELETE, GET, HEAD, PUT"),
                Arguments.of("PATCH", "/v2/base/r/manifests/latest", "DELETE, GET, HEAD, PUT"),
                Arguments.of("POST", "/v2/base/r/tags/list", "GET, HEAD"),
                Arguments.of("DELETE", "/v2/base/r/tags/list", "GET, HEAD"),
                Arguments.of("PUT", "/v2/base/r/referrers/" + digest, "GET, HEAD"),
                Arguments.of("DELETE", "/v2/base/r/referrers/" + digest, "GET, HEAD"));
    }

    @ParameterizedTest(name = "{0} {1} -> 405, Allow: {2}")
    @MethodSource("wrongMethods")
    void wrongMethodsAre405WithAllow(String method, String path, String allow) {
        Response r = http.send(method, path, method.equals("HEAD") ? null : new byte[0]);
        assertError(r, 405, "UNSUPPORTED");
        assertThat(r.headerValues("Allow")).containsExactlyInAnyOrderElementsOf(Arrays.asList(allow.split(", ")));
    }

    @ParameterizedTest(name = "HEAD {0} -> {1}, no body")
    @CsvSource({"/v2/_catalog, 200", "/v2/base/r/tags/list, 200", "/v2/nope/tags/list, 404"})
    void headIsAnsweredWhereverGetIs(String path, int status) {
        Response get = http.get(path);
        Response head = http.head(path);
        assertThat(head.status()).isEqualTo(status).isEqualTo(get.status());
        assertThat(head.body()).isEmpty();
        assertThat(head.headerValues("Content-Length")).isEqualTo(get.headerValues("Content-Length"));
    }

    @Test
    void theBlobPushedInSetupIsThere() {
        Response r = assertStatus(http.get("/v2/base/r/blobs/" + blob), 200);
        assertThat(r.text()).isEqualTo("base");
    }

    @Test
    void errorBodiesHaveTheSpecShape() {
        Response r = http.get("/v2/base/r/manifests/nope");
        assertError(r, 404, "MANIFEST_UNKNOWN");
        var error = r.json().path("errors").get(0);
        assertThat(List.copyOf(error.propertyNames()))
                .as("only the spec's fields")
                .isSubsetOf("code", "message", "detail");
    }
}
