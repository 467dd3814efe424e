package it.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.testcontainers.OciTestcontainers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.junit.jupiter.Testcontainers;

@OciRegistry
@Testcontainers(disabledWithoutDocker = true)
class RunPushedImageTest {

    @Test
    void runsAnImagePushedToTheRegistry(RegistryHandle registry, @TempDir Path dir) throws Exception {
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isExecutable(busybox), "busybox-static is not installed (/bin/busybox)");
        Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), FilePermissions.fromOctalString("755"))
                        .build())
                .setEntrypoint("/bin/busybox", "echo", "ran from ocireg")
                .containerize(Containerizer.to(RegistryImage.named(registry.host() + "/it/app:1"))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(dir.resolve("cache"))
                        .setApplicationLayersCache(dir.resolve("cache")));

        try (GenericContainer<?> app = OciTestcontainers.container(registry, "it/app:1")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            app.start();
            assertEquals("ran from ocireg\n", app.getLogs());
        }
    }
}
