package dev.ocireg.examples;

import static dev.ocireg.assertions.RegistryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.client.RegistryClientException;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import dev.ocireg.spec.Descriptor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A registry that misbehaves on purpose, to test a client's error handling and verification. */
// tag::faults[]
@OciRegistry
class FaultsTest {

    @Test
    void theClientReportsErrorsAndRefusesCorruptedBlobs(RegistryHandle registry) {
        RegistryClient client = registry.client();
        Descriptor layer = client.pushBlob("demo/app", "layer".getBytes(StandardCharsets.UTF_8));

        registry.faults().on("GET", Endpoint.BLOB).repository("demo/*").times(1).respond(503);
        registry.faults().on("GET", Endpoint.BLOB).times(1).corruptBody();

        assertThatThrownBy(() -> client.pullBlob("demo/app", layer.digest()))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> client.pullBlob("demo/app", layer.digest()))
                .hasMessageContaining("digest"); // the bytes no longer match
        client.pullBlob("demo/app", layer.digest()); // both faults are used up

        assertThat(registry.faults()).allTriggered();
        assertThat(registry.journal()).received("GET", "blob").withStatus(503).once();
    }
}
// end::faults[]
