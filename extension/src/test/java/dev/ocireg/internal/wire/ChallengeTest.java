package dev.ocireg.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code WWW-Authenticate} as RFC 9110 writes it: several challenges per header, quoted values with commas. */
class ChallengeTest {

    @Test
    void headersWithSeveralChallengesAndQuotedValuesAreParsed() {
        List<Challenge> challenges = Challenge.parse(List.of(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                        + "scope=\"repository:a/b:pull,push repository:c:pull\"",
                "Basic realm=\"x \\\"quoted\\\"\", charset=UTF-8, Negotiate"));

        assertThat(challenges)
                .containsExactly(
                        new Challenge(
                                "bearer",
                                Map.of(
                                        "realm", "https://auth.example/token",
                                        "service", "registry.example",
                                        "scope", "repository:a/b:pull,push repository:c:pull")),
                        new Challenge("basic", Map.of("realm", "x \"quoted\"", "charset", "UTF-8")),
                        new Challenge("negotiate", Map.of()));
    }

    @Test
    void twoChallengesInOneHeaderAreTwo() {
        List<Challenge> challenges = Challenge.parse(List.of(
                "Basic realm=\"registry, the one\", BEARER Realm=\"https://a/t\" , scope=\"repository:x:pull\""));

        assertThat(challenges).hasSize(2);
        assertThat(challenges.get(0).is("basic")).isTrue();
        assertThat(challenges.get(0).param("realm")).isEqualTo("registry, the one");
        assertThat(challenges.get(1).scheme()).isEqualTo("bearer");
        assertThat(challenges.get(1).is("Bearer")).isTrue();
        assertThat(challenges.get(1).params())
                .containsExactlyInAnyOrderEntriesOf(Map.of("realm", "https://a/t", "scope", "repository:x:pull"));
    }

    @Test
    void malformedPartsAreSkipped() {
        assertThat(Challenge.parse(List.of("", " , ", "=orphan, Basic")))
                .containsExactly(new Challenge("basic", Map.of()));
    }
}
