package dev.ocireg.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token request of a Bearer challenge: one {@code scope} parameter per scope, and the token in the answer. */
class TokenRequestTest {

    private static Challenge bearer(Map<String, String> params) {
        return new Challenge("bearer", params);
    }

    @Test
    void eachScopeIsItsOwnParameter() {
        Challenge c = bearer(Map.of(
                "realm", "https://auth.example/token",
                "service", "registry example",
                "scope", " repository:a/b:pull,push   repository:c:pull "));

        assertThat(TokenRequest.scopes(c)).containsExactly("repository:a/b:pull,push", "repository:c:pull");
        assertThat(TokenRequest.uri(c))
                .isEqualTo(URI.create("https://auth.example/token?service=registry+example"
                        + "&scope=repository%3Aa%2Fb%3Apull%2Cpush&scope=repository%3Ac%3Apull"));
    }

    @Test
    void theRealmsOwnQueryIsKeptAndNoParametersMeansNoQuery() {
        assertThat(TokenRequest.uri(
                        bearer(Map.of("realm", "http://auth/token?client=x", "scope", "registry:catalog:*"))))
                .isEqualTo(URI.create("http://auth/token?client=x&scope=registry%3Acatalog%3A*"));
        assertThat(TokenRequest.uri(bearer(Map.of("realm", "http://auth/token"))))
                .isEqualTo(URI.create("http://auth/token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://auth/token", "/relative/token", "http://bad host/"})
    void aRealmThatIsNotAnHttpUrlIsRefused(String realm) {
        assertThatThrownBy(() -> TokenRequest.uri(bearer(Map.of("realm", realm))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("realm");
    }

    @Test
    void theTokenIsTokenOrElseAccessToken() {
        assertThat(TokenRequest.token(utf8("{\"token\":\"t1\",\"access_token\":\"t2\"}")))
                .contains("t1");
        assertThat(TokenRequest.token(utf8("{\"token\":\"\",\"access_token\":\"t2\"}")))
                .contains("t2");
        assertThat(TokenRequest.token(utf8("{\"access_token\":\"t2\",\"expires_in\":60}")))
                .contains("t2");
        for (String none :
                List.of("{}", "{\"token\":7}", "not json", "[\"token\"]", "{\"token\":\"a\",\"token\":\"b\"}")) {
            assertThat(TokenRequest.token(utf8(none))).as(none).isEmpty();
        }
    }

    @Test
    void basicCredentialsAreUtf8Base64() {
        assertThat(TokenRequest.basic("user", "pä:ss")).isEqualTo("Basic dXNlcjpww6Q6c3M=");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
