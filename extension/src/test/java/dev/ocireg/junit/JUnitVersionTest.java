package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Proves which JUnit line ran the extension's tests: 5.x in the default run, 6.x in the {@code junit6} run. */
class JUnitVersionTest {

    @Test
    @OciRegistry
    void runsOnTheExpectedJUnitLine(RegistryHandle registry) {
        assertThat(registry.port()).isPositive();
        String version = org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion();
        String expectedMajor = System.getProperty("ocireg.expectedJUnitVersion", "5");
        assertThat(version)
                .as("junit-jupiter-api version on the test classpath")
                .startsWith(expectedMajor + ".");
    }
}
