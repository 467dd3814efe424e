package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Front;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warning headers: tolerated everywhere (no check fails because a response carries one), reported to the user, and
 * checked against the spec's format — ocireg behind a front that adds them to every response.
 */
class WarningHeadersTest {
    @RegisterExtension
    static final EmbeddedRegistry registry = new EmbeddedRegistry();

    private static Front warning(String... values) {
        return Front.start(registry.url()).forwardingAuthorization().rewrite((call, reply) -> {
            for (String v : values) {
                reply.addHeader("Warning", v);
            }
        });
    }

    @Test
    void wellFormedWarningsOnEveryResponseAreToleratedAndReported(@TempDir Path dir) throws Exception {
        try (Front front = warning(
                "299 - \"This registry endpoint is deprecated and will be removed soon.\"",
                "299 - \"Your auth token will expire in 30 seconds.\"")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> strict = Map.of(
                    "OCI_VERSION", "dev",
                    "OCI_DATA_SPARSE", "true",
                    "OCI_API_BLOBS_DIGEST_HEADER", "true",
                    "OCI_API_MANIFESTS_DIGEST_HEADER", "true");
            int status = ConformanceMain.run(
                    new String[] {"--url", front.url().toString(), "--out", dir.toString()},
                    strict,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(printed).isZero();
            assertThat(printed)
                    .contains(
                            "registry warning: 299 - \"This registry endpoint is deprecated and will be removed soon.\"",
                            "registry warning: 299 - \"Your auth token will expire in 30 seconds.\"")
                    .containsPattern("(?m)^\\d+ passed, 0 failed, \\d+ skipped$");
            assertThat(Files.readString(dir.resolve("results.json")))
                    .contains("\"warnings\" : [ \"299 - \\\"This registry endpoint is deprecated");
            assertThat(Files.readString(dir.resolve("report.html"))).contains("<h2>Warnings from the registry</h2>");
        }
    }

    @Test
    void aWarningWithAnotherCodeOrADateFailsTheWarningCheckAlone() {
        try (Front front = warning("199 ocireg \"Miscellaneous warning\" \"Sat, 25 Aug 2012 23:34:45 GMT\"")) {
            ConformanceReport report = ConformanceSuite.run(
                    ConformanceSettings.builder().url(front.url()).build());

            assertThat(report.newFailures()).extracting(r -> r.check().id()).containsExactly("pull.warnings");
            assertThat(report.result("pull.warnings").orElseThrow().message())
                    .startsWith("Warning '199 ocireg \"Miscellaneous warning\" \"Sat, 25 Aug 2012 23:34:45 GMT\"' (")
                    .contains("is not 299 - \"<text>\": a warn-code of 299, a warn-agent of -, and no warn-date");
        }
    }

    @Test
    void moreThan4096BytesOfWarningsFail() {
        try (Front front = warning("299 - \"" + "x".repeat(3000) + "\"", "299 - \"" + "y".repeat(1200) + "\"")) {
            ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
                    .url(front.url())
                    .set("OCI_FILTER_TEST", "pull.")
                    .build());

            CheckResult warnings = report.result("pull.warnings").orElseThrow();
            assertThat(warnings.status()).isEqualTo(CheckResult.Status.FAILED);
            // 3008 + 1208 bytes on each response
            assertThat(warnings.message())
                    .containsPattern("^\\d+ responses had more than 4096 bytes of Warning headers, the first: [A-Z]+"
                            + " http://127\\.0\\.0\\.1:\\d+/v2/\\S* \\(4216 bytes\\)$");
            assertThat(report.newFailures()).hasSize(1);
        }
    }
}
