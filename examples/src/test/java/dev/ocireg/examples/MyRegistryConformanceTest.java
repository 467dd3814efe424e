package dev.ocireg.examples;

import dev.ocireg.RegistryServer;
import dev.ocireg.conformance.ConformanceSettings;
import dev.ocireg.conformance.OciConformanceTests;
import org.junit.jupiter.api.AfterAll;

/**
 * The OCI conformance suite run from a user's build. Here the registry under test is an embedded ocireg; point
 * {@code url(…)} at yours (or leave the settings to the official {@code OCI_*} variables).
 */
// tag::conformance[]
class MyRegistryConformanceTest extends OciConformanceTests {
    static final RegistryServer REGISTRY =
            RegistryServer.builder().sparseIndexes(true).build().start();

    @Override
    protected ConformanceSettings settings() {
        return ConformanceSettings.fromEnvironment() // OCI_* variables, -DOCI_*=…, oci-conformance.yaml
                .url(REGISTRY.url())
                .set("OCI_DATA_SPARSE", "true")
                .build();
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }
}
// end::conformance[]
