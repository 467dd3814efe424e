package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.journal.Endpoint;
import dev.ocireg.testing.Http;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/** Under parallel execution, a fault set up in one test's registry never hits another test's registry. */
class ParallelFaultsTest {
    static final CountDownLatch INSTALLED = new CountDownLatch(1);
    static final CountDownLatch CHECKED = new CountDownLatch(1);

    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry
    static class Faulty {
        @Test
        void failsEveryRequest(RegistryHandle registry) throws Exception {
            registry.faults().onAnyRequest().respond(503);
            INSTALLED.countDown();
            assertThat(CHECKED.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Http.of(registry.url()).status("/v2/")).isEqualTo(503);
            assertThat(registry.journal().requests(r -> r.fault().isPresent())).hasSize(1);
        }
    }

    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry
    static class Healthy {
        @Test
        void neverSeesTheOtherRegistrysFault(RegistryHandle registry) throws Exception {
            assertThat(INSTALLED.await(20, TimeUnit.SECONDS))
                    .as("the faulty test runs at the same time")
                    .isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(Http.of(registry.url()).status("/v2/")).isEqualTo(200);
                assertThat(Http.of(registry.url()).status("/v2/app/tags/list")).isEqualTo(404);
            }
            assertThat(registry.faults().list()).isEmpty();
            assertThat(registry.journal().count(r -> r.fault().isPresent())).isZero();
            assertThat(registry.journal().count(r -> r.endpoint() == Endpoint.BASE))
                    .isEqualTo(5);
            CHECKED.countDown();
        }
    }

    @Test
    void faultsStayInTheirRegistry() {
        var results = ParallelExecutionTest.parallelEngine()
                .selectors(DiscoverySelectors.selectClass(Faulty.class), DiscoverySelectors.selectClass(Healthy.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    }
}
