package dev.ocireg.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.auth.Action;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The one endpoint table, and the journal naming every request by it: the token endpoint included. */
class EndpointTest {

    @Test
    void eachEndpointKnowsItsMethodsActionsAndWrites() {
        assertThat(Endpoint.MANIFEST.methods()).containsExactlyInAnyOrder("GET", "HEAD", "PUT", "DELETE");
        assertThat(Endpoint.MANIFEST.action("PUT")).contains(Action.PUSH);
        assertThat(Endpoint.MANIFEST.action("DELETE")).contains(Action.DELETE);
        assertThat(Endpoint.MANIFEST.action("HEAD")).contains(Action.PULL);
        assertThat(Endpoint.MANIFEST.writes("PUT")).isTrue();
        assertThat(Endpoint.MANIFEST.writes("GET")).isFalse();
        assertThat(Endpoint.UPLOAD.action("GET"))
                .as("only the pusher asks for an upload's status")
                .contains(Action.PUSH);
        assertThat(Endpoint.UPLOAD.writes("GET")).isFalse();
        assertThat(Endpoint.UPLOAD.writes("DELETE")).isTrue();
        assertThat(Endpoint.BASE.action("GET")).isEmpty();
        assertThat(Endpoint.CATALOG.isCatalog()).isTrue();
        assertThat(Endpoint.UNKNOWN.methods()).isEmpty();
        assertThat(Endpoint.BLOB.specIds()).containsExactly("end-2", "end-10");
        assertThat(Endpoint.REFERRERS.path()).isEqualTo("/v2/<name>/referrers/<digest>");
        assertThat(Endpoint.ADMIN_FAULTS.isAdmin()).isTrue();
        assertThat(Endpoint.ADMIN_RESET.methods()).containsExactly("POST");
        assertThat(Endpoint.ADMIN_FAULT.methods()).containsExactlyInAnyOrder("GET", "DELETE");
        assertThat(Endpoint.MANIFEST.isAdmin()).isFalse();
    }

    @Test
    void journalNamesAreTheLowerCaseNamesAndUnknownOnesAreListed() {
        for (Endpoint e : Endpoint.values()) {
            assertThat(Endpoint.fromJournalName(e.journalName())).isSameAs(e);
        }
        assertThat(Endpoint.fromJournalName("Manifest")).isSameAs(Endpoint.MANIFEST);
        assertThatThrownBy(() -> Endpoint.fromJournalName("manifests"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown endpoint 'manifests'")
                .hasMessageContaining("manifest, tags, referrers, token, unknown");
    }

    @Test
    void tokenRequestsAreJournaledAsTheTokenEndpoint() throws Exception {
        try (RegistryServer registry = RegistryServer.builder()
                .user("alice", "secret")
                .tokenAuth(true)
                .build()
                .start()) {
            HttpResponse<String> token = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(registry.url().resolve("/token?service=ocireg"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(200);

            assertThat(registry.journal().requests())
                    .extracting(RecordedRequest::endpoint)
                    .containsExactly(Endpoint.TOKEN);
            RegistryAssertions.assertThat(registry.journal())
                    .received("GET", "token")
                    .once();
            RegistryAssertions.assertThat(registry.journal())
                    .received("GET", Endpoint.TOKEN)
                    .once();
        }
    }
}
