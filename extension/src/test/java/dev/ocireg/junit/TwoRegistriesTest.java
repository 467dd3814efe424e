package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoRegistriesTest {

    @RegisterExtension
    static OciRegistryExtension source =
            OciRegistryExtension.builder().name("source").build();

    @RegisterExtension
    static OciRegistryExtension mirror = OciRegistryExtension.builder()
            .name("mirror")
            .configure(b -> b.readOnly(true))
            .build();

    @Test
    void parametersPickARegistryByName(
            @RegistryName("source") RegistryHandle src,
            @RegistryName("mirror") RegistryHandle dst,
            @RegistryName("mirror") @RegistryUrl String mirrorUrl) {
        assertThat(src.port()).isNotEqualTo(dst.port());
        assertThat(src.name()).isEqualTo("source");
        assertThat(dst.name()).isEqualTo("mirror");
        assertThat(mirrorUrl).isEqualTo(dst.url().toString());
        String digest = Http.of(src.url()).pushBlob("app", Oci.bytes("layer"));
        assertThat(Http.of(src.url()).status("/v2/app/blobs/" + digest)).isEqualTo(200);
        assertThat(Http.of(dst.url()).status("/v2/app/blobs/" + digest)).isEqualTo(404);
    }
}
