package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole suite as JUnit tests against ocireg's own registry, the way a user runs it against theirs: every check is
 * a test in this build's report and must pass. The registry runs with every optional feature on (sparse indexes,
 * referrers paged two at a time so paging is exercised) and the settings test everything, unreleased features included.
 * Skipped are only the checks for another setup: credentials, a second user, redirects, deletes switched off.
 */
class EmbeddedRegistryConformanceTest extends OciConformanceTests {

    private static RegistryServer registry;
    private static ConformanceReport report;

    @BeforeAll
    static void startRegistry() {
        registry = ConformanceMain.embeddedRegistry().start();
    }

    @Override
    protected ConformanceSettings settings() {
        return ConformanceMain.strict(ConformanceSettings.builder(), registry.url())
                .build();
    }

    @Override
    protected void finished(ConformanceReport report) {
        super.finished(report); // prints: conformance of http://127.0.0.1:PORT: N passed, 0 failed, 1 skipped in T ms
        EmbeddedRegistryConformanceTest.report = report;
    }

    /** "blob deletion is on (DELETE blob sha256:…: 202): …", checked up to the digest. */
    private static String deletionOn(String what, String request, ConformanceReport report) {
        String message = report.result("manage.error." + what + "-delete-unsupported")
                .orElseThrow()
                .message();
        assertThat(message).startsWith(what + " deletion is on (" + request);
        return message;
    }

    @AfterAll
    static void nothingFailedAndOnlyWhatNeedsAnotherSetupWasSkipped() {
        try {
            assertThat(report).as("the suite ran").isNotNull();
            assertThat(report.failed()).as(report.failureDetails()).isZero();
            List<String> skipped = report.results().stream()
                    .filter(r -> r.status() == CheckResult.Status.SKIPPED)
                    .map(r -> r.check().id() + ": " + r.message())
                    .toList();
            assertThat(skipped)
                    .containsExactlyInAnyOrder(
                            "pull.error.unauthorized: no credentials configured (OCI_USERNAME): the registry is tested"
                                    + " anonymously",
                            "push.error.denied: no second user (OCI_USERNAME2, OCI_PASSWORD2): a user who may pull"
                                    + " from conformance/repo1 but not push to it",
                            "pull.blob-redirect: the registry serves blobs itself (GET /v2/conformance/repo1/blobs/"
                                    + report.result("pull.blob-redirect")
                                            .orElseThrow()
                                            .message()
                                            .replaceAll(".*/blobs/", ""),
                            "manage.error.blob-delete-unsupported: "
                                    + deletionOn("blob", "DELETE blob sha256:", report),
                            "manage.error.manifest-delete-unsupported: "
                                    + deletionOn("manifest", "DELETE manifest of delete-off", report),
                            "manage.error.tag-delete-unsupported: "
                                    + deletionOn("tag", "DELETE tag tag-delete-off-" + report.runId(), report));
            for (Workflow w : Workflow.values()) {
                assertThat(report.results(w)).as(w.title()).hasSizeGreaterThan(10);
            }
        } finally {
            registry.close();
        }
    }
}
