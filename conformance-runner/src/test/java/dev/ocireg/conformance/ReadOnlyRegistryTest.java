package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A read-only registry holding pre-loaded content, tested as the official suite does it: OCI_API_PUSH=false and the
 * content named by OCI_RO_DATA_*. Nothing is pushed; the push workflow is skipped with its reason.
 */
class ReadOnlyRegistryTest {
    static final String MANIFEST = "sha256:dc85511d7491e9bb097ede04f398e0984b57df43c3c32c6014065fc0b123124b";
    static final String CONFIG = "sha256:c3280fa7552a9006e38e06f6ef3dd266bb3c885b77ac0879b43621eb626b7a7e";
    static final String LAYER = "sha256:2ae70ace3e0ed96cf793ad33a3a0b2a51bbbc8946c49e231dd1a220a47fb2a11";

    @Test
    void preloadedContentIsPulledAndListedAndNothingIsPushed() throws Exception {
        Path layout = Path.of(getClass().getResource("/layouts/hello").toURI());
        try (RegistryServer registry = RegistryServer.builder()
                .readOnly(true)
                .preload("conformance/repo1", layout)
                .build()
                .start()) {
            ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
                    .url(registry.url())
                    .set("OCI_API_PUSH", "false")
                    .set("OCI_RO_DATA_TAGS", "1.0")
                    .set("OCI_RO_DATA_MANIFESTS", MANIFEST)
                    .set("OCI_RO_DATA_BLOBS", CONFIG + " " + LAYER)
                    .set("OCI_RO_DATA_REFERRERS", MANIFEST)
                    .build());

            assertThat(report.failed()).as(report.failureDetails()).isZero();
            for (String id : new String[] {
                "pull.base",
                "pull.ro.tags",
                "pull.ro.manifests",
                "pull.ro.blobs",
                "pull.manifest-unknown-tag",
                "discovery.tags.list",
                "discovery.ro.referrers",
                "discovery.referrers.empty"
            }) {
                assertThat(report.result(id).orElseThrow().status()).as(id).isEqualTo(CheckResult.Status.PASSED);
            }
            assertThat(report.results(Workflow.PUSH))
                    .allSatisfy(r -> assertThat(r.message()).isEqualTo("OCI_API_PUSH=false"));
            assertThat(report.result("discovery.tags.paginated").orElseThrow().message())
                    .isEqualTo("paging needs at least 3 tags; the repository has [1.0]");
            assertThat(report.result("manage.blob.delete-unknown").orElseThrow().message())
                    .startsWith("blob deletion is disabled on this registry (405 [UNSUPPORTED])");
            assertThat(registry.journal()
                            .count(r -> !r.method().equals("GET") && !r.method().equals("HEAD")))
                    .as("requests that would write: DELETEs of content that does not exist, each refused")
                    .isEqualTo(registry.journal().count(r -> r.method().equals("DELETE")));
        }
    }
}
