package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

@Isolated("replaces System.err")
class FailureJournalTest {

    @org.junit.jupiter.api.Tag("fixture")
    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry
    static class Failing {
        @Test
        void fails(RegistryHandle registry) {
            Http.of(registry.url()).status("/v2/some/repo/manifests/missing");
            throw new AssertionError("boom");
        }

        @Test
        void passes(RegistryHandle registry) {
            Http.of(registry.url()).status("/v2/quiet/repo/tags/list");
        }
    }

    @Test
    void aFailedTestPrintsTheJournalOfItsRegistry() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EngineTestKit.engine("junit-jupiter")
                    .selectors(DiscoverySelectors.selectClass(Failing.class))
                    .execute()
                    .testEvents()
                    .assertStatistics(stats -> stats.succeeded(1).failed(1));
        } finally {
            System.setErr(original);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(err)
                .contains(
                        "ocireg: test fails(RegistryHandle) failed; journal of registry 'default' at http://127.0.0.1:")
                .contains("GET /v2/some/repo/manifests/missing 404")
                .doesNotContain("/v2/quiet/repo/tags/list");
    }
}
