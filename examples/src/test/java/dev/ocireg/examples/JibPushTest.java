package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.junit.OciRegistry;
import dev.ocireg.junit.RegistryHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jib builds an image from files and pushes it; the test checks what arrived. */
// tag::jib[]
@OciRegistry
class JibPushTest {

    @Test
    void jibPushesAnImage(RegistryHandle registry, @TempDir Path dir) throws Exception {
        Path app = Files.writeString(dir.resolve("app.txt"), "hello");
        JibContainer pushed = Jib.fromScratch()
                .addLayer(List.of(app), AbsoluteUnixPath.get("/app"))
                .setEntrypoint("/app/app.txt")
                .containerize(Containerizer.to(RegistryImage.named(registry.host() + "/demo/jib:1"))
                        .setAllowInsecureRegistries(true) // the test registry speaks plain HTTP
                        .setBaseImageLayersCache(dir.resolve("cache"))
                        .setApplicationLayersCache(dir.resolve("cache")));

        assertThat(registry.journal().requests(r -> r.method().equals("PUT") && r.endpoint() == Endpoint.MANIFEST))
                .singleElement()
                .satisfies(put -> {
                    assertThat(put.path()).isEqualTo("/v2/demo/jib/manifests/1");
                    assertThat(put.status()).isEqualTo(201);
                    assertThat(put.digest()).hasValue(pushed.getDigest().toString());
                });
    }
}
// end::jib[]
