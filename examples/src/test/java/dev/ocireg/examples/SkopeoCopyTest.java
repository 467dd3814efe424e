package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo, a real CLI client, copies an image out of the test registry into a layout and back under a new tag. */
@OciRegistry
class SkopeoCopyTest {

    @BeforeEach
    void needsSkopeo() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/skopeo")) || Files.isExecutable(Path.of("/usr/local/bin/skopeo")),
                "skopeo is not installed (.ci/run installs it with apt-get)");
    }

    @Test
    void copiesThroughALayoutAndBack(RegistryHandle registry, RegistryClient client, @TempDir Path dir)
            throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        Digest image = client.pushImage("demo/app", "1.0", config, List.of(new byte[] {1, 2, 3}));

        skopeo(
                "copy",
                "--preserve-digests",
                "--src-tls-verify=false",
                "docker://" + registry.host() + "/demo/app:1.0",
                "oci:" + dir + ":1.0");
        skopeo(
                "copy",
                "--preserve-digests",
                "--dest-tls-verify=false",
                "oci:" + dir + ":1.0",
                "docker://" + registry.host() + "/demo/copy:2.0");

        assertThat(client.pullManifest("demo/copy", "2.0").digest()).isEqualTo(image);
        registry.assertThat().repository("demo/copy").hasTags("2.0");
    }

    private static void skopeo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("skopeo finished").isTrue();
        assertThat(process.exitValue()).as("skopeo %s:%n%s", command, output).isZero();
    }
}
