package dev.ocireg.examples;

import static dev.ocireg.assertions.RegistryAssertions.assertThat;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifying how a client talked to the registry, not just what it stored. */
// tag::journal[]
@OciRegistry
class JournalTest {

    @Test
    void theClientUploadsInChunks(RegistryHandle registry, @TempDir Path dir) throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(bytes);
        Path layer = Files.write(dir.resolve("layer.bin"), bytes);

        RegistryClient chunking =
                RegistryClient.builder(registry.url()).chunkSize(1024 * 1024).build();
        chunking.pushBlob("demo/app", layer);
        chunking.pushBlob("demo/app", layer); // already there: a client should not upload it again…

        assertThat(registry.journal())
                .received("PATCH", "upload", "demo/app")
                .times(6) // …but this one does: 3 chunks, twice
                .everyUploadWasChunked()
                .hasNoErrors();
    }
}
// end::journal[]
