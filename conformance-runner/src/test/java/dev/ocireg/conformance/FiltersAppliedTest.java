package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Front;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OCI-Filters-Applied says whether the referrers list was filtered: ocireg filters and says so; a front that adds the
 * header to unfiltered lists, or removes it from filtered ones, misleads a client, and the check says how.
 */
class FiltersAppliedTest {
    private static final String ID = "discovery.referrers.filter-header";

    @RegisterExtension
    static final EmbeddedRegistry registry = new EmbeddedRegistry();

    private static CheckResult run(java.net.URI url) {
        return ConformanceSuite.run(ConformanceSettings.builder()
                        .url(url)
                        .set("OCI_FILTER_TEST", ID)
                        .build())
                .result(ID)
                .orElseThrow();
    }

    @Test
    void aRegistryThatFiltersAndSaysSoPasses() {
        CheckResult r = run(registry.url());
        assertThat(r.status()).as(r.describe()).isEqualTo(CheckResult.Status.PASSED);
        assertThat(r.describe()).contains("artifactType=application%2Fvnd.ocireg.conformance.sbom.v1");
    }

    @Test
    void theHeaderOnAnUnfilteredListFails() {
        try (Front front = Front.start(registry.url()).forwardingAuthorization().rewrite((call, reply) -> {
            if (call.path().contains("/referrers/")) {
                reply.header("OCI-Filters-Applied", "artifactType");
            }
        })) {
            CheckResult r = run(front.url());
            assertThat(r.status()).isEqualTo(CheckResult.Status.FAILED);
            assertThat(r.message())
                    .isEqualTo("GET referrers without artifactType: OCI-Filters-Applied is 'artifactType', though no"
                            + " filter was requested");
        }
    }

    @Test
    void aFilteredListWithoutTheHeaderFails() {
        try (Front front = Front.start(registry.url())
                .forwardingAuthorization()
                .rewrite((call, reply) -> reply.headers.remove("OCI-Filters-Applied"))) {
            CheckResult r = run(front.url());
            assertThat(r.status()).isEqualTo(CheckResult.Status.FAILED);
            assertThat(r.message())
                    .contains("has no OCI-Filters-Applied, so the list must be unfiltered, but it lacks the referrers"
                            + " of other types")
                    .endsWith("the registry filtered without saying so");
        }
    }
}
