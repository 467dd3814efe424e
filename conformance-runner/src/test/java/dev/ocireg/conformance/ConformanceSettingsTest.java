package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.conformance.internal.MiniYaml;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official names, the YAML file, the order of precedence, the legacy variables. */
class ConformanceSettingsTest {

    /** The README's default configuration file, verbatim. */
    static final String README_YAML = """
            resultsDir: ./results
            version: "1.1"
            registry: localhost:5000
            tls: enabled
            repo1: conformance/repo1
            repo2: conformance/repo2
            username: ""
            password: ""
            cacheAuth: true
            logging: warn
            filterTest: ""
            apis:
              pull: true
              push: true
              blobs:
                atomic: true
                delete: true
                digestHeader: false
                mountAnonymous: true
                uploadCancel: false
              manifests:
                atomic: true
                delete: true
                digestHeader: false
                tagParam: false
              tags:
                atomic: true
                delete: true
                list: true
              referrer: true
            data:
              image: true
              index: true
              indexList: true
              sparse: false
              artifact: true
              subject: true
              subjectMissing: true
              artifactList: true
              subjectList: true
              dataField: true
              nondistributable: true
              customFields: true
              noLayers: true
              emptyBlob: true
              sha512: true
            roData:
              tags: []
              manifests: []
              blobs: []
              referrers: []
            """;

    @Test
    void theReadmeYamlNamesEverySettingWithItsDefault(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("oci-conformance.yaml"), README_YAML);
        Map<String, String> fromYaml = ConformanceSettings.readYaml(file);
        ConformanceSettings defaults = ConformanceSettings.builder().build();

        assertThat(fromYaml).hasSize(45);
        fromYaml.forEach((name, value) -> assertThat(value).as(name).isEqualTo(defaults.value(name)));
        assertThat(fromYaml)
                .containsEntry("OCI_API_BLOBS_DIGEST_HEADER", "false")
                .containsEntry("OCI_DATA_INDEX_LIST", "true")
                .containsEntry("OCI_DATA_DATA_FIELD", "true")
                .containsEntry("OCI_RO_DATA_REFERRERS", "")
                .containsEntry("OCI_LOG", "warn")
                .containsEntry("OCI_VERSION", "1.1");
    }

    @Test
    void environmentBeatsYamlBeatsLegacyAndSystemPropertiesBeatTheEnvironment(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("conf.yaml"), """
                registry: yaml.example:5000   # a comment
                repo1: from/yaml
                data:
                  sparse: true
                roData:
                  tags:
                    - v1
                    - "v2"
                """);
        Map<String, String> env = Map.of(
                "OCI_ROOT_URL", "http://legacy.example:1234",
                "OCI_NAMESPACE", "legacy/ns",
                "OCI_CROSSMOUNT_NAMESPACE", "legacy/other",
                "OCI_REPO1", "from/env",
                "OCI_TLS", "disabled",
                "OCI_API_PULL", "false",
                "PATH", "/usr/bin");
        ConformanceSettings s = ConformanceSettings.from(env, Map.of("OCI_API_PULL", "true"), file)
                .build();

        assertThat(s.url()).isEqualTo(URI.create("http://yaml.example:5000"));
        assertThat(s.repo1()).isEqualTo("from/env");
        assertThat(s.repo2()).isEqualTo("legacy/other");
        assertThat(s.flag("OCI_DATA_SPARSE")).isTrue();
        assertThat(s.list("OCI_RO_DATA_TAGS")).containsExactly("v1", "v2");
        assertThat(s.flag("OCI_API_PULL")).isTrue();
        assertThat(s.source("OCI_REPO1")).isEqualTo("environment");
        assertThat(s.source("OCI_REGISTRY")).isEqualTo(file.toString());
        assertThat(s.source("OCI_REPO2")).isEqualTo("legacy environment");
        assertThat(s.source("OCI_DATA_INDEX")).isEqualTo("default");

        ConformanceSettings overridden =
                s.toBuilder().url(URI.create("https://mine.example")).build();
        assertThat(overridden.url()).isEqualTo(URI.create("https://mine.example"));
        assertThat(overridden.repo1()).isEqualTo("from/env");
    }

    @Test
    void legacyRootUrlAndWorkflowSwitches() {
        ConformanceSettings s = ConformanceSettings.from(
                        Map.of(
                                "OCI_ROOT_URL", "https://legacy.example",
                                "OCI_TEST_PULL", "1",
                                "OCI_TEST_CONTENT_DISCOVERY", "true"),
                        Map.of(),
                        null)
                .build();
        assertThat(s.url()).isEqualTo(URI.create("https://legacy.example"));
        assertThat(s.workflowDisabledReason(Workflow.PULL)).isNull();
        assertThat(s.workflowDisabledReason(Workflow.CONTENT_DISCOVERY)).isNull();
        assertThat(s.workflowDisabledReason(Workflow.PUSH)).contains("OCI_TEST_PUSH");
        assertThat(s.workflowDisabledReason(Workflow.CONTENT_MANAGEMENT)).contains("OCI_TEST_CONTENT_MANAGEMENT");

        ConformanceSettings plain = ConformanceSettings.builder().build();
        for (Workflow w : Workflow.values()) {
            assertThat(plain.workflowDisabledReason(w)).as(w.title()).isNull();
        }
        assertThat(plain.toBuilder().set("OCI_API_PUSH", "false").build().workflowDisabledReason(Workflow.PUSH))
                .isEqualTo("OCI_API_PUSH=false");
    }

    @Test
    void urlFromRegistryAndTls() {
        assertThat(ConformanceSettings.builder().build().url()).isEqualTo(URI.create("https://localhost:5000"));
        ConformanceSettings insecure = ConformanceSettings.builder()
                .set("OCI_REGISTRY", "reg.example:443")
                .set("OCI_TLS", "insecure")
                .build();
        assertThat(insecure.url()).isEqualTo(URI.create("https://reg.example:443"));
        assertThat(insecure.insecureTls()).isTrue();
        assertThat(ConformanceSettings.builder()
                        .url(URI.create("http://127.0.0.1:5000"))
                        .build()
                        .url())
                .isEqualTo(URI.create("http://127.0.0.1:5000"));
    }

    @Test
    void devVersionTurnsTheUnreleasedFeaturesOnByDefault() {
        ConformanceSettings stable = ConformanceSettings.builder().build();
        assertThat(stable.flag("OCI_API_BLOBS_UPLOAD_CANCEL")).isFalse();
        assertThat(stable.flag("OCI_API_MANIFESTS_TAG_PARAM")).isFalse();
        ConformanceSettings dev =
                ConformanceSettings.builder().set("OCI_VERSION", "dev").build();
        assertThat(dev.devVersion()).isTrue();
        assertThat(dev.flag("OCI_API_BLOBS_UPLOAD_CANCEL")).isTrue();
        assertThat(dev.flag("OCI_API_MANIFESTS_TAG_PARAM")).isTrue();
        assertThat(ConformanceSettings.builder()
                        .set("OCI_VERSION", "dev")
                        .set("OCI_API_MANIFESTS_TAG_PARAM", "false")
                        .build()
                        .flag("OCI_API_MANIFESTS_TAG_PARAM"))
                .isFalse();
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConformanceSettings.builder().set("OCI_DATA_SPARSEE", "true"))
                .hasMessageContaining("unknown setting OCI_DATA_SPARSEE");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "data:\n  sparce: true\n");
        assertThatThrownBy(() -> ConformanceSettings.readYaml(typo))
                .hasMessageContaining("unknown setting 'data.sparce'");
        assertThatThrownBy(() -> ConformanceSettings.builder()
                        .set("OCI_DATA_SPARSE", "maybe")
                        .build()
                        .flag("OCI_DATA_SPARSE"))
                .hasMessageContaining("OCI_DATA_SPARSE must be true or false, not 'maybe' (from builder)");
        assertThatThrownBy(() -> ConformanceSettings.from(Map.of(), Map.of(), dir.resolve("missing.yaml")))
                .hasMessageContaining("missing.yaml does not exist");
        assertThatThrownBy(() -> MiniYaml.parse("a:\n  b: {c: 1}\n")).hasMessageContaining("line 2");
    }

    @Test
    void passwordsAreRedacted() {
        ConformanceSettings s = ConformanceSettings.builder()
                .credentials("me", "secret")
                .secondUser("viewer", "hidden")
                .build();
        assertThat(s.redacted())
                .containsEntry("OCI_PASSWORD", "***")
                .containsEntry("OCI_USERNAME", "me")
                .containsEntry("OCI_PASSWORD2", "***")
                .containsEntry("OCI_USERNAME2", "viewer");
        assertThat(s.toString()).doesNotContain("secret", "hidden");
    }

    @Test
    void ourSettingsComeFromTheYamlFileToo(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(
                dir.resolve("oci.yaml"),
                "username2: viewer\npassword2: v\nconcurrency: 2\nexpectedFailures: gaps.txt\nupdateExpected: true\n");
        ConformanceSettings s = ConformanceSettings.builder().configFile(yaml).build();
        assertThat(s.username2()).isEqualTo("viewer");
        assertThat(s.concurrency()).isEqualTo(2);
        assertThat(s.expectedFailuresFile()).contains(Path.of("gaps.txt"));
        assertThat(s.updateExpected()).isTrue();
        assertThat(ConformanceSettings.builder().build().concurrency()).isEqualTo(4);
    }

    @Test
    void badValuesOfOurSettingsAreNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConformanceSettings.builder()
                        .set("OCI_CONCURRENCY", "0")
                        .build())
                .hasMessageContaining("OCI_CONCURRENCY must be a number from 1 to 64, not '0' (from builder)");
        assertThatThrownBy(
                        () -> ConformanceSettings.builder().updateExpected(true).build())
                .hasMessageContaining("OCI_UPDATE_EXPECTED=true needs OCI_EXPECTED_FAILURES");
        Path bad = Files.writeString(dir.resolve("gaps.txt"), "# gaps\npush.image.blobs\nnot an id  # why\n");
        assertThatThrownBy(() -> ExpectedFailures.read(bad, false))
                .hasMessageContaining("gaps.txt:3: 'not an id' is not a check id such as push.image.blobs");
        ExpectedFailures ok = ExpectedFailures.read(
                Files.writeString(dir.resolve("ok.txt"), "push.image.blobs   # no Location\n\n# end\n"), false);
        assertThat(ok.ids()).containsExactly("push.image.blobs");
        assertThat(ok.reason("push.image.blobs")).isEqualTo("no Location");
    }
}
