package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import land.oras.Annotations;
import land.oras.ArtifactType;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.LocalPath;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ORAS Java pushes an artifact and an SBOM that refers to it; the referrers API finds the SBOM. */
// tag::oras[]
@OciRegistry
class OrasArtifactTest {

    @Test
    void pushesAnArtifactAndAReferrer(RegistryHandle registry, @TempDir Path dir) throws Exception {
        Registry oras = Registry.builder().insecure().build(); // plain HTTP, no credentials
        ContainerRef app = ContainerRef.parse(registry.host() + "/demo/app:1.0");

        Path binary = Files.writeString(dir.resolve("app.txt"), "the application");
        Manifest artifact = oras.pushArtifact(
                app,
                ArtifactType.from("application/vnd.demo.app"),
                Annotations.empty(),
                Config.empty(),
                LocalPath.of(binary));

        Path sbomFile = Files.writeString(dir.resolve("sbom.json"), "{\"packages\":[]}");
        Layer sbomLayer = oras.pushBlob(app, sbomFile, Map.of("org.opencontainers.image.title", "sbom.json"));
        oras.pushBlob(app, Config.empty().getDataBytes());
        Manifest sbom = Manifest.empty()
                .withArtifactType(ArtifactType.from("application/spdx+json"))
                .withLayers(List.of(sbomLayer))
                .withSubject(ManifestDescriptor.of(artifact).toSubject());
        oras.pushManifest(ContainerRef.parse(registry.host() + "/demo/app:1.0-sbom"), sbom);

        Referrers referrers = oras.getReferrers(
                app.withDigest(artifact.getDescriptor().getDigest()), ArtifactType.from("application/spdx+json"));
        assertThat(referrers.getManifests()).hasSize(1);
        assertThat(referrers.getManifests().get(0).getArtifactType()).isEqualTo("application/spdx+json");
    }
}
// end::oras[]
