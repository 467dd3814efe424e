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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The results of a run: counts, one result per check, the verdict against the expected failures, and writers for
 * {@code junit.xml}, {@code results.json} and a self-contained HTML report.
 *
 * <pre>{@code
 * ConformanceReport report = ConformanceSuite.run(settings);
 * report.writeTo(Path.of("results"));          // results/junit.xml, results/results.json, results/report.html
 * if (!report.successful()) System.exit(1);   // a check failed that OCI_EXPECTED_FAILURES does not list
 * }</pre>
 */
public final class ConformanceReport {
    private final ConformanceSettings settings;
    private final String runId;
    private final Instant started;
    private final Duration wallTime;
    private final List<CheckResult> results;
    private final ExpectedFailures expected;
    private final Set<String> knownIds;
    private final List<String> warnings;

    ConformanceReport(
            ConformanceSettings settings,
            String runId,
            Instant started,
            Duration wallTime,
            List<CheckResult> results,
            ExpectedFailures expected,
            Set<String> knownIds,
            List<String> warnings) {
        this.settings = settings;
        this.runId = runId;
        this.started = started;
        this.wallTime = wallTime;
        this.results = List.copyOf(results);
        this.expected = expected;
        this.knownIds = Set.copyOf(knownIds);
        this.warnings = List.copyOf(warnings);
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

    /** The results at one level (MUST, SHOULD, MAY). */
    public List<CheckResult> results(Level level) {
        return results.stream().filter(r -> r.check().level() == level).toList();
    }

    /** The expected failures the run was given ({@code OCI_EXPECTED_FAILURES}). */
    public ExpectedFailures expectedFailures() {
        return expected;
    }

    /** True when the check failed and the expected failures list it. */
    public boolean isExpectedFailure(CheckResult r) {
        return r.status() == CheckResult.Status.FAILED
                && expected.contains(r.check().id());
    }

    /** The failures the expected failures do not list: what makes a run unsuccessful. */
    public List<CheckResult> newFailures() {
        return results.stream()
                .filter(r -> r.status() == CheckResult.Status.FAILED
                        && !expected.contains(r.check().id()))
                .toList();
    }

    /** The failures the expected failures list. */
    public List<CheckResult> knownFailures() {
        return results.stream().filter(this::isExpectedFailure).toList();
    }

    /** The checks the expected failures list that passed: to remove from the list. */
    public List<CheckResult> newlyPassing() {
        return results.stream()
                .filter(r -> r.status() == CheckResult.Status.PASSED
                        && expected.contains(r.check().id()))
                .toList();
    }

    /** Ids in the expected failures that name no check of this version of the suite (misspelt, or renamed). */
    public List<String> unknownExpectedIds() {
        return expected.ids().stream().filter(id -> !knownIds.contains(id)).toList();
    }

    /** Every distinct {@code Warning} header the registry sent during the run. */
    public List<String> warnings() {
        return warnings;
    }

    /** True when no check failed, except those the expected failures list. */
    public boolean successful() {
        return newFailures().isEmpty();
    }

    /**
     * {@code N passed, M failed, K skipped}; with expected failures {@code N passed, M failed (E expected, F new), K
     * skipped}, and {@code ; P expected failures passed} when some did.
     */
    public String summary() {
        String failedText = failed() + " failed";
        if (!expected.isEmpty() || expected.file().isPresent()) {
            failedText += " (" + knownFailures().size() + " expected, "
                    + newFailures().size() + " new)";
        }
        String out = passed() + " passed, " + failedText + ", " + skipped() + " skipped";
        int passing = newlyPassing().size();
        if (passing > 0) {
            out += "; " + passing + " expected failure" + (passing == 1 ? "" : "s") + " passed";
        }
        return out;
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

    /**
     * Writes the ids of the failed checks to the expected failures file ({@code OCI_EXPECTED_FAILURES}), keeping the
     * comments of ids that stay and the ids of checks that did not run (filtered out or skipped).
     *
     * @return the file written
     * @throws IllegalStateException when the run has no expected failures file
     */
    public Path updateExpectedFailures() {
        Path file = expected.file()
                .orElseThrow(() -> new IllegalStateException("no expected failures file (OCI_EXPECTED_FAILURES)"));
        List<String> failing = results.stream()
                .filter(r -> r.status() == CheckResult.Status.FAILED)
                .map(r -> r.check().id())
                .toList();
        Set<String> ran = results.stream()
                .filter(r -> r.status() != CheckResult.Status.SKIPPED)
                .map(r -> r.check().id())
                .collect(Collectors.toSet());
        List<String> notRun =
                expected.ids().stream().filter(id -> !ran.contains(id)).toList();
        write(
                file,
                expected.format(
                        failing,
                        notRun,
                        "Checks expected to fail: ids of ocireg-conformance checks, one a line; '#' starts a comment.\n"
                                + "Written by --update-expected against " + url() + " (run " + runId + ")."));
        return file;
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

    /** The machine-readable results: every check with its status, counts by level, the expected-failure verdict. */
    public String json() {
        return Reports.json(this);
    }

    public void writeJson(Path file) {
        write(file, json());
    }

    /**
     * Writes {@code junit.xml}, {@code results.json} and {@code report.html} into {@code directory} (created when
     * missing).
     */
    public void writeTo(Path directory) {
        writeJUnitXml(directory.resolve("junit.xml"));
        writeJson(directory.resolve("results.json"));
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
