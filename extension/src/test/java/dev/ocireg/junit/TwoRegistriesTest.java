package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

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
        String digest = Push.blob(src.url(), "app", "layer");
        assertThat(Push.get(src.url(), "/v2/app/blobs/" + digest)).isEqualTo(200);
        assertThat(Push.get(dst.url(), "/v2/app/blobs/" + digest)).isEqualTo(404);
    }
}
