package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite through token authentication: a 401 is answered with a Bearer token fetched from the challenge's realm with
 * OCI_USERNAME and OCI_PASSWORD, tokens are cached per repository, and the check of the 401 itself runs.
 */
class AuthenticatedRegistryTest {
    private static RegistryServer registry;
    private static TokenFront front;

    @BeforeAll
    static void start() throws Exception {
        registry = ConformanceMain.embeddedRegistry().start();
        front = new TokenFront(registry.url(), "conformance", "s3cret");
    }

    @AfterAll
    static void stop() throws Exception {
        front.close();
        registry.close();
    }

    @Test
    void everyCheckPassesWithABearerTokenFromTheRealm() {
        ConformanceReport report =
                ConformanceSuite.run(ConformanceMain.strict(ConformanceSettings.builder(), front.url())
                        .credentials("conformance", "s3cret")
                        .build());

        assertThat(report.failed()).as(report.failureDetails()).isZero();
        // skipped only what needs another setup (a second user, redirects, deletes switched off)
        assertThat(report.results())
                .filteredOn(r -> r.status() == CheckResult.Status.SKIPPED)
                .extracting(r -> r.check().id())
                .containsExactlyInAnyOrder(
                        "push.error.denied",
                        "pull.blob-redirect",
                        "manage.error.blob-delete-unsupported",
                        "manage.error.manifest-delete-unsupported",
                        "manage.error.tag-delete-unsupported");
        assertThat(report.result("pull.error.unauthorized").orElseThrow().status())
                .isEqualTo(CheckResult.Status.PASSED);
        // one token per repository scope (repo1, repo2, the unknown ones), not one per request
        assertThat(front.tokenRequests.get()).isBetween(2, 12);
        assertThat(front.proxied.get()).isGreaterThan(400);
        String transcript = report.result("pull.base").orElseThrow().describe();
        assertThat(transcript).contains("< 401", "(token response, not shown)", "> Authorization: Bearer ***");
        assertThat(transcript).doesNotContain("s3cret", "token-");
    }

    @Test
    void aWrongPasswordFailsWithTheRefusedTokenRequestInTheTranscript() {
        ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
                .url(front.url())
                .credentials("conformance", "wrong")
                .set("OCI_FILTER_TEST", "pull.base")
                .build());

        CheckResult base = report.result("pull.base").orElseThrow();
        assertThat(base.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(base.message()).contains("GET /v2/: expected 200 but got 401 (UNAUTHORIZED");
        assertThat(base.describe()).contains("/token?service=front", "> Authorization: Basic ***");
    }
}
