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
            registry.faults().on(dev.ocireg.journal.Endpoint.TAGS).respond(503);
            Http.of(registry.url()).status("/v2/some/repo/tags/list");
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
                .contains("      < {\"errors\":[{\"code\":\"NAME_UNKNOWN\"")
                .contains("GET /v2/some/repo/tags/list 503")
                .contains("[fault f1: 503]")
                .contains("1 fault(s):\n  f1: tags -> 503 (always), triggered 1")
                .doesNotContain("/v2/quiet/repo/tags/list");
    }
}
