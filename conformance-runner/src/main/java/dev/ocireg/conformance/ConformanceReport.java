package dev.ocireg.conformance;

import dev.ocireg.conformance.internal.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The results of a run: counts, one result per check, and writers for {@code junit.xml} and a self-contained HTML
 * report.
 *
 * <pre>{@code
 * ConformanceReport report = ConformanceSuite.run(settings);
 * report.writeTo(Path.of("results"));          // results/junit.xml, results/report.html
 * if (!report.successful()) System.exit(1);
 * }</pre>
 */
public final class ConformanceReport {
    private final ConformanceSettings settings;
    private final String runId;
    private final Instant started;
    private final Duration wallTime;
    private final List<CheckResult> results;

    ConformanceReport(
            ConformanceSettings settings, String runId, Instant started, Duration wallTime, List<CheckResult> results) {
        this.settings = settings;
        this.runId = runId;
        this.started = started;
        this.wallTime = wallTime;
        this.results = List.copyOf(results);
    }

    /** The registry tested. */
    public URI url() {
        return settings.url();
    }

    public ConformanceSettings settings() {
        return settings;
    }

    /** The id in the tags this run pushed. */
    public String runId() {
        return runId;
    }

    public Instant started() {
        return started;
    }

    /** From the start of the run to its last check. */
    public Duration wallTime() {
        return wallTime;
    }

    /** Every reported check's result, in order. */
    public List<CheckResult> results() {
        return results;
    }

    /** The results of one workflow. */
    public List<CheckResult> results(Workflow workflow) {
        return results.stream().filter(r -> r.check().workflow() == workflow).toList();
    }

    /** The result of the check with this id, if it was reported. */
    public Optional<CheckResult> result(String id) {
        return results.stream().filter(r -> r.check().id().equals(id)).findFirst();
    }

    public long passed() {
        return count(CheckResult.Status.PASSED);
    }

    public long failed() {
        return count(CheckResult.Status.FAILED);
    }

    public long skipped() {
        return count(CheckResult.Status.SKIPPED);
    }

    private long count(CheckResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** True when no check failed. */
    public boolean successful() {
        return failed() == 0;
    }

    /** {@code N passed, M failed, K skipped}. */
    public String summary() {
        return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
    }

    /** The failures, each with its requirement and transcript: what to print when a build fails. */
    public String failureDetails() {
        StringBuilder out = new StringBuilder();
        for (CheckResult r : results) {
            if (r.status() == CheckResult.Status.FAILED) {
                out.append(r.describe()).append('\n');
            }
        }
        return out.toString();
    }

    /** The JUnit XML ({@code testsuites}, one {@code testsuite} per workflow). */
    public String junitXml() {
        return Reports.junitXml(this);
    }

    /** A self-contained HTML page (no scripts), grouped by workflow, failures expanded with their transcript. */
    public String html() {
        return Reports.html(this);
    }

    public void writeJUnitXml(Path file) {
        write(file, junitXml());
    }

    public void writeHtml(Path file) {
        write(file, html());
    }

    /** Writes {@code junit.xml} and {@code report.html} into {@code directory} (created when missing). */
    public void writeTo(Path directory) {
        writeJUnitXml(directory.resolve("junit.xml"));
        writeHtml(directory.resolve("report.html"));
    }

    private static void write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ConformanceReport[" + url() + ": " + summary() + " in " + wallTime.toMillis() + " ms]";
    }
}
