package dev.ocireg.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {

    @ParameterizedTest
    @CsvSource({
        "http://r/v2/a/blobs/uploads/, http://r/v2/a/blobs/uploads/?digest=sha256%3Aab",
        "http://r/upload?state=1, http://r/upload?state=1&digest=sha256%3Aab",
        "http://r/upload?, http://r/upload?digest=sha256%3Aab",
        "http://r/upload?state=1&, http://r/upload?state=1&digest=sha256%3Aab",
        "http://r/upload#frag, http://r/upload?digest=sha256%3Aab",
    })
    void pairsAreAppendedToTheQueryThereIs(URI uri, URI expected) {
        assertThat(Urls.withQuery(uri, "digest=" + Urls.encode("sha256:ab"))).isEqualTo(expected);
    }
}
