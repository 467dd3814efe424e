package dev.ocireg.conformance;

import dev.ocireg.conformance.internal.CheckDef;
import dev.ocireg.conformance.internal.Checks;
import dev.ocireg.conformance.internal.Ctx;
import dev.ocireg.conformance.internal.Http;
import dev.ocireg.conformance.internal.Outcome;
import dev.ocireg.conformance.internal.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the suite against one registry. The first {@link #run(ConformanceCheck)} starts every selected check
 * (and the checks they build on) in the background, {@code OCI_CONCURRENCY} at a time, and returns when the check
 * asked for is done; {@link #finish()} waits for the rest and returns the report. Content pushed by a run carries a
 * random run id, so runs never see each other's tags or blobs.
 *
 * <pre>{@code
 * ConformanceRun run = ConformanceSuite.start(settings);
 * for (ConformanceCheck check : run.checks()) {
 *     CheckResult result = run.run(check);
 * }
 * ConformanceReport report = run.finish();
 * }</pre>
 *
 * <p>Checks run in stages: pushes, pulls and uploads together (each pull after the push it reads), then the listings
 * of tags and referrers, then the deletes in the order they must happen. Within a stage a check starts as soon as the
 * checks it requires are done. A check whose prerequisite failed still runs when the prerequisite's content is there
 * (a push answered without a required header, say); it is skipped, with the reason, only when it cannot run.
 *
 * <p>Thread-safe.
 */
public final class ConformanceRun {
    private final ConformanceSettings settings;
    private final Http http;
    private final TestData data;
    private final ExpectedFailures expected;
    private final Map<String, Object> state = new ConcurrentHashMap<>();
    private final Map<String, CheckDef> defs = new LinkedHashMap<>();
    private final List<ConformanceCheck> selected = new ArrayList<>();
    private final Set<String> selectedIds = new LinkedHashSet<>();
    private final Map<String, CompletableFuture<Done>> planned = new LinkedHashMap<>();
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private ExecutorService pool;

    /** A check's result, and whether what it set up is there for the checks that build on it. */
    private record Done(CheckResult result, boolean usable) {}

    ConformanceRun(ConformanceSettings settings) {
        this.settings = settings;
        this.expected = settings.expectedFailuresFile()
                .map(f -> ExpectedFailures.read(f, settings.updateExpected()))
                .orElse(ExpectedFailures.none());
        // in a fresh JVM the HTTP client loads many classes: in parallel with the test data and the checks
        CompletableFuture<Http> client = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        client.complete(new Http(settings));
                    } catch (Throwable t) {
                        client.completeExceptionally(t);
                    }
                },
                "oci-conformance-start");
        starter.setDaemon(true);
        starter.start();
        this.data = new TestData();
        String filter = settings.filterTest().toLowerCase(Locale.ROOT);
        for (CheckDef def : Checks.all(settings, data)) {
            defs.put(def.id(), def);
            ConformanceCheck check = def.check();
            if (filter.isEmpty()
                    || check.path().toLowerCase(Locale.ROOT).contains(filter)
                    || check.id().toLowerCase(Locale.ROOT).contains(filter)) {
                selected.add(check);
                selectedIds.add(check.id());
            }
        }
        plan();
        this.http = join(client);
    }

    private static Http join(CompletableFuture<Http> client) {
        try {
            return client.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The selected checks and, transitively, those they require; each check's stage is checked against theirs. */
    private void plan() {
        Deque<String> todo = new ArrayDeque<>(selectedIds);
        Set<String> needed = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (needed.add(id)) {
                CheckDef def = defs.get(id);
                for (String required : def.requires()) {
                    CheckDef r = defs.get(required);
                    if (r == null) {
                        throw new IllegalStateException("check " + id + " requires " + required + ", which is none");
                    }
                    if (r.stage() > def.stage()) {
                        throw new IllegalStateException(
                                "check " + id + " requires " + required + ", which runs in a later stage");
                    }
                    todo.push(required);
                }
            }
        }
        for (String id : defs.keySet()) {
            if (needed.contains(id)) {
                planned.put(id, new CompletableFuture<>());
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

    /** The failures this run expects ({@code OCI_EXPECTED_FAILURES}); empty without that setting. */
    public ExpectedFailures expectedFailures() {
        return expected;
    }

    /** Runs a check unless it has run (starting the whole run when it has not started), and returns its result. */
    public CheckResult run(ConformanceCheck check) {
        return run(check.id());
    }

    /** The result of the check with this id, once it has run. */
    public CheckResult run(String id) {
        if (!defs.containsKey(id)) {
            throw new IllegalArgumentException("no check " + id);
        }
        CompletableFuture<Done> done = planned.get(id);
        if (done == null) {
            throw new IllegalArgumentException("check " + id + " is not selected (OCI_FILTER_TEST is "
                    + settings.filterTest() + ") and no selected check requires it");
        }
        start();
        return done.join().result();
    }

    /** Runs every check that has not run and returns the report of the checks of {@link #checks()}. */
    public ConformanceReport finish() {
        start();
        CompletableFuture.allOf(planned.values().toArray(CompletableFuture[]::new))
                .join();
        List<CheckResult> out = new ArrayList<>();
        for (ConformanceCheck check : selected) {
            out.add(planned.get(check.id()).join().result());
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        ConformanceReport report = new ConformanceReport(
                settings, data.runId, started, wall, out, expected, defs.keySet(), http.warnings());
        if (settings.updateExpected()) {
            report.updateExpectedFailures();
        }
        return report;
    }

    /**
     * Schedules every planned check: a check is handed to the pool once the checks it requires and every check of
     * the stages before its own are done.
     */
    private synchronized void start() {
        if (pool != null) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "oci-conformance-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<Integer, List<String>> stages = new TreeMap<>();
        planned.keySet()
                .forEach(id -> stages.computeIfAbsent(defs.get(id).stage(), s -> new ArrayList<>())
                        .add(id));
        CompletableFuture<?> barrier = CompletableFuture.completedFuture(null);
        for (List<String> ids : stages.values()) {
            List<CompletableFuture<Done>> stage = new ArrayList<>();
            for (String id : ids) {
                CheckDef def = defs.get(id);
                List<CompletableFuture<?>> before = new ArrayList<>();
                before.add(barrier);
                def.requires().forEach(r -> before.add(planned.get(r)));
                CompletableFuture<Done> done = planned.get(id);
                CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                        .whenComplete((ignored, error) -> pool.execute(() -> done.complete(execute(def))));
                stage.add(done);
            }
            barrier = CompletableFuture.allOf(stage.toArray(CompletableFuture[]::new));
        }
        barrier.whenComplete((ignored, error) -> pool.shutdown());
    }

    private Done execute(CheckDef def) {
        ConformanceCheck check = def.check();
        try {
            String reason = settings.workflowDisabledReason(check.workflow());
            if (reason == null) {
                reason = def.gate().get();
            }
            if (reason != null) {
                return skipped(check, reason);
            }
            List<String> inherited = new ArrayList<>();
            for (String required : def.requires()) {
                Done done = planned.get(required).join();
                CheckResult r = done.result();
                boolean hidden = !selectedIds.contains(required);
                if (r.status() == CheckResult.Status.FAILED && hidden && !done.usable()) {
                    // the failed prerequisite is not reported (OCI_FILTER_TEST): its failure is this check's
                    return new Done(
                            new CheckResult(
                                    check,
                                    CheckResult.Status.FAILED,
                                    "prerequisite " + required + " ("
                                            + r.check().title() + ") failed: " + r.message(),
                                    r.transcript(),
                                    r.duration()),
                            false);
                }
                if (r.status() == CheckResult.Status.FAILED && done.usable()) {
                    if (hidden) {
                        inherited.add(
                                "prerequisite " + required + " (" + r.check().title() + ") failed: " + r.message());
                    }
                    continue; // what it pushed is there
                }
                if (r.status() != CheckResult.Status.PASSED) {
                    String why = r.status() == CheckResult.Status.FAILED
                            ? "requires " + required + " (" + r.check().title() + "), which failed: " + r.message()
                            : "requires " + required + ", which was skipped: " + r.message();
                    return skipped(check, why);
                }
            }
            return body(def, inherited);
        } catch (RuntimeException | Error e) {
            // never leave a future incomplete: a bug in the runner is reported as the check's failure
            return new Done(
                    new CheckResult(
                            check, CheckResult.Status.FAILED, "the runner failed: " + e, List.of(), Duration.ZERO),
                    false);
        }
    }

    private static Done skipped(ConformanceCheck check, String reason) {
        return new Done(new CheckResult(check, CheckResult.Status.SKIPPED, reason, List.of(), Duration.ZERO), false);
    }

    private Done body(CheckDef def, List<String> inherited) {
        long t0 = System.nanoTime();
        List<HttpExchange> transcript = new ArrayList<>();
        Ctx ctx = new Ctx(http.recordingInto(transcript), settings, data, state);
        inherited.forEach(ctx::flaw);
        CheckResult.Status status;
        List<String> messages = new ArrayList<>();
        boolean usable;
        try {
            def.body().run(ctx);
            messages.addAll(ctx.flaws());
            usable = true;
            if (messages.isEmpty()) {
                status = CheckResult.Status.PASSED;
                messages.addAll(ctx.notes());
            } else {
                status = CheckResult.Status.FAILED;
            }
        } catch (Outcome o) {
            messages.addAll(ctx.flaws());
            messages.add(o.getMessage());
            status = o.isSkipped() && ctx.flaws().isEmpty() ? CheckResult.Status.SKIPPED : CheckResult.Status.FAILED;
            usable = false;
        } catch (Http.NoResponse e) {
            messages.addAll(ctx.flaws());
            messages.add(e.getMessage());
            status = CheckResult.Status.FAILED;
            usable = false;
        } catch (Exception | AssertionError e) {
            messages.addAll(ctx.flaws());
            messages.add("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            status = CheckResult.Status.FAILED;
            usable = false;
        }
        return new Done(
                new CheckResult(
                        def.check(),
                        status,
                        String.join("; ", messages),
                        transcript,
                        Duration.ofNanos(System.nanoTime() - t0)),
                usable);
    }
}
