package dev.ocireg.examples;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The smallest useful test: start a registry, push an image, check what the registry stored. */
// tag::quickstart[]
@OciRegistry
class QuickStartTest {

    @Test
    void pushesAnImage(RegistryHandle registry) {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "pretend this is a tar.gz".getBytes(StandardCharsets.UTF_8);

        Digest image = registry.client().pushImage("demo/app", "1.0", config, List.of(layer));

        registry.assertThat()
                .repository("demo/app")
                .hasTags("1.0")
                .tag("1.0")
                .pointsTo(image)
                .manifest("1.0")
                .hasLayerCount(1)
                .hasConfigContaining("\"os\":\"linux\"");
    }
}
// end::quickstart[]
