package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocireg.RegistryServer;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.client.RegistryClientException;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryConfigurer;
import dev.ocireg.spec.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Settings the annotation does not name go through one configurer class. */
// tag::configurer[]
@OciRegistry(configurer = LimitsTest.SmallManifests.class)
class LimitsTest {

    static class SmallManifests implements RegistryConfigurer {
        @Override
        public void configure(RegistryServer.Builder registry) {
            registry.maxManifestBytes(512).tagDeletion(false);
        }
    }

    @Test
    void largeManifestsAreRefused(RegistryClient client) {
        String big = "{\"schemaVersion\":2,\"annotations\":{\"pad\":\"" + "x".repeat(600) + "\"}}";

        RegistryClientException refused = catchThrowableOfType(
                RegistryClientException.class,
                () -> client.pushManifest(
                        "demo/app", "1.0", MediaTypes.OCI_MANIFEST, big.getBytes(StandardCharsets.UTF_8)));

        assertThat(refused.status()).isEqualTo(413);
    }
}
// end::configurer[]
