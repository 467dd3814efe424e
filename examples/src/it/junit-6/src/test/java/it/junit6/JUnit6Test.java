package it.junit6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@OciRegistry
class JUnit6Test {

    @Test
    void runsOnJUnit6(RegistryHandle registry) {
        assertTrue(Test.class.getPackage().getImplementationVersion().startsWith("6."));
        assertTrue(registry.port() > 0);
    }

    @Nested
    class InANestedClass {
        @Test
        void pushesAndPullsAnImage(RegistryClient client) {
            byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            Digest image = client.pushImage("it/six", "1", config, List.of(new byte[] {1, 2, 3}));
            assertEquals(image, client.pullManifest("it/six", "1").digest());
        }
    }
}
