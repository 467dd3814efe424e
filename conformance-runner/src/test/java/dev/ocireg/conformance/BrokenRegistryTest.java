package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Front;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broken registry still gets a full verdict: ocireg behind a front that drops one header the spec requires. The
 * missing header is reported as the failure it is, and the checks that build on the content pushed still run, since
 * the registry stored it; almost nothing is skipped.
 */
class BrokenRegistryTest {
    @RegisterExtension
    static final EmbeddedRegistry registry = new EmbeddedRegistry();

    private static ConformanceReport run(Front front) {
        ConformanceReport report =
                ConformanceSuite.run(ConformanceMain.strict(ConformanceSettings.builder(), front.url())
                        .build());
        System.out.println("conformance behind a front that drops a header, " + report.summary());
        return report;
    }

    private static List<String> skipReasons(ConformanceReport report) {
        return report.results().stream()
                .filter(r -> r.status() == CheckResult.Status.SKIPPED)
                .map(r -> r.check().id() + ": " + r.message())
                .toList();
    }

    @Test
    void aBlobPutAnsweredWithoutLocationFailsThosePushesAndEverythingElseStillRuns() {
        try (Front front = Front.start(registry.url()).forwardingAuthorization().rewrite((call, reply) -> {
            if (call.method().equals("PUT") && call.path().contains("/blobs/uploads/") && reply.status == 201) {
                reply.headers.remove("Location");
            }
        })) {
            ConformanceReport report = run(front);

            assertThat(report.skipped())
                    .as("skipped: %s", skipReasons(report))
                    .isLessThan(report.results().size() / 10);
            assertThat(skipReasons(report)).noneMatch(reason -> reason.contains("which failed"));
            CheckResult blobs = report.result("push.image.blobs").orElseThrow();
            assertThat(blobs.status()).isEqualTo(CheckResult.Status.FAILED);
            assertThat(blobs.message()).contains("closing PUT of blob sha256:", "has no Location header");
            assertThat(report.result("push.image.manifests").orElseThrow().status())
                    .isEqualTo(CheckResult.Status.PASSED);
            assertThat(report.result("pull.image.blobs").orElseThrow().status()).isEqualTo(CheckResult.Status.PASSED);
            assertThat(report.result("manage.image.delete-blobs").orElseThrow().status())
                    .isEqualTo(CheckResult.Status.PASSED);
            // every variant's blob push, and the upload checks that read the Location, fail for that header alone
            assertThat(report.failed()).isGreaterThanOrEqualTo(20);
            assertThat(report.results())
                    .filteredOn(r -> r.status() == CheckResult.Status.FAILED)
                    .allSatisfy(r -> assertThat(r.message()).contains("has no Location header"));
            assertThat(report.results())
                    .filteredOn(
                            r -> r.check().id().endsWith(".blobs") && r.check().workflow() == Workflow.PUSH)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(CheckResult.Status.FAILED));
        }
    }

    @Test
    void responsesWithoutDockerContentDigestFailTheChecksThatRequireItAndNothingIsSkippedForIt() {
        try (Front front = Front.start(registry.url())
                .forwardingAuthorization()
                .rewrite((call, reply) -> reply.headers.remove("Docker-Content-Digest"))) {
            ConformanceReport report = run(front);

            assertThat(report.skipped())
                    .as("skipped: %s", skipReasons(report))
                    .isLessThan(report.results().size() / 10);
            assertThat(skipReasons(report)).noneMatch(reason -> reason.contains("which failed"));
            // OCI_API_*_DIGEST_HEADER=true: pushes and pulls of manifests and blobs fail for the header
            CheckResult manifests = report.result("push.image.manifests").orElseThrow();
            assertThat(manifests.status()).isEqualTo(CheckResult.Status.FAILED);
            assertThat(manifests.message()).contains("no Docker-Content-Digest header");
            assertThat(report.result("pull.image.manifest-by-tag").orElseThrow().message())
                    .contains("no Docker-Content-Digest header (OCI_API_MANIFESTS_DIGEST_HEADER=true)");
            assertThat(report.result("pull.image.blobs").orElseThrow().message())
                    .contains("no Docker-Content-Digest header (OCI_API_BLOBS_DIGEST_HEADER=true)");
            assertThat(report.results())
                    .filteredOn(r -> r.status() == CheckResult.Status.FAILED)
                    .allSatisfy(r -> assertThat(r.message()).contains("no Docker-Content-Digest header"));
            assertThat(report.failed()).isGreaterThanOrEqualTo(40);
            // what does not depend on the header passes
            assertThat(report.result("discovery.tags.list").orElseThrow().status())
                    .isEqualTo(CheckResult.Status.PASSED);
            assertThat(report.result("manage.image.delete-manifests")
                            .orElseThrow()
                            .status())
                    .isEqualTo(CheckResult.Status.PASSED);
        }
    }
}
