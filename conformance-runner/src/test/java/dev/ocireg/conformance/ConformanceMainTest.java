package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.conformance.internal.Json;
import dev.ocireg.testing.Front;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

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
        assertThat(out()).containsPattern("(?m)^\\d+ passed, 0 failed, 6 skipped$");
        System.out.println("CLI --embedded: "
                + out().lines().filter(l -> l.contains("passed")).findFirst().orElse("") + " — " + millis
                + " ms including the registry's start");

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("junit.xml").toFile());
        Element suites = xml.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("failures")).isEqualTo("0");
        assertThat(suites.getAttribute("skipped")).isEqualTo("6");
        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(4);
        assertThat(Integer.parseInt(suites.getAttribute("tests")))
                .isEqualTo(xml.getElementsByTagName("testcase").getLength())
                .isGreaterThan(150);
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(6);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<h2>Pull", "<h2>Push", "<h2>Content Discovery", "<h2>Content Management")
                .doesNotContain("<script");
        // the summary table first (levels × outcomes), then each workflow by spec section
        JsonNode results = json(dir);
        assertThat(html.indexOf("<table class=\"summary\">")).isBetween(0, html.indexOf("<h2>Pull"));
        for (String level : List.of("MUST", "SHOULD", "MAY")) {
            JsonNode counts = results.at("/levels/" + level);
            assertThat(html)
                    .contains("<tr><th>" + level + "</th><td class=\"pass\">"
                            + counts.get("passed").asLong()
                            + "</td><td class=\"fail\">0</td><td class=\"skip\">"
                            + counts.get("skipped").asLong() + "</td>");
        }
        inOrder(html, "<h2>Pull", "<h3>Determining Support", "<h3>Pulling manifests", "<h3>Pulling blobs", "<h2>Push");
        inOrder(html, "<h2>Push", "<h3>Pushing blobs", "<h3>Pushing a blob in chunks");
        inOrder(html, "<h2>Content Management", "<h3>Deleting tags and manifests", "<h3>Error Codes");

        // results.json: one entry per check, counts that add up, the same verdict as junit.xml
        assertThat(results.get("format").asString()).isEqualTo("ocireg-conformance-results/1");
        assertThat(results.at("/summary/total").asInt())
                .isEqualTo(Integer.parseInt(suites.getAttribute("tests")))
                .isEqualTo(results.get("checks").size());
        assertThat(results.at("/summary/failed").asInt()).isZero();
        assertThat(results.at("/summary/skipped").asInt()).isEqualTo(6);
        assertThat(results.at("/summary/successful").asBoolean()).isTrue();
        long levelTotal = 0;
        for (String level : List.of("MUST", "SHOULD", "MAY")) {
            for (String outcome : List.of("passed", "failed", "skipped")) {
                levelTotal += results.at("/levels/" + level + "/" + outcome).asLong();
            }
        }
        assertThat(levelTotal).isEqualTo(results.get("checks").size());
        JsonNode first = results.get("checks").get(0);
        assertThat(first.get("id").asString()).isEqualTo("pull.base");
        assertThat(first.get("workflow").asString()).isEqualTo("Pull");
        assertThat(first.get("section").asString()).isEqualTo("Determining Support");
        assertThat(first.get("level").asString()).isEqualTo("MUST");
        assertThat(first.get("status").asString()).isEqualTo("PASSED");
        assertThat(first.at("/requests/0/method").asString()).isEqualTo("GET");
        assertThat(first.at("/requests/0/status").asInt()).isEqualTo(200);
        assertThat(results.at("/expectedFailures/file").isNull()).isTrue();
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

    /** Each text occurs in {@code text} after the one before it (AssertJ's containsSubsequence is slow on 200 kB). */
    private static void inOrder(String text, String... parts) {
        int at = 0;
        for (String part : parts) {
            int found = text.indexOf(part, at);
            assertThat(found).as("'%s' after position %d", part, at).isNotNegative();
            at = found + part.length();
        }
    }

    /** A registry whose blob PUT answers without Location: the upload checks that read it fail, the others pass. */
    private static Front withoutBlobLocation(RegistryServer registry) {
        return Front.start(registry.url()).forwardingAuthorization().rewrite((call, reply) -> {
            if (call.method().equals("PUT") && call.path().contains("/blobs/uploads/") && reply.status == 201) {
                reply.headers.remove("Location");
            }
        });
    }

    private static JsonNode json(Path dir) throws IOException {
        return Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("results.json")));
    }

    private static List<String> ids(JsonNode results, String status) {
        List<String> out = new ArrayList<>();
        results.get("checks").forEach(c -> {
            if (c.get("status").asString().equals(status)) {
                out.add(c.get("id").asString());
            }
        });
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @Test
    void expectedFailuresAreWrittenBackAndOnlyNewFailuresFailTheRun(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("expected-failures.txt");
        Map<String, String> env = Map.of("OCI_FILTER_TEST", "push.upload.");
        try (RegistryServer registry = RegistryServer.builder().build().start();
                Front front = withoutBlobLocation(registry)) {
            String url = front.url().toString();

            // a file that does not exist is a usage error, unless it is to be written
            assertThat(run(
                            env,
                            "--url",
                            url,
                            "--out",
                            dir.resolve("r0").toString(),
                            "--expect-failures",
                            expected.toString()))
                    .isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected-failures.txt does not exist");
            assertThat(run(env, "--url", url, "--update-expected")).isEqualTo(2);

            // --update-expected writes the failures and exits 0
            Path r1 = dir.resolve("r1");
            assertThat(run(
                            env,
                            "--url",
                            url,
                            "--out",
                            r1.toString(),
                            "--expect-failures",
                            expected.toString(),
                            "--update-expected"))
                    .as(out())
                    .isZero();
            List<String> failing = ids(json(r1), "FAILED");
            assertThat(failing)
                    .contains("push.upload.post-put", "push.upload.chunked")
                    .hasSizeGreaterThan(3);
            assertThat(ids(json(r1), "PASSED")).contains("push.upload.session-id");
            List<String> written = Files.readAllLines(expected).stream()
                    .filter(l -> !l.startsWith("#"))
                    .toList();
            assertThat(written).containsExactlyElementsOf(failing);

            // the same failures again: exit 0, each reported as expected
            out.reset();
            Path r2 = dir.resolve("r2");
            assertThat(run(env, "--url", url, "--out", r2.toString(), "--expect-failures", expected.toString()))
                    .as(out())
                    .isZero();
            assertThat(out())
                    .contains(
                            "XFAIL [MUST end-4a, end-6] monolithic upload",
                            " failed (" + failing.size() + " expected, 0 new)");
            assertThat(json(r2).at("/summary/successful").asBoolean()).isTrue();
            assertThat(Files.readString(r2.resolve("junit.xml")))
                    .contains("<skipped message=\"expected failure: closing PUT: the response (201) has no Location")
                    .contains("failures=\"0\"");

            // one failure no longer listed (with a reason for another), a passing check listed, an unknown id
            String dropped = failing.get(0);
            List<String> lines = new ArrayList<>();
            lines.add("# known gaps of this registry");
            failing.stream()
                    .skip(1)
                    .forEach(id -> lines.add(id + (id.equals(failing.get(1)) ? "  # blob PUT lacks Location" : "")));
            lines.add("push.upload.session-id");
            lines.add("push.upload.renamed-long-ago");
            Files.write(expected, lines);
            out.reset();
            Path r3 = dir.resolve("r3");
            assertThat(run(env, "--url", url, "--out", r3.toString(), "--expect-failures", expected.toString()))
                    .isEqualTo(1);
            assertThat(out())
                    .contains("FAIL [", "(" + dropped + "): ")
                    .contains("new failures (not in " + expected + "): " + dropped)
                    .contains("now passing, listed in " + expected + " as expected failures: push.upload.session-id")
                    .contains("lists ids that name no check: push.upload.renamed-long-ago")
                    .contains(" failed (" + (failing.size() - 1) + " expected, 1 new)");
            JsonNode r3json = json(r3);
            assertThat(strings(r3json.at("/expectedFailures/newFailures"))).containsExactly(dropped);
            assertThat(strings(r3json.at("/expectedFailures/newlyPassing"))).containsExactly("push.upload.session-id");
            assertThat(strings(r3json.at("/expectedFailures/unknownIds")))
                    .containsExactly("push.upload.renamed-long-ago");
            assertThat(r3json.at("/summary/successful").asBoolean()).isFalse();
            String html = Files.readString(r3.resolve("report.html"));
            assertThat(html).contains("New failures (1)", "Now passing (remove them from the list) (1)", "XFAIL");

            // updating again keeps the reason, drops the passing id, adds the new failure
            assertThat(run(
                            env,
                            "--url",
                            url,
                            "--out",
                            dir.resolve("r4").toString(),
                            "--expect-failures",
                            expected.toString(),
                            "--update-expected"))
                    .isZero();
            String rewritten = Files.readString(expected);
            assertThat(rewritten)
                    .contains(failing.get(1) + "  # blob PUT lacks Location\n", dropped + "\n")
                    .doesNotContain("push.upload.session-id");
            // an id of a check that no longer exists is kept only while it did not run: it never runs, so it stays
            assertThat(rewritten).contains("push.upload.renamed-long-ago");
        }
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
