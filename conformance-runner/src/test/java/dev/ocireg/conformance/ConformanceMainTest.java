package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The command line, run in-process: options, exit status, the summary line, junit.xml and report.html. */
class ConformanceMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return ConformanceMain.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void embeddedRunPassesAndWritesBothReports(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        int status = run(Map.of(), "--embedded", "--out", dir.toString());
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(status).as(out() + err).isZero();
        assertThat(out()).containsPattern("(?m)^\\d+ passed, 0 failed, 1 skipped$");
        System.out.println("CLI --embedded: "
                + out().lines().filter(l -> l.contains("passed")).findFirst().orElse("") + " — " + millis
                + " ms including the registry's start");

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("junit.xml").toFile());
        Element suites = xml.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("failures")).isEqualTo("0");
        assertThat(suites.getAttribute("skipped")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(4);
        assertThat(Integer.parseInt(suites.getAttribute("tests")))
                .isEqualTo(xml.getElementsByTagName("testcase").getLength())
                .isGreaterThan(150);
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(1);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<h2>Pull", "<h2>Push", "<h2>Content Discovery", "<h2>Content Management")
                .doesNotContain("<script");
    }

    @Test
    void failuresGiveExitStatusOneWithTheTranscriptInBothReports(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        int status = run(
                Map.of("OCI_FILTER_TEST", "Pull/image:"),
                "--url",
                "http://127.0.0.1:" + port,
                "--out",
                dir.toString(),
                "--quiet");

        assertThat(status).isEqualTo(1);
        assertThat(out().strip()).matches("0 passed, \\d+ failed, \\d+ skipped");
        String junit = Files.readString(dir.resolve("junit.xml"));
        assertThat(junit)
                .contains("<failure message=\"prerequisite push.image.manifests (image: push the manifest by tag"
                        + " (twice)) failed: prerequisite push.image.blobs (image: push the blobs (POST then PUT))"
                        + " failed: no response to POST http://127.0.0.1:" + port);

        assertThat(junit).contains("requirement (end-3): A GET request", "&gt; POST http://127.0.0.1:" + port);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<details class=\"FAILED\" open>", "no response to POST");
    }

    @Test
    void helpAndUsageErrors() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out()).contains("--url URL", "--out DIR", "--config FILE", "OCI_REPO1");
        assertThat(run(Map.of(), "--bogus")).isEqualTo(2);
        assertThat(run(Map.of(), "--url")).isEqualTo(2);
        assertThat(run(Map.of(), "--embedded", "--url", "http://localhost:1")).isEqualTo(2);
        assertThat(run(Map.of("OCI_TLS", "sometimes"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown option --bogus", "--url needs a value", "OCI_TLS must be enabled");
    }
}
