package dev.ocireg.examples;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests that run at the same time, each with its own registry: nothing is shared, so nothing needs to take turns.
 * ({@code src/test/resources/junit-platform.properties} turns JUnit's parallel execution on for all examples.)
 */
// tag::parallel[]
@Execution(ExecutionMode.CONCURRENT)
class ParallelTest {

    @RepeatedTest(8)
    @OciRegistry // a fresh registry for each repetition, started in a few milliseconds
    void eachTestHasItsOwnRegistry(RegistryHandle registry) {
        registry.client().pushBlob("demo/app", "only mine".getBytes(StandardCharsets.UTF_8));

        registry.assertThat().hasRepository("demo/app");
        dev.ocireg.assertions.RegistryAssertions.assertThat(registry.journal())
                .received("POST", "uploads", "demo/app")
                .once();
    }
}
// end::parallel[]
