package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Front;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UNSUPPORTED: a registry with deletes switched off refuses each with 405 and the error code UNSUPPORTED, and keeps
 * the content; the suite checks it, and skips the delete checks with the reason.
 */
class DisabledDeletesTest {
    private static final List<String> UNSUPPORTED_CHECKS = List.of(
            "manage.error.blob-delete-unsupported",
            "manage.error.manifest-delete-unsupported",
            "manage.error.tag-delete-unsupported");

    private static RegistryServer registryWithoutDeletes() {
        return ConformanceMain.embeddedRegistryBuilder()
                .blobDeletion(false)
                .manifestDeletion(false)
                .tagDeletion(false)
                .build()
                .start();
    }

    @Test
    void refusedDeletesSayUnsupportedAndTheDeleteChecksAreSkippedWithTheReason() {
        try (RegistryServer registry = registryWithoutDeletes()) {
            ConformanceReport report =
                    ConformanceSuite.run(ConformanceMain.strict(ConformanceSettings.builder(), registry.url())
                            .build());

            assertThat(report.failed()).as(report.failureDetails()).isZero();
            for (String id : UNSUPPORTED_CHECKS) {
                CheckResult r = report.result(id).orElseThrow();
                assertThat(r.status()).as(id + ": " + r.message()).isEqualTo(CheckResult.Status.PASSED);
                assertThat(r.describe()).contains("> DELETE ", "< 405", "\"code\":\"UNSUPPORTED\"");
            }
            assertThat(report.result("manage.image.delete-blobs").orElseThrow().message())
                    .startsWith("blob deletion is disabled on this registry (405 [UNSUPPORTED])");
            assertThat(report.result("manage.tag.delete").orElseThrow().message())
                    .startsWith("tag deletion is disabled on this registry (405 [UNSUPPORTED])");
        }
    }

    @Test
    void whenTheRegistryDeletesTheChecksAreSkipped() {
        try (RegistryServer registry = ConformanceMain.embeddedRegistry().start()) {
            ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
                    .url(registry.url())
                    .set("OCI_FILTER_TEST", "-delete-unsupported")
                    .build());

            assertThat(report.results()).hasSize(3).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED);
                assertThat(r.message())
                        .contains(" is on (DELETE ", ": 202): this check is for a registry that refuses");
            });
        }
    }

    @Test
    void aRefusalWithAnotherErrorCodeFails() {
        try (RegistryServer registry = registryWithoutDeletes();
                Front front = Front.start(registry.url())
                        .forwardingAuthorization()
                        .rewrite((call, reply) -> {
                            if (call.method().equals("DELETE") && reply.status == 405) {
                                reply.body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"}]}"
                                        .getBytes(StandardCharsets.UTF_8);
                            }
                        })) {
            ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
                    .url(front.url())
                    .set("OCI_FILTER_TEST", "-delete-unsupported")
                    .build());

            assertThat(report.results()).hasSize(3).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(CheckResult.Status.FAILED);
                assertThat(r.message()).contains("is off): expected error code UNSUPPORTED, got [DENIED]");
            });
        }
    }
}
