package it.boot40;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Spring Boot 4.0's BOM manages Jackson 3 (the same packages ocireg uses inside, relocated) and JUnit 6. */
@OciRegistry
class SpringBoot40Test {

    @Test
    void registryAndTheApplicationsJackson3LiveSideBySide(RegistryHandle registry) {
        byte[] config = "{\"architecture\":\"arm64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        registry.client().pushImage("boot/app", "4.0", config, List.of(new byte[] {7, 8, 9}));

        JsonNode manifest = JsonMapper.builder().build().readTree(registry.client().pullManifest("boot/app", "4.0").content());

        assertThat(manifest.path("config").path("mediaType").asString())
                .isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
        registry.assertThat().repository("boot/app").hasTags("4.0");
    }
}
