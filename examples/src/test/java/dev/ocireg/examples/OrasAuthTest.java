package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocireg.auth.Credentials;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.OciRegistryExtension;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.junit.RegistryName;
import java.nio.file.Files;
import java.nio.file.Path;
import land.oras.Annotations;
import land.oras.ArtifactType;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.LocalPath;
import land.oras.Manifest;
import land.oras.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ORAS Java logging in over HTTPS: it trusts the registry's generated certificate through {@code withCaFile} and sends
 * the credentials the registry was given, with Basic and with the token flow.
 */
@OciRegistry(
        users = {"ci:s3cret", "viewer:v"},
        rights = {"ci:*:*", "viewer:*:pull"},
        tls = true)
class OrasAuthTest {

    @RegisterExtension
    static OciRegistryExtension tokens = OciRegistryExtension.builder()
            .name("tokens")
            .user("ci", "s3cret")
            .tokenAuth(true)
            .tls(true)
            .build();

    private static Registry oras(RegistryHandle registry, String user, String password) {
        return Registry.builder()
                .defaults(user, password)
                .withCaFile(registry.certificateFile()) // the registry's self-signed certificate
                .build();
    }

    @Test
    void pushesWithBasicCredentialsOverHttps(@RegistryName("default") RegistryHandle registry, @TempDir Path dir)
            throws Exception {
        Credentials ci = registry.credentials().orElseThrow(); // ci:s3cret, the first user
        ContainerRef ref = ContainerRef.parse(registry.host() + "/demo/app:1.0");
        Path file = Files.writeString(dir.resolve("app.txt"), "the application");

        Manifest pushed = oras(registry, ci.username(), ci.password())
                .pushArtifact(
                        ref,
                        ArtifactType.from("application/vnd.demo.app"),
                        Annotations.empty(),
                        Config.empty(),
                        LocalPath.of(file));

        registry.assertThat().repository("demo/app").hasTag("1.0");
        assertThat(oras(registry, "viewer", "v")
                        .getManifest(ref)
                        .getDescriptor()
                        .getDigest())
                .isEqualTo(pushed.getDescriptor().getDigest());
        // the viewer may pull but not push
        Throwable denied = catchThrowable(() -> oras(registry, "viewer", "v")
                .pushArtifact(
                        ContainerRef.parse(registry.host() + "/demo/app:2.0"),
                        ArtifactType.from("application/vnd.demo.app"),
                        Annotations.empty(),
                        Config.empty(),
                        LocalPath.of(file)));
        assertThat(denied).isNotNull();
        registry.assertThat().repository("demo/app").doesNotHaveTag("2.0");
        assertThat(catchThrowable(() -> oras(registry, "ci", "wrong").getManifest(ref)))
                .isNotNull();
    }

    @Test
    void pushesWithTokens(@RegistryName("tokens") RegistryHandle registry, @TempDir Path dir) throws Exception {
        ContainerRef ref = ContainerRef.parse(registry.host() + "/demo/app:1.0");
        Path file = Files.writeString(dir.resolve("app.txt"), "the application");

        oras(registry, "ci", "s3cret")
                .pushArtifact(
                        ref,
                        ArtifactType.from("application/vnd.demo.app"),
                        Annotations.empty(),
                        Config.empty(),
                        LocalPath.of(file));

        registry.assertThat().repository("demo/app").hasTag("1.0");
        assertThat(registry.journal().toString()).contains("/token");
    }
}
