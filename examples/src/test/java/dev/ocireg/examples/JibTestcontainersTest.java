package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;
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

/**
 * Jib builds an image from scratch (a static busybox and a script) and pushes it to the test registry; Testcontainers
 * pulls it from there, runs it and the test reads what it printed. Skipped without Docker or busybox-static.
 */
// tag::jibTestcontainers[]
@OciRegistry
@Testcontainers(disabledWithoutDocker = true)
class JibTestcontainersTest {

    @Test
    void jibBuildsTestcontainersRuns(RegistryHandle registry, @TempDir Path dir) throws Exception {
        Path busybox = Path.of("/bin/busybox"); // a static binary: Debian's busybox-static
        assumeTrue(Files.isExecutable(busybox), "busybox-static is not installed");
        Path script = Files.writeString(dir.resolve("hello.sh"), "echo \"hello from $(uname -s)\"\n");

        Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), FilePermissions.fromOctalString("755"))
                        .addEntry(script, AbsoluteUnixPath.get("/app/hello.sh"))
                        .build())
                .setEntrypoint("/bin/busybox", "sh", "/app/hello.sh")
                .containerize(Containerizer.to(RegistryImage.named(registry.host() + "/demo/hello:1"))
                        .setAllowInsecureRegistries(true) // the test registry speaks plain HTTP
                        .setBaseImageLayersCache(dir.resolve("cache"))
                        .setApplicationLayersCache(dir.resolve("cache")));

        // pulled from the test registry every time, never taken from the daemon's cache
        try (GenericContainer<?> app = OciTestcontainers.container(registry, "demo/hello:1")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            app.start();
            assertThat(app.getLogs()).isEqualTo("hello from Linux\n");
        }
    }
}
// end::jibTestcontainers[]
