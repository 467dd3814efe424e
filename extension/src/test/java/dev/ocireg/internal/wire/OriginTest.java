package dev.ocireg.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Origins: scheme, host and port, a missing port being the scheme's default. */
class OriginTest {

    @ParameterizedTest
    @CsvSource({
        "http://r.example/v2/, http://r.example:80/token, true",
        "https://r.example/v2/, https://r.example:443/v2/x, true",
        "HTTPS://R.Example/v2/, https://r.example/, true",
        "http://127.0.0.1:5000/v2/, http://127.0.0.1:5000/v2/a/blobs/x, true",
        "http://r.example/, https://r.example/, false",
        "http://r.example/, http://r.example:443/, false",
        "https://r.example/, https://r.example:80/, false",
        "http://r.example:5000/, http://r.example:5001/, false",
        "http://r.example/, http://cdn.example/, false",
        "http://localhost:5000/, http://127.0.0.1:5000/, false",
    })
    void sameOrigin(URI a, URI b, boolean same) {
        assertThat(Origin.same(a, b)).isEqualTo(same);
        assertThat(Origin.same(b, a)).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource({"http://a/, 80", "https://a/, 443", "http://a:8080/, 8080", "ftp://a/, -1", "/relative, -1"})
    void defaultPorts(URI uri, int port) {
        assertThat(Origin.port(uri)).isEqualTo(port);
    }
}
