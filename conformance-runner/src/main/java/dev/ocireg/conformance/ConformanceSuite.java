package dev.ocireg.conformance;

/**
 * The OCI Distribution Spec conformance suite in Java: the spec's four workflows (pull, push, content discovery,
 * content management) with the data variants of the official suite, against any registry.
 *
 * <pre>{@code
 * ConformanceReport report = ConformanceSuite.run(ConformanceSettings.builder()
 *         .url(URI.create("http://127.0.0.1:5000"))
 *         .build());
 * System.out.println(report.summary());          // 201 passed, 0 failed, 6 skipped
 * report.writeTo(Path.of("target/oci-conformance")); // junit.xml, results.json, report.html
 * }</pre>
 *
 * <p>The suite pushes into {@code OCI_REPO1} and mounts into {@code OCI_REPO2}, then deletes what it pushed (when the
 * registry allows deletes). See {@link ConformanceSettings} for every setting, {@link OciConformanceTests} to run it
 * as JUnit tests, and {@link ConformanceMain} for the command line.
 */
public final class ConformanceSuite {

    private ConformanceSuite() {}

    /** Runs every check and returns the report. */
    public static ConformanceReport run(ConformanceSettings settings) {
        return start(settings).finish();
    }

    /** A run whose checks are run one by one (as JUnit's dynamic tests do). */
    public static ConformanceRun start(ConformanceSettings settings) {
        return new ConformanceRun(settings);
    }
}
