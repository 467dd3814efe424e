package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.conformance.internal.CheckDef;
import dev.ocireg.conformance.internal.Checks;
import dev.ocireg.conformance.internal.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Check ids are what expected-failure files hold, so they are stable: {@code <workflow>.<area>.<check>}, named after
 * the workflow and what the check tests (never a counter), and never renamed. {@code check-ids.txt} lists every id
 * a version has had; a new check adds its id there, and an id may leave it only on purpose.
 */
class CheckIdsTest {
    private static final Map<Workflow, String> PREFIX = Map.of(
            Workflow.PULL, "pull",
            Workflow.PUSH, "push",
            Workflow.CONTENT_DISCOVERY, "discovery",
            Workflow.CONTENT_MANAGEMENT, "manage");

    /** Settings under which every check exists (the read-only ones need their lists). */
    private static List<ConformanceCheck> everyCheck() {
        ConformanceSettings settings = ConformanceSettings.builder()
                .set("OCI_RO_DATA_TAGS", "v1")
                .set("OCI_RO_DATA_MANIFESTS", "sha256:" + "0".repeat(64))
                .set("OCI_RO_DATA_BLOBS", "sha256:" + "1".repeat(64))
                .set("OCI_RO_DATA_REFERRERS", "sha256:" + "2".repeat(64))
                .build();
        return Checks.all(settings, new TestData()).stream()
                .map(CheckDef::check)
                .toList();
    }

    @Test
    void idsNameTheirWorkflowAndWhatTheyTest() {
        for (ConformanceCheck check : everyCheck()) {
            assertThat(check.id())
                    .as(check.displayName())
                    .matches("[a-z]+(\\.[a-z0-9][a-zA-Z0-9]*(-[a-z0-9]+)*)+")
                    .startsWith(PREFIX.get(check.workflow()) + ".");
            assertThat(check.id().toLowerCase(Locale.ROOT)).doesNotContainPattern("\\.\\d+$");
        }
    }

    @Test
    void everyIdEverPublishedStillExistsAndEveryIdIsListed() throws Exception {
        List<String> listed = Files.readAllLines(
                        Path.of(getClass().getResource("/check-ids.txt").toURI()), StandardCharsets.UTF_8)
                .stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        List<String> ids = everyCheck().stream().map(ConformanceCheck::id).toList();
        assertThat(ids).as("ids of this version").doesNotHaveDuplicates().containsAll(listed);
        assertThat(listed).as("check-ids.txt (add the new ids)").containsAll(ids);
    }
}
