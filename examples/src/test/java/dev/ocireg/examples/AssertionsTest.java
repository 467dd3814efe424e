package dev.ocireg.examples;

import static dev.ocireg.assertions.RegistryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.client.ArtifactPush;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Assertions over stored content: tags, manifests, referrers; and what a failure says. */
@OciRegistry
class AssertionsTest {

    // tag::assertions[]
    @Test
    void checksTagsManifestsAndReferrers(RegistryHandle registry, RegistryClient client, @TempDir Path dir)
            throws Exception {
        Digest image = client.pushImage("org/app", "1.0", utf8("{\"os\":\"linux\"}"), List.of(utf8("layer")));
        Path sbom = Files.writeString(dir.resolve("sbom.json"), "{}");
        client.pushArtifact(ArtifactPush.builder("org/app", "application/spdx+json")
                .subject(image)
                .file(sbom)
                .build());

        assertThat(registry.server())
                .repository("org/app")
                .hasTags("1.0")
                .referrersOf(image)
                .withArtifactType("application/spdx+json")
                .hasSize(1);
    }
    // end::assertions[]

    @Test
    void aFailureListsWhatIsThere(RegistryHandle registry, RegistryClient client) {
        client.pushImage("org/app", "1.0", utf8("{}"), List.of(utf8("layer")));

        assertThatThrownBy(() -> registry.assertThat().repository("org/app").hasTag("2.0"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected repository org/app to have tag \"2.0\" but its tags are [1.0]");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
