package it.guava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The application's own Guava 31 and Jimfs 1.2 come first on the class path. ocireg's relocated Jimfs must neither
 * break them nor answer for their "jimfs:" URIs.
 */
@OciRegistry
class OldGuavaAndJimfsTest {

    @Test
    void theApplicationsJimfsAndOciregsRegistryBothWork(RegistryHandle registry) throws Exception {
        registry.client().pushBlob("it/guava", "stored in ocireg's own Jimfs".getBytes(StandardCharsets.UTF_8));

        try (FileSystem mine = Jimfs.newFileSystem("mine", Configuration.unix())) {
            Path file = Files.writeString(mine.getPath("/hello.txt"), "from the application's Jimfs");
            Path again = Paths.get(file.toUri()); // resolved through the installed "jimfs" provider: the user's
            assertSame(mine, again.getFileSystem());
            assertEquals("from the application's Jimfs", Files.readString(again));
        }
        String guavaJar = ImmutableList.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(guavaJar.endsWith("guava-31.1-jre.jar"), guavaJar);
        registry.assertThat().hasRepository("it/guava");
    }
}
