package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.client.RegistryClientException;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A registry with users, rights, the Docker token flow and HTTPS, as production registries have them. */
// tag::auth[]
@OciRegistry(
        users = {"ci:s3cret", "viewer:v"},
        rights = {"ci:*:pull,push,delete", "viewer:*:pull"},
        tokenAuth = true,
        tls = true)
class AuthTest {

    @Test
    void writersPushAndReadersOnlyPull(RegistryClient client, RegistryHandle registry) throws Exception {
        // the injected client logs in as the first user (ci) and trusts the generated certificate
        client.pushBlob("team/app", "layer".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.url().getScheme()).isEqualTo("https");

        RegistryClient viewer = registry.clientAs("viewer", "v");
        assertThatThrownBy(() -> viewer.pushBlob("team/app", "mine".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RegistryClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errorCodes()).contains("DENIED");
                });

        // for CLI clients: skopeo --cert-dir <this directory> --creds ci:s3cret …
        assertThat(Files.readString(registry.certificateFile())).startsWith("-----BEGIN CERTIFICATE-----");
    }
}
// end::auth[]
