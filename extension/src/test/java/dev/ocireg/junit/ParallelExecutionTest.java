package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes with JUnit's parallel execution on and checks every test saw only its own content. */
class ParallelExecutionTest {
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
    static final CountDownLatch TOGETHER = new CountDownLatch(2);

    /** Two classes that can only pass if they run at the same time, each with its own class-level registry. */
    @org.junit.jupiter.api.Tag("fixture")
    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry
    static class A {
        @RepeatedTest(5)
        void ownContentOnly(RegistryHandle registry) throws Exception {
            check(registry, "a");
        }

        @Test
        void meetsB() throws Exception {
            TOGETHER.countDown();
            assertThat(TOGETHER.await(20, TimeUnit.SECONDS))
                    .as("A and B ran concurrently")
                    .isTrue();
        }
    }

    @org.junit.jupiter.api.Tag("fixture")
    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry
    static class B {
        @RepeatedTest(5)
        void ownContentOnly(RegistryHandle registry) throws Exception {
            check(registry, "b");
        }

        @Test
        void meetsA() throws Exception {
            TOGETHER.countDown();
            assertThat(TOGETHER.await(20, TimeUnit.SECONDS))
                    .as("A and B ran concurrently")
                    .isTrue();
        }
    }

    /** Methods of one class run concurrently against one shared registry that is reset before each: they take turns. */
    @org.junit.jupiter.api.Tag("fixture")
    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry
    static class SharedAndReset {
        @RepeatedTest(8)
        void seesAnEmptyRegistry(RegistryHandle registry) throws Exception {
            check(registry, "shared");
        }
    }

    static void check(RegistryHandle registry, String repo) throws Exception {
        THREADS.add(Thread.currentThread().getName());
        assertThat(Http.of(registry.url()).status("/v2/_catalog")).isEqualTo(200);
        String body = Http.of(registry.url()).get("/v2/_catalog").text();
        assertThat(body).as("the registry is empty at the start of the test").isEqualTo("{\"repositories\":[]}");
        String digest = Http.of(registry.url())
                .pushBlob(repo, Oci.bytes(Thread.currentThread().getName() + System.nanoTime()));
        Thread.sleep(20);
        assertThat(Http.of(registry.url()).status("/v2/" + repo + "/blobs/" + digest))
                .isEqualTo(200);
        String after = Http.of(registry.url()).get("/v2/_catalog").text();
        assertThat(after).isEqualTo("{\"repositories\":[\"" + repo + "\"]}");
    }

    @Test
    void classesAndMethodsRunInParallelSafely() {
        var results = parallelEngine()
                .selectors(
                        DiscoverySelectors.selectClass(A.class),
                        DiscoverySelectors.selectClass(B.class),
                        DiscoverySelectors.selectClass(SharedAndReset.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(20).failed(0));
        assertThat(THREADS.size()).as("tests ran on several threads").isGreaterThan(1);
    }

    /** The Jupiter engine with classes and methods running concurrently on 4 threads. */
    static EngineTestKit.Builder parallelEngine() {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
    }
}
