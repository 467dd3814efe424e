package dev.ocireg.conformance;

import dev.ocireg.conformance.internal.CheckDef;
import dev.ocireg.conformance.internal.Checks;
import dev.ocireg.conformance.internal.Ctx;
import dev.ocireg.conformance.internal.Http;
import dev.ocireg.conformance.internal.Outcome;
import dev.ocireg.conformance.internal.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One run of the suite against one registry, check by check: {@link #run(ConformanceCheck)} runs a check (and first
 * the checks it builds on, when they have not run yet) and remembers its result; {@link #finish()} runs the rest and
 * returns the report. Content pushed by a run carries a random run id, so runs never see each other's tags or blobs.
 *
 * <pre>{@code
 * ConformanceRun run = ConformanceSuite.start(settings);
 * for (ConformanceCheck check : run.checks()) {
 *     CheckResult result = run.run(check);
 * }
 * ConformanceReport report = run.finish();
 * }</pre>
 *
 * <p>Not thread-safe: the checks of a run share the registry's state and run one after another.
 */
public final class ConformanceRun {
    private final ConformanceSettings settings;
    private final Http http;
    private final TestData data;
    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, CheckDef> defs = new LinkedHashMap<>();
    private final List<ConformanceCheck> selected = new ArrayList<>();
    private final Map<String, CheckResult> results = new LinkedHashMap<>();
    private final Set<String> running = new HashSet<>();
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();

    ConformanceRun(ConformanceSettings settings) {
        this.settings = settings;
        this.http = new Http(settings);
        this.data = new TestData();
        String filter = settings.filterTest().toLowerCase(Locale.ROOT);
        for (CheckDef def : Checks.all(settings, data)) {
            defs.put(def.id(), def);
            ConformanceCheck check = def.check();
            if (filter.isEmpty()
                    || check.path().toLowerCase(Locale.ROOT).contains(filter)
                    || check.id().toLowerCase(Locale.ROOT).contains(filter)) {
                selected.add(check);
            }
        }
    }

    /** The settings of this run. */
    public ConformanceSettings settings() {
        return settings;
    }

    /** The id in every tag this run pushes ({@code image-<id>}), 8 hex characters. */
    public String runId() {
        return data.runId;
    }

    /** The checks this run reports, in order ({@code OCI_FILTER_TEST} applied). */
    public List<ConformanceCheck> checks() {
        return List.copyOf(selected);
    }

    /** Runs a check unless it has run, and returns its result. */
    public CheckResult run(ConformanceCheck check) {
        return run(check.id());
    }

    /** Runs the check with this id unless it has run, and returns its result. */
    public synchronized CheckResult run(String id) {
        CheckResult done = results.get(id);
        if (done != null) {
            return done;
        }
        CheckDef def = defs.get(id);
        if (def == null) {
            throw new IllegalArgumentException("no check " + id);
        }
        if (!running.add(id)) {
            throw new IllegalStateException("check " + id + " requires itself");
        }
        try {
            CheckResult result = execute(def);
            results.put(id, result);
            return result;
        } finally {
            running.remove(id);
        }
    }

    /** Runs every check that has not run and returns the report of the checks of {@link #checks()}. */
    public synchronized ConformanceReport finish() {
        List<CheckResult> out = new ArrayList<>();
        for (ConformanceCheck check : selected) {
            out.add(run(check));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        return new ConformanceReport(settings, data.runId, started, wall, out);
    }

    private CheckResult execute(CheckDef def) {
        ConformanceCheck check = def.check();
        long t0 = System.nanoTime();
        String reason = settings.workflowDisabledReason(check.workflow());
        if (reason == null) {
            reason = def.gate().get();
        }
        if (reason != null) {
            return new CheckResult(check, CheckResult.Status.SKIPPED, reason, List.of(), Duration.ZERO);
        }
        for (String required : def.requires()) {
            CheckResult r = run(required);
            boolean hidden = selected.stream().noneMatch(c -> c.id().equals(required));
            if (r.status() == CheckResult.Status.FAILED && hidden) {
                // the failed prerequisite is not reported (OCI_FILTER_TEST): its failure is this check's
                return new CheckResult(
                        check,
                        CheckResult.Status.FAILED,
                        "prerequisite " + required + " (" + r.check().title() + ") failed: " + r.message(),
                        r.transcript(),
                        r.duration());
            }
            if (r.status() != CheckResult.Status.PASSED) {

                String why = r.status() == CheckResult.Status.FAILED
                        ? "requires " + required + ", which failed"
                        : "requires " + required + ", which was skipped: " + r.message();
                return new CheckResult(check, CheckResult.Status.SKIPPED, why, List.of(), Duration.ZERO);
            }
        }
        t0 = System.nanoTime();
        List<HttpExchange> transcript = new ArrayList<>();
        http.recordInto(transcript);
        Ctx ctx = new Ctx(http, settings, data, state);
        CheckResult.Status status;
        String message;
        try {
            def.body().run(ctx);
            status = CheckResult.Status.PASSED;
            message = String.join("; ", ctx.notes());
        } catch (Outcome o) {
            status = o.isSkipped() ? CheckResult.Status.SKIPPED : CheckResult.Status.FAILED;
            message = o.getMessage();
        } catch (Http.NoResponse e) {
            status = CheckResult.Status.FAILED;
            message = e.getMessage();
        } catch (Exception | AssertionError e) {
            status = CheckResult.Status.FAILED;
            message = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            http.recordInto(new ArrayList<>());
        }
        return new CheckResult(check, status, message, transcript, Duration.ofNanos(System.nanoTime() - t0));
    }
}
