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

    @AfterAll
    static void nothingFailedAndOnlyAuthWasSkipped() {
        try {
            assertThat(report).as("the suite ran").isNotNull();
            assertThat(report.failed()).as(report.failureDetails()).isZero();
            List<String> skipped = report.results().stream()
                    .filter(r -> r.status() == CheckResult.Status.SKIPPED)
                    .map(r -> r.check().id() + ": " + r.message())
                    .toList();
            assertThat(skipped)
                    .containsExactly("pull.error.unauthorized: no credentials configured (OCI_USERNAME): the registry"
                            + " is tested anonymously");
            for (Workflow w : Workflow.values()) {
                assertThat(report.results(w)).as(w.title()).hasSizeGreaterThan(10);
            }
        } finally {
            registry.close();
        }
    }
}
