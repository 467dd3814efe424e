package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class MethodLevelAnnotationTest {
    static final Set<Integer> PORTS = new HashSet<>();

    @RepeatedTest(3)
    @OciRegistry
    void eachTestGetsAFreshRegistry(RegistryHandle registry) {
        assertThat(PORTS.add(registry.port())).as("a new port for each test").isTrue();
        assertThat(Http.of(registry.url()).status("/v2/_catalog")).isEqualTo(200);
    }

    @Test
    @OciRegistry(readOnly = true, configurer = NoTagDeletion.class)
    void annotationAttributesConfigureTheRegistry(@RegistryUrl URI url) {
        String body = Http.of(url).post("/v2/a/blobs/uploads/", null).text();
        assertThat(body).contains("read-only");
    }

    @AfterAll
    static void threeRegistriesWereStarted() {
        assertThat(PORTS).hasSize(3);
    }

    @Test
    @OciRegistry(configurer = NoTagDeletion.class)
    void aConfigurerAppliesAnySetting(RegistryHandle registry) {
        String body = Http.of(registry.url()).delete("/v2/a/manifests/latest").text();
        assertThat(body).contains("UNSUPPORTED", "tag deletion is disabled");
    }

    static class NoTagDeletion implements RegistryConfigurer {
        @Override
        public void configure(dev.ocireg.RegistryServer.Builder registry) {
            registry.tagDeletion(false);
        }
    }
}
