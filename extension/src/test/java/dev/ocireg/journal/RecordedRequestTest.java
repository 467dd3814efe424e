package dev.ocireg.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordedRequestTest {

    @Test
    void headersAreAnUnmodifiableCopyInNameOrderWhateverOrderTheyCameIn() {
        Map<String, List<String>> given = new LinkedHashMap<>();
        List<String> types = new ArrayList<>(List.of("application/json"));
        given.put("User-Agent", List.of("curl/8"));
        given.put("Content-Type", types);
        given.put("Accept", List.of("a", "b"));

        RecordedRequest r = request(given);
        types.add("changed later");
        given.put("Range", List.of("bytes=0-1"));

        assertThat(r.requestHeaders().keySet()).containsExactly("Accept", "Content-Type", "User-Agent");
        assertThat(r.requestHeaders().get("Content-Type")).containsExactly("application/json");
        assertThat(r.requestHeader("content-type")).contains("application/json");
        assertThatThrownBy(() -> r.requestHeaders().put("X", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.requestHeaders().get("Accept").add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static RecordedRequest request(Map<String, List<String>> headers) {
        return new RecordedRequest(
                Instant.now(),
                "GET",
                "/v2/",
                "",
                Endpoint.fromJournalName("base"),
                null,
                null,
                200,
                headers,
                headers,
                0,
                0,
                Duration.ofMillis(1),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
