package it.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@OciRegistry
class ModulePathTest {

    @Test
    void theExtensionRunsOnTheModulePath(RegistryHandle registry) {
        assertTrue(ModulePathTest.class.getModule().isNamed(), "the test runs inside it.modular");
        assertEquals("dev.ocireg", RegistryHandle.class.getModule().getName());

        registry.client().pushBlob("modular/test", "module path".getBytes(StandardCharsets.UTF_8));

        registry.assertThat().hasRepository("modular/test");
    }
}
