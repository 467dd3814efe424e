package it.boot35;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spring Boot 3.5's BOM pins Jackson 2.19 annotations and JUnit 5.12; ocireg's own Jackson 3 must not care. */
@OciRegistry
class SpringBoot35Test {

    @Test
    void registryAndTheApplicationsJacksonLiveSideBySide(RegistryHandle registry) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        registry.client().pushImage("boot/app", "3.5", config, List.of(new byte[] {4, 5, 6}));

        JsonNode manifest = new ObjectMapper().readTree(registry.client().pullManifest("boot/app", "3.5").content());

        assertThat(manifest.path("layers")).hasSize(1);
        assertThat(ObjectMapper.class.getPackage().getImplementationVersion()).startsWith("2.19");
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("5.12");
        registry.assertThat().repository("boot/app").hasTags("3.5");
    }
}
