package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.auth.AccessRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DENIED: with OCI_USERNAME2, a user who may pull but not push, the suite checks that its pushes are refused with the
 * error code DENIED and store nothing — with Basic authentication and with the token flow.
 */
class DeniedCheckTest {

    private static RegistryServer registry(boolean tokens) {
        return ConformanceMain.embeddedRegistryBuilder()
                .user("ci", "s3cret")
                .user("viewer", "v")
                .user("writer", "w")
                .allow(AccessRules.parseRule("ci:*:pull,push,delete"))
                .allow(AccessRules.parseRule("writer:*:pull,push"))
                .allow(AccessRules.parseRule("viewer:*:pull"))
                .tokenAuth(tokens)
                .build()
                .start();
    }

    @ParameterizedTest(name = "token flow: {0}")
    @ValueSource(booleans = {false, true})
    void aUserWithoutPushRightsIsDeniedAndEveryOtherCheckStillPasses(boolean tokens) {
        try (RegistryServer registry = registry(tokens)) {
            ConformanceReport report =
                    ConformanceSuite.run(ConformanceMain.strict(ConformanceSettings.builder(), registry.url())
                            .credentials("ci", "s3cret")
                            .secondUser("viewer", "v")
                            .build());

            assertThat(report.failed()).as(report.failureDetails()).isZero();
            CheckResult denied = report.result("push.error.denied").orElseThrow();
            assertThat(denied.status()).as(denied.describe()).isEqualTo(CheckResult.Status.PASSED);
            assertThat(denied.describe())
                    .contains("> POST " + registry.url() + "/v2/conformance/repo1/blobs/uploads/", "< 403")
                    .contains("\"code\":\"DENIED\"");
        }
    }

    @ParameterizedTest(name = "token flow: {0}")
    @ValueSource(booleans = {false, true})
    void aSecondUserWhoMayPushFailsTheCheckWithTheReason(boolean tokens) {
        try (RegistryServer registry = registry(tokens)) {
            ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
                    .url(registry.url())
                    .credentials("ci", "s3cret")
                    .secondUser("writer", "w")
                    .set("OCI_FILTER_TEST", "push.error.denied")
                    .build());

            CheckResult denied = report.result("push.error.denied").orElseThrow();
            assertThat(denied.status()).isEqualTo(CheckResult.Status.FAILED);
            assertThat(denied.message())
                    .contains("202, an upload started: OCI_USERNAME2 (writer) may push to conformance/repo1");
            assertThat(registry.journal().count(r -> r.method().equals("DELETE")))
                    .as("the upload the writer started is cancelled")
                    .isEqualTo(1);
        }
    }

    @Test
    void withoutASecondUserTheCheckIsSkippedWithTheSettingToGive() {
        try (RegistryServer registry = registry(false)) {
            CheckResult denied = ConformanceSuite.run(ConformanceSettings.builder()
                            .url(registry.url())
                            .credentials("ci", "s3cret")
                            .set("OCI_FILTER_TEST", "push.error.denied")
                            .build())
                    .result("push.error.denied")
                    .orElseThrow();
            assertThat(denied.status()).isEqualTo(CheckResult.Status.SKIPPED);
            assertThat(denied.message()).startsWith("no second user (OCI_USERNAME2, OCI_PASSWORD2)");
        }
    }
}
