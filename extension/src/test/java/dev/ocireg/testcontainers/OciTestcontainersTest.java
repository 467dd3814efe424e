package dev.ocireg.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.ocireg.RegistryServer;
import dev.ocireg.docker.DockerCli;
import dev.ocireg.docker.RequiresDocker;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryConfigurer;
import dev.ocireg.junit.RegistryHandle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers running what a test pushed: images built with Jib from scratch (a static busybox and an entry
 * point), run with {@link OciTestcontainers#container}, which pulls every time; and a container reading the registry
 * at {@link RegistryHandle#containerHost()}. Skipped, with the reason, where there is no Docker daemon.
 */
@RequiresDocker
@OciRegistry(configurer = OciTestcontainersTest.BeyondLoopback.class)
class OciTestcontainersTest {

    /** Containers reach the registry over the bridge only if it listens there. */
    static class BeyondLoopback implements RegistryConfigurer {
        @Override
        public void configure(RegistryServer.Builder registry) {
            registry.bindAddress("0.0.0.0");
        }
    }

    @TempDir
    Path temp;

    private DockerCli docker;

    @BeforeEach
    void cli() throws Exception {
        docker = new DockerCli(temp.resolve("docker"));
    }

    @AfterEach
    void removeImages() {
        docker.close();
    }

    @Test
    void imageNamesAreInTheRegistry(RegistryHandle registry) {
        DockerImageName name = OciTestcontainers.image(registry, "demo/app:1");

        assertThat(name.getRegistry()).isEqualTo(registry.host());
        assertThat(name.getRepository()).isEqualTo("demo/app");
        assertThat(name.getVersionPart()).isEqualTo("1");
        assertThat(OciTestcontainers.image(registry, registry.host() + "/demo/app:1"))
                .isEqualTo(name);
        assertThat(OciTestcontainers.image(registry.server(), "demo/app").asCanonicalNameString())
                .isEqualTo(registry.host() + "/demo/app:latest");
    }

    @Test
    void runsWhatTheTestPushedAndPullsAgainWhenTheTagMoves(RegistryHandle registry) throws Exception {
        push(registry, "demo/app:1", "one");

        assertThat(runToEnd(OciTestcontainers.container(registry, "demo/app:1")))
                .isEqualTo("one\n");

        push(registry, "demo/app:1", "two");
        // Testcontainers' default pull policy takes the image the daemon already has under that name ...
        assertThat(runToEnd(new GenericContainer<>(OciTestcontainers.image(registry, "demo/app:1"))))
                .isEqualTo("one\n");
        registry.journal().clear();
        // ... the registry's container pulls the tag as it is now
        assertThat(runToEnd(OciTestcontainers.container(registry, "demo/app:1")))
                .isEqualTo("two\n");
        assertThat(registry.journal().requests(r -> r.endpoint() == Endpoint.MANIFEST && r.status() == 200))
                .anyMatch(r -> r.path().equals("/v2/demo/app/manifests/1"));
    }

    @Test
    void aContainerReadsTheRegistryAtContainerHost(RegistryHandle registry) throws Exception {
        push(registry, "tools/wget:1", "unused");

        String catalog = runToEnd(OciTestcontainers.container(registry, "tools/wget:1")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/busybox"))
                .withCommand("wget", "-q", "-O", "-", "http://" + registry.containerHost() + "/v2/_catalog"));

        assertThat(catalog).isEqualTo("{\"repositories\":[\"tools/wget\"]}");
        assertThat(registry.journal().requests(r -> r.endpoint() == Endpoint.CATALOG))
                .singleElement()
                .satisfies(get ->
                        assertThat(get.requestHeader("User-Agent").orElse("")).containsIgnoringCase("wget"));
    }

    /** Jib from scratch: /bin/busybox and an entry point that echoes {@code word}. */
    private void push(RegistryHandle registry, String image, String word) throws Exception {
        FileEntriesLayer busybox = FileEntriesLayer.builder()
                .setName("busybox")
                .addEntry(
                        DockerCli.BUSYBOX, AbsoluteUnixPath.get("/bin/busybox"), FilePermissions.fromOctalString("755"))
                .build();
        Jib.fromScratch()
                .addFileEntriesLayer(busybox)
                .setEntrypoint("/bin/busybox", "echo", word)
                .containerize(Containerizer.to(RegistryImage.named(registry.host() + "/" + image))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(temp.resolve("jib-cache"))
                        .setApplicationLayersCache(temp.resolve("jib-cache")));
        docker.removeLater(registry.host() + "/" + image);
    }

    /** Starts a container that runs to its end, returns its output, removes it. */
    private static String runToEnd(GenericContainer<?> container) {
        try (GenericContainer<?> c = container.withStartupCheckStrategy(
                new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(120)))) {
            c.start();
            return c.getLogs();
        }
    }
}
