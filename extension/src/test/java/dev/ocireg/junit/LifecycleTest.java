package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.internal.warmup.WarmUp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Nothing a registry starts outlives its scope, on every supported JUnit (this class runs in the 5.10, 5.14 and 6.x
 * runs of the build): 20 per-test registries, each pushing through its injected clients, then a count of live
 * threads and bound ports. JUnit 5.10 to 5.12 close only {@code CloseableResource} Store values.
 */
class LifecycleTest {

    static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    @Tag("fixture")
    static class TwentyPerTestRegistries {
        @RepeatedTest(20)
        @OciRegistry
        void pushesThroughItsClients(RegistryHandle registry) {
            PORTS.add(registry.port());
            registry.client().pushBlob("life/cycle", "one".getBytes(StandardCharsets.UTF_8));
            registry.anonymousClient().pushBlob("life/cycle", "two".getBytes(StandardCharsets.UTF_8));
            registry.assertThat().hasRepository("life/cycle");
        }
    }

    @Tag("fixture")
    @Execution(ExecutionMode.CONCURRENT)
    @OciRegistry
    static class SharedRegistryTakingTurns {
        @RepeatedTest(6)
        void pushes(RegistryHandle registry) {
            PORTS.add(registry.port());
            registry.client().pushBlob("turns/x", "blob".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void perTestRegistriesAndTheirClientsAreClosed() throws Exception {
        PORTS.clear();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EngineTestKit.engine("junit-jupiter")
                .selectors(DiscoverySelectors.selectClass(TwentyPerTestRegistries.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(20).failed(0));

        assertThat(PORTS).hasSize(20);
        assertAllClosed(before);
    }

    @Test
    void turnsOnASharedRegistryAreGivenBack() throws Exception {
        PORTS.clear();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .selectors(DiscoverySelectors.selectClass(SharedRegistryTakingTurns.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.succeeded(6).failed(0));

        assertThat(PORTS).hasSize(1);
        assertAllClosed(before);
    }

    /** No port of the fixture's registries is bound, and no thread started since {@code before} is alive. */
    private static void assertAllClosed(Set<Thread> before) throws InterruptedException {
        for (int port : PORTS) {
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                    .as("port %d of a closed registry", port)
                    .isInstanceOf(IOException.class);
        }
        WarmUp.await(); // the JVM's one warm-up (started by its first registry, maybe one of these) ends by itself
        assertThat(liveThreads(before, "ocireg")).as("threads named ocireg-*").isEmpty();
        // The JDK's HttpClient (before Java 21 it cannot be closed) ends its selector thread once the client is
        // garbage: the clients the extension made must not be reachable any more.
        List<String> httpThreads = liveThreads(before, "HttpClient-");
        for (int i = 0; i < 100 && !httpThreads.isEmpty(); i++) {
            System.gc();
            Thread.sleep(100);
            httpThreads = liveThreads(before, "HttpClient-");
        }
        assertThat(httpThreads)
                .as("HttpClient threads of the extension's clients")
                .isEmpty();
    }

    private static List<String> liveThreads(Set<Thread> before, String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .collect(Collectors.toList());
    }
}
