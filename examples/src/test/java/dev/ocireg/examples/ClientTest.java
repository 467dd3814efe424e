package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.client.ArtifactPush;
import dev.ocireg.client.PulledImage;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client on its own: an image, an artifact that refers to it, and reading both back. */
@OciRegistry
class ClientTest {

    // tag::client[]
    @Test
    void pushesAnImageAndItsSbom(RegistryClient client, @TempDir Path dir) throws Exception {
        Digest image = client.pushImage("org/app", "1.0", utf8("{\"os\":\"linux\"}"), List.of(utf8("layer")));
        Digest sbom = client.pushArtifact(ArtifactPush.builder("org/app", "application/spdx+json")
                .subject(image) // a referrer of the image
                .file(Files.writeString(dir.resolve("sbom.json"), "{}")) // one layer, titled sbom.json
                .annotation("org.example.kind", "sbom")
                .build()); // no tag(...): pushed by digest

        assertThat(client.tags("org/app")).containsExactly("1.0");
        assertThat(client.referrers("org/app", image, "application/spdx+json"))
                .extracting(Descriptor::digest)
                .containsExactly(sbom);
        PulledImage pulled = client.pullImage("org/app", "1.0");
        assertThat(pulled.layers()).hasSize(1);
        assertThat(pulled.config()).isEqualTo(utf8("{\"os\":\"linux\"}"));
    }
    // end::client[]

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
