package dev.ocireg.examples;

import static dev.ocireg.assertions.RegistryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.client.RegistryClientException;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Descriptor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A registry that misbehaves on purpose, to test a client's retries and verification. */
// tag::faults[]
@OciRegistry
class FaultsTest {

    @Test
    void theClientRetriesA503AndRefusesCorruptedBlobs(RegistryHandle registry) {
        RegistryClient client = registry.client();
        byte[] bytes = "layer".getBytes(StandardCharsets.UTF_8);
        Descriptor layer = client.pushBlob("demo/app", bytes);

        registry.faults().on("GET", Endpoint.BLOB).repository("demo/*").times(1).respond(503);
        assertThat(client.pullBlob("demo/app", layer.digest())).isEqualTo(bytes); // sent again after the 503

        registry.faults().on("GET", Endpoint.BLOB).corruptBody();
        assertThatThrownBy(() -> client.pullBlob("demo/app", layer.digest()))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("digest"); // the bytes no longer match

        assertThat(registry.faults()).allTriggered();
        assertThat(registry.journal())
                .received("GET", "blob")
                .withStatus(503)
                .once()
                .received("GET", "blob")
                .withStatus(200)
                .times(2);
    }
}
// end::faults[]
