package dev.ocireg.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite as JUnit 5 tests: subclass it, say where your registry is, and every check becomes a test
 * (grouped by workflow) in your build's report. A failed check fails its test with the requirement and the requests
 * and responses; a skipped check is an aborted test with its reason.
 *
 * <pre>{@code
 * class MyRegistryConformanceTest extends OciConformanceTests {
 *     @Override
 *     protected ConformanceSettings settings() {
 *         return ConformanceSettings.fromEnvironment()          // OCI_* variables, -D, oci-conformance.yaml
 *                 .url(URI.create("http://localhost:5000"))
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * <p>Without an override, {@link #settings()} is {@link ConformanceSettings#load()}: the official suite's variables
 * alone configure the run. The first test starts the whole run in the background ({@code OCI_CONCURRENCY} checks at a
 * time, in the order the registry's state needs); each test reports its check's result when it is in. When the last
 * check has run, {@link #finished(ConformanceReport)} prints the summary and the wall time, and writes {@code
 * junit.xml}, {@code results.json} and {@code report.html} to {@code OCI_RESULTS_DIR} when that setting is given.
 *
 * <p><b>Known gaps.</b> With {@code OCI_EXPECTED_FAILURES} (or {@link ConformanceSettings.Builder#expectedFailures}) a
 * check that the file lists and that fails is an aborted test ("expected failure: …"), so the build stays green while
 * every other failure fails it; listed checks that pass are printed at the end. {@code OCI_UPDATE_EXPECTED=true}
 * writes the run's failures back to the file.
 */
@Execution(ExecutionMode.SAME_THREAD)
public abstract class OciConformanceTests {

    /** The settings of the run; by default those of the environment ({@link ConformanceSettings#load()}). */
    protected ConformanceSettings settings() {
        return ConformanceSettings.load();
    }

    /**
     * Called with the report once every check has run: prints {@code conformance of URL: N passed, M failed, K
     * skipped in T ms}, and writes the reports when {@code OCI_RESULTS_DIR} is set. Override to keep the report.
     */
    protected void finished(ConformanceReport report) {
        System.out.println("conformance of " + report.url() + ": " + report.summary() + " in "
                + report.wallTime().toMillis() + " ms");
        if (!report.newlyPassing().isEmpty()) {
            System.out.println("now passing, listed as expected failures: "
                    + report.newlyPassing().stream().map(r -> r.check().id()).toList());
        }
        if (!report.unknownExpectedIds().isEmpty()) {
            System.out.println("the expected failures list ids that name no check: " + report.unknownExpectedIds());
        }
        if (report.settings().isSet("OCI_RESULTS_DIR")) {
            report.writeTo(report.settings().resultsDir());
        }
    }

    /** The checks, one dynamic test each, in one container per workflow. */
    @TestFactory
    @DisplayName("OCI Distribution Spec conformance")
    public final Stream<DynamicNode> ociConformance() {
        ConformanceRun run = ConformanceSuite.start(settings());
        List<DynamicNode> workflows = new ArrayList<>();
        for (Workflow workflow : Workflow.values()) {
            List<DynamicNode> tests = new ArrayList<>();
            for (ConformanceCheck check : run.checks()) {
                if (check.workflow() == workflow) {
                    tests.add(DynamicTest.dynamicTest(check.displayName(), () -> execute(run, check)));
                }
            }
            if (!tests.isEmpty()) {
                workflows.add(DynamicContainer.dynamicContainer(workflow.title(), tests));
            }
        }
        return workflows.stream().onClose(() -> finished(run.finish()));
    }

    private static void execute(ConformanceRun run, ConformanceCheck check) {
        CheckResult result = run.run(check);
        switch (result.status()) {
            case PASSED -> {
                // a note (such as "mounting is not supported") is in the report; a listed check that passes is
                // printed by finished()
            }
            case FAILED -> {
                if (run.expectedFailures().contains(check.id())) {
                    throw new TestAbortedException("expected failure (listed in "
                            + run.expectedFailures()
                                    .file()
                                    .map(Object::toString)
                                    .orElse("the expected failures")
                            + "): " + result.message());
                }
                throw new AssertionFailedError(result.describe());
            }
            case SKIPPED -> throw new TestAbortedException(result.message());
        }
    }
}
