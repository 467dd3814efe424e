package dev.ocireg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request of {@link RegistryClient#pushArtifact}: what the builder collects, and what it refuses. */
class ArtifactPushTest {
    private static final Digest SUBJECT = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));

    @Test
    void onlyRepositoryAndArtifactTypeAreNeeded() {
        ArtifactPush bare = ArtifactPush.builder("org/app", "application/vnd.example.marker")
                .build();

        assertThat(bare)
                .isEqualTo(
                        new ArtifactPush("org/app", "application/vnd.example.marker", null, null, Map.of(), List.of()));
    }

    @Test
    void theBuilderCollectsFilesInOrderAndAnnotations() {
        ArtifactPush push = ArtifactPush.builder("org/app", "application/spdx+json")
                .tag("sbom")
                .subject(SUBJECT)
                .file(Path.of("b.json"))
                .files(List.of(Path.of("a.json"), Path.of("c.json")))
                .annotation("k", "first")
                .annotations(Map.of("k", "second", "other", "v"))
                .build();

        assertThat(push.tag()).isEqualTo("sbom");
        assertThat(push.subject()).isEqualTo(SUBJECT);
        assertThat(push.files()).containsExactly(Path.of("b.json"), Path.of("a.json"), Path.of("c.json"));
        assertThat(push.annotations()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "second", "other", "v"));
    }

    @Test
    void theRequestIsACopyThatCannotChange() {
        List<Path> files = new ArrayList<>(List.of(Path.of("a")));
        Map<String, String> annotations = new LinkedHashMap<>(Map.of("k", "v"));
        ArtifactPush push = new ArtifactPush("org/app", "x/y", null, null, annotations, files);
        files.add(Path.of("b"));
        annotations.put("k2", "v2");

        assertThat(push.files()).containsExactly(Path.of("a"));
        assertThat(push.annotations()).containsOnlyKeys("k");
        assertThatThrownBy(() -> push.files().add(Path.of("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullsAreRefusedWhereTheyWouldBeAMistake() {
        assertThatThrownBy(() -> ArtifactPush.builder(null, "x/y"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("repository");
        assertThatThrownBy(() -> ArtifactPush.builder("org/app", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("artifactType");
        ArtifactPush.Builder builder = ArtifactPush.builder("org/app", "x/y");
        assertThatThrownBy(() -> builder.tag(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.subject(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.file(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.annotation("k", null)).isInstanceOf(NullPointerException.class);
    }
}
