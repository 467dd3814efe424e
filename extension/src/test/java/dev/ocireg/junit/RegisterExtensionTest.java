package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegisterExtensionTest {

    @RegisterExtension
    static OciRegistryExtension shared = OciRegistryExtension.builder()
            .configure(b -> b.maxManifestBytes(1024).blobDeletion(false))
            .build();

    static final Set<Integer> SHARED_PORTS = new HashSet<>();

    @RepeatedTest(2)
    void aStaticFieldMeansOneRegistryPerClass(RegistryHandle registry) {
        SHARED_PORTS.add(registry.port());
        String digest = Http.of(registry.url()).pushBlob("static/field", Oci.bytes("x"));
        int status = Http.of(registry.url())
                .delete("/v2/static/field/blobs/" + digest)
                .status();
        assertThat(status).as("blob deletion is configured off").isEqualTo(405);
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassesShareTheOuterRegistry(RegistryHandle registry) {
            SHARED_PORTS.add(registry.port());
            assertThat(Http.of(registry.url()).status("/v2/static/field/tags/list"))
                    .as("reset before each")
                    .isEqualTo(404);
        }
    }

    @AfterAll
    static void onlyOneRegistryWasUsed() {
        assertThat(SHARED_PORTS).hasSize(1);
    }

    @org.junit.jupiter.api.Tag("fixture")
    static class InstanceField {
        static final Set<Integer> PORTS = new HashSet<>();

        @RegisterExtension
        OciRegistryExtension perTest = OciRegistryExtension.builder().build();

        @RepeatedTest(2)
        void anInstanceFieldMeansARegistryPerTest(RegistryHandle registry) {
            assertThat(PORTS.add(registry.port())).isTrue();
        }
    }

    @Nested
    class InstanceFieldRunner {
        @Test
        void instanceFieldsGiveARegistryPerTest() {
            var results = org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(InstanceField.class))
                    .execute();
            results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
            assertThat(InstanceField.PORTS).hasSize(2);
        }
    }
}
