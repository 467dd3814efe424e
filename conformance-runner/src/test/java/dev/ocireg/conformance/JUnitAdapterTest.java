package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Front;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link OciConformanceTests} reports a failed check as a failed test carrying the requirement and the transcript, and
 * a skipped check as an aborted test with its reason. The fixture points the suite at a repository name the spec
 * forbids, so the registry refuses every push.
 */
class JUnitAdapterTest {

    static RegistryServer registry;
    /** The registry without Location on blob PUTs: the upload checks that follow it fail. */
    static Front withoutLocation;

    static Path expectedFailures;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        withoutLocation = Front.start(registry.url()).forwardingAuthorization().rewrite((call, reply) -> {
            if (call.method().equals("PUT") && call.path().contains("/blobs/uploads/") && reply.status == 201) {
                reply.headers.remove("Location");
            }
        });
    }

    @AfterAll
    static void stop() {
        withoutLocation.close();
        registry.close();
    }

    @Tag("fixture")
    static class KnownGaps extends OciConformanceTests {
        static ConformanceReport report;

        @Override
        protected ConformanceSettings settings() {
            return ConformanceSettings.builder()
                    .url(withoutLocation.url())
                    .set("OCI_FILTER_TEST", "push.upload.")
                    .expectedFailures(expectedFailures)
                    .build();
        }

        @Override
        protected void finished(ConformanceReport report) {
            KnownGaps.report = report;
        }
    }

    @Tag("fixture")
    static class UpdatingKnownGaps extends KnownGaps {
        @Override
        protected ConformanceSettings settings() {
            return super.settings().toBuilder().updateExpected(true).build();
        }
    }

    @Tag("fixture")
    static class InvalidRepositoryName extends OciConformanceTests {
        @Override
        protected ConformanceSettings settings() {
            return ConformanceSettings.builder()
                    .url(registry.url())
                    .set("OCI_REPO1", "conformance/Not_Valid")
                    .set("OCI_FILTER_TEST", "Push/image:")
                    .build();
        }

        @Override
        protected void finished(ConformanceReport report) {
            // quiet
        }
    }

    @Tag("fixture")
    static class PushSwitchedOff extends OciConformanceTests {
        @Override
        protected ConformanceSettings settings() {
            return ConformanceSettings.builder()
                    .url(registry.url())
                    .set("OCI_API_PUSH", "false")
                    .set("OCI_FILTER_TEST", "image: push the blobs")
                    .build();
        }

        @Override
        protected void finished(ConformanceReport report) {
            // quiet
        }
    }

    @Test
    void aFailedCheckIsAFailedTestWithItsRequirementAndTranscript() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(InvalidRepositoryName.class))
                .execute()
                .testEvents();

        tests.assertStatistics(s -> s.started(2).failed(1).aborted(1));
        tests.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test(),
                                finishedWithFailure(message(m -> m.contains("image: push the blobs")
                                        && m.contains("expected 202 but got 400 (NAME_INVALID")
                                        && m.contains("requirement (end-4a, end-6): Upon success")
                                        && m.contains(
                                                "> POST " + registry.url() + "/v2/conformance/Not_Valid/blobs/uploads/")
                                        && m.contains("< 400")))))
                .haveExactly(
                        1,
                        event(
                                test(),
                                abortedWithReason(message(m -> m.startsWith("requires push.image.blobs (image: push the"
                                                + " blobs (POST then PUT)), which failed: POST ")
                                        && m.contains("expected 202 but got 400 (NAME_INVALID")))));
    }

    @Test
    void listedFailuresAreAbortedTestsAndTheFileCanBeWrittenFromTheRun(@TempDir Path dir) throws Exception {
        expectedFailures = dir.resolve("known-gaps.txt");
        Events first = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(UpdatingKnownGaps.class))
                .execute()
                .testEvents();
        List<String> failing = KnownGaps.report.results().stream()
                .filter(r -> r.status() == CheckResult.Status.FAILED)
                .map(r -> r.check().id())
                .toList();
        assertThat(failing).contains("push.upload.post-put", "push.upload.chunked");
        // the file did not exist: nothing was expected, so every failure failed its test, and the file was written
        first.assertStatistics(s -> s.failed(failing.size()));
        assertThat(Files.readAllLines(expectedFailures).stream().filter(l -> !l.startsWith("#")))
                .containsExactlyElementsOf(failing);

        // all but one listed: the listed ones are aborted tests, the other fails; a listed check that passes passes
        List<String> listed = new java.util.ArrayList<>(failing.subList(1, failing.size()));
        listed.add("push.upload.session-id");
        Files.write(expectedFailures, listed);
        Events second = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(KnownGaps.class))
                .execute()
                .testEvents();

        long skipped = KnownGaps.report.skipped(); // upload cancel and digest-algorithm: off for OCI_VERSION=1.1
        second.assertStatistics(s -> s.failed(1).aborted(failing.size() - 1 + skipped));
        second.assertThatEvents()
                .haveExactly(
                        failing.size() - 1,
                        event(
                                test(),
                                abortedWithReason(message(
                                        m -> m.startsWith("expected failure (listed in " + expectedFailures + "): ")
                                                && m.contains("has no Location header")))));
        assertThat(KnownGaps.report.newFailures())
                .extracting(r -> r.check().id())
                .containsExactly(failing.get(0));
        assertThat(KnownGaps.report.newlyPassing())
                .extracting(r -> r.check().id())
                .containsExactly("push.upload.session-id");
        assertThat(KnownGaps.report.summary())
                .contains(" failed (" + (failing.size() - 1) + " expected, 1 new)", "1 expected failure passed");
    }

    @Test
    void aSkippedCheckIsAnAbortedTestWithItsReason() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(PushSwitchedOff.class))
                .execute()
                .testEvents();

        tests.assertStatistics(s -> s.started(1).aborted(1));
        tests.assertThatEvents().haveExactly(1, event(abortedWithReason(message("OCI_API_PUSH=false"))));
    }
}
