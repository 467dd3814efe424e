package it.junit510;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** JUnit 5.10 closes only CloseableResource Store values: every per-test registry must still be closed. */
class PerTestRegistriesTest {

    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    @Test
    void runsOnJUnit510() {
        assertTrue(Test.class.getPackage().getImplementationVersion().startsWith("5.10."));
    }

    @RepeatedTest(20)
    @OciRegistry
    void eachTestPushesIntoItsOwnRegistry(RegistryHandle registry) {
        PORTS.add(registry.port());
        registry.client().pushBlob("it/app", "pushed on 5.10".getBytes(StandardCharsets.UTF_8));
        registry.assertThat().hasRepository("it/app");
    }

    @AfterAll
    static void nothingOutlivesItsTest() {
        assertEquals(20, PORTS.size(), "each repetition had its own registry");
        for (int port : PORTS) {
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port);
        }
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("ocireg"))
                .collect(Collectors.toList());
        assertEquals(List.of(), left, "threads of closed registries");
    }
}
