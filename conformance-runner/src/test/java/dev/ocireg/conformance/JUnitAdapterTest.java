package dev.ocireg.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.ocireg.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link OciConformanceTests} reports a failed check as a failed test carrying the requirement and the transcript, and
 * a skipped check as an aborted test with its reason. The fixture points the suite at a repository name the spec
 * forbids, so the registry refuses every push.
 */
class JUnitAdapterTest {

    static RegistryServer registry;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
    }

    @AfterAll
    static void stop() {
        registry.close();
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
                .haveExactly(1, event(test(), abortedWithReason(message("requires push.image.blobs, which failed"))));
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
