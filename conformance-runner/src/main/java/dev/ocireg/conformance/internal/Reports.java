package dev.ocireg.conformance.internal;

import dev.ocireg.conformance.CheckResult;
import dev.ocireg.conformance.ConformanceCheck;
import dev.ocireg.conformance.ConformanceReport;
import dev.ocireg.conformance.HttpExchange;
import dev.ocireg.conformance.Level;
import dev.ocireg.conformance.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders a report as JUnit XML, as JSON and as HTML. */
public final class Reports {

    private Reports() {}

    // ================================================================== JUnit XML

    public static String junitXml(ConformanceReport report) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"OCI Distribution Spec conformance\"")
                .append(attr("tests", report.results().size()))
                .append(attr("failures", report.newFailures().size()))
                .append(attr("errors", 0))
                .append(attr(
                        "skipped", report.skipped() + report.knownFailures().size()))
                .append(attr("time", seconds(report.wallTime())))
                .append(">\n");
        String timestamp = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                report.started().atOffset(ZoneOffset.UTC).withNano(0));
        for (Workflow w : Workflow.values()) {
            List<CheckResult> results = report.results(w);
            if (results.isEmpty()) {
                continue;
            }
            long known = results.stream().filter(report::isExpectedFailure).count();
            long failures = count(results, CheckResult.Status.FAILED) - known;
            long skipped = count(results, CheckResult.Status.SKIPPED) + known;
            Duration time = results.stream().map(CheckResult::duration).reduce(Duration.ZERO, Duration::plus);
            x.append("  <testsuite")
                    .append(attr("name", w.title()))
                    .append(attr("tests", results.size()))
                    .append(attr("failures", failures))
                    .append(attr("errors", 0))
                    .append(attr("skipped", skipped))
                    .append(attr("time", seconds(time)))
                    .append(attr("timestamp", timestamp))
                    .append(">\n");
            x.append("    <properties>\n");
            x.append("      <property")
                    .append(attr("name", "url"))
                    .append(attr("value", report.url()))
                    .append("/>\n");
            x.append("      <property")
                    .append(attr("name", "runId"))
                    .append(attr("value", report.runId()))
                    .append("/>\n");
            for (Map.Entry<String, String> e : report.settings().redacted().entrySet()) {
                x.append("      <property")
                        .append(attr("name", e.getKey()))
                        .append(attr("value", e.getValue()))
                        .append("/>\n");
            }
            x.append("    </properties>\n");
            for (CheckResult r : results) {
                x.append("    <testcase")
                        .append(attr(
                                "name",
                                r.check().displayName() + " (" + r.check().id() + ")"))
                        .append(attr("classname", "oci.conformance." + w.name().toLowerCase(Locale.ROOT)))
                        .append(attr("time", seconds(r.duration())))
                        .append(">");
                if (report.isExpectedFailure(r)) {
                    // an expected failure does not fail the build, as the exit status says: reported as skipped
                    x.append("\n      <skipped")
                            .append(attr("message", "expected failure: " + r.message()))
                            .append("/>\n      <system-out>")
                            .append(text(r.describe()))
                            .append("</system-out>\n    ");
                } else {
                    switch (r.status()) {
                        case FAILED ->
                            x.append("\n      <failure")
                                    .append(attr("message", r.message()))
                                    .append(attr("type", r.check().level().name()))
                                    .append(">")
                                    .append(text(r.describe()))
                                    .append("</failure>\n    ");
                        case SKIPPED ->
                            x.append("\n      <skipped")
                                    .append(attr("message", r.message()))
                                    .append("/>\n    ");
                        case PASSED -> {
                            String note = r.message();
                            if (report.expectedFailures().contains(r.check().id())) {
                                note = ("passed, though listed as an expected failure; " + note).strip();
                            }
                            if (!note.isEmpty()) {
                                x.append("\n      <system-out>")
                                        .append(text(note))
                                        .append("</system-out>\n    ");
                            }
                        }
                    }
                }
                x.append("</testcase>\n");
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
    }

    private static long count(List<CheckResult> results, CheckResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    // ================================================================== JSON

    /** {@code results.json}: the shape is documented in the README ("Results files"). */
    public static String json(ConformanceReport report) {
        ObjectNode root = Json.object();
        root.put("format", "ocireg-conformance-results/1");
        root.put("registry", report.url().toString());
        root.put("runId", report.runId());
        root.put("started", DateTimeFormatter.ISO_INSTANT.format(report.started()));
        root.put("wallTimeMillis", report.wallTime().toMillis());
        ObjectNode summary = root.putObject("summary");
        summary.put("total", report.results().size());
        summary.put("passed", report.passed());
        summary.put("failed", report.failed());
        summary.put("skipped", report.skipped());
        summary.put("expectedFailures", report.knownFailures().size());
        summary.put("newFailures", report.newFailures().size());
        summary.put("newlyPassing", report.newlyPassing().size());
        summary.put("successful", report.successful());
        ObjectNode levels = root.putObject("levels");
        for (Level level : Level.values()) {
            List<CheckResult> at = report.results(level);
            ObjectNode l = levels.putObject(level.name());
            l.put("passed", count(at, CheckResult.Status.PASSED));
            l.put("failed", count(at, CheckResult.Status.FAILED));
            l.put("skipped", count(at, CheckResult.Status.SKIPPED));
        }
        ObjectNode expectations = root.putObject("expectedFailures");
        report.expectedFailures()
                .file()
                .ifPresentOrElse(f -> expectations.put("file", f.toString()), () -> expectations.putNull("file"));
        ArrayNode listed = expectations.putArray("listed");
        report.expectedFailures().ids().forEach(listed::add);
        ArrayNode newFailures = expectations.putArray("newFailures");
        report.newFailures().forEach(r -> newFailures.add(r.check().id()));
        ArrayNode newlyPassing = expectations.putArray("newlyPassing");
        report.newlyPassing().forEach(r -> newlyPassing.add(r.check().id()));
        ArrayNode unknown = expectations.putArray("unknownIds");
        report.unknownExpectedIds().forEach(unknown::add);
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        ObjectNode settings = root.putObject("settings");
        report.settings().redacted().forEach(settings::put);
        ArrayNode checks = root.putArray("checks");
        for (CheckResult r : report.results()) {
            ObjectNode c = checks.addObject();
            c.put("id", r.check().id());
            c.put("workflow", r.check().workflow().title());
            c.put("section", r.check().section());
            c.put("level", r.check().level().name());
            c.put("endpoint", r.check().endpoint());
            c.put("title", r.check().title());
            c.put("status", r.status().name());
            c.put(
                    "expectedFailure",
                    report.expectedFailures().contains(r.check().id()));
            c.put("message", r.message());
            c.put("durationMillis", r.duration().toNanos() / 1e6);
            c.put("requirement", r.check().requirement());
            ArrayNode requests = c.putArray("requests");
            for (HttpExchange e : r.transcript()) {
                ObjectNode q = requests.addObject();
                q.put("method", e.method());
                q.put("url", e.url());
                q.put("status", e.status());
                if (e.error() != null) {
                    q.put("error", e.error());
                }
            }
            if (r.status() == CheckResult.Status.FAILED) {
                c.put(
                        "transcript",
                        r.transcript().stream().map(HttpExchange::format).collect(Collectors.joining()));
            }
        }
        return new String(Json.prettyBytes(root), StandardCharsets.UTF_8) + "\n";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String attr(String name, Object value) {
        return " " + name + "=\"" + escape(String.valueOf(value), true) + "\"";
    }

    private static String text(String s) {
        return escape(s, false);
    }

    /** XML 1.0 escaping; characters XML cannot hold become '?'. */
    static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append(attribute ? "&#13;" : "\r");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        out.append('?');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    // ================================================================== HTML

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1100px;
              padding:0 1em;color:#1b1f24}
            h1{font-size:1.5em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
            .meta{color:#57606a}.counts span{display:inline-block;margin-right:1em;font-weight:600}
            .pass{color:#1a7f37}.fail{color:#cf222e}.skip{color:#9a6700}
            details{border:1px solid #d0d7de;border-radius:6px;margin:.35em 0;padding:.3em .7em;background:#fff}
            details.FAILED{border-color:#cf222e;background:#fff8f8}details.SKIPPED{background:#fffdf3}
            details.EXPECTED{border-color:#d4a72c;background:#fffdf3}
            summary{cursor:pointer}summary code{color:#57606a;font-size:.85em}
            .badge{display:inline-block;min-width:3.6em;text-align:center;border-radius:4px;font-size:.8em;
              font-weight:700;color:#fff;margin-right:.5em;padding:0 .3em}
            .b-PASSED{background:#1a7f37}.b-FAILED{background:#cf222e}.b-SKIPPED{background:#9a6700}
            .b-EXPECTED{background:#bf8700}h3{margin:1.1em 0 .3em;font-size:1.05em}
            table.summary{margin:.6em 0 1em}table.summary th,table.summary td{border:1px solid #d0d7de;
              padding:.2em .8em;text-align:right}table.summary th:first-child{text-align:left}
            .level{font-size:.8em;font-weight:600;color:#57606a;margin-right:.4em}
            .msg{font-weight:600;margin:.4em 0}.req{color:#57606a;border-left:3px solid #d0d7de;padding-left:.6em}
            pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:12px;white-space:pre-wrap;word-break:break-all}
            table{border-collapse:collapse}td{padding:.1em .8em .1em 0;vertical-align:top;font-size:.9em}
            """;

    public static String html(ConformanceReport report) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.append("<title>OCI conformance: ")
                .append(html(report.url().toString()))
                .append("</title>");
        h.append("<style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>OCI Distribution Spec conformance</h1>\n");
        h.append("<p class=\"meta\">")
                .append(html(report.url().toString()))
                .append(" — ")
                .append(DateTimeFormatter.ISO_INSTANT.format(
                        report.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                .append(" — run ")
                .append(html(report.runId()))
                .append(" — ")
                .append(report.wallTime().toMillis())
                .append(" ms</p>\n");
        h.append("<p class=\"counts\"><span class=\"pass\">")
                .append(report.passed())
                .append(" passed</span><span class=\"fail\">")
                .append(report.failed())
                .append(" failed</span><span class=\"skip\">")
                .append(report.skipped())
                .append(" skipped</span></p>\n");
        summaryTable(h, report);
        expectations(h, report);
        if (!report.warnings().isEmpty()) {
            h.append("<h2>Warnings from the registry</h2>\n<ul>");
            report.warnings()
                    .forEach(w -> h.append("<li><code>").append(html(w)).append("</code></li>"));
            h.append("</ul>\n");
        }
        h.append("<details><summary>Settings</summary><table>");
        report.settings()
                .redacted()
                .forEach((k, v) -> h.append("<tr><td><code>")
                        .append(html(k))
                        .append("</code></td><td>")
                        .append(html(v))
                        .append("</td><td class=\"meta\">")
                        .append(html(report.settings().source(k)))
                        .append("</td></tr>"));
        h.append("</table></details>\n");
        for (Workflow w : Workflow.values()) {
            List<CheckResult> results = report.results(w);
            if (results.isEmpty()) {
                continue;
            }
            h.append("<h2>").append(html(w.title())).append(counts(results)).append("</h2>\n");
            Map<String, List<CheckResult>> sections =
                    new TreeMap<>(Comparator.comparingInt(ConformanceCheck.SECTIONS::indexOf));
            results.forEach(r -> sections.computeIfAbsent(r.check().section(), k -> new ArrayList<>())
                    .add(r));
            sections.forEach((section, in) -> {
                h.append("<h3>").append(html(section)).append(counts(in)).append("</h3>\n");
                in.forEach(r -> h.append(check(report, r)));
            });
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String counts(List<CheckResult> results) {
        return " <small class=\"meta\">" + count(results, CheckResult.Status.PASSED) + " passed, "
                + count(results, CheckResult.Status.FAILED) + " failed, " + count(results, CheckResult.Status.SKIPPED)
                + " skipped</small>";
    }

    /** Levels × outcomes, with the totals. */
    private static void summaryTable(StringBuilder h, ConformanceReport report) {
        h.append("<table class=\"summary\"><thead><tr><th>level</th><th>passed</th><th>failed</th>")
                .append("<th>skipped</th><th>total</th></tr></thead><tbody>\n");
        for (Level level : Level.values()) {
            row(h, level.name(), report, report.results(level));
        }
        row(h, "all", report, report.results());
        h.append("</tbody></table>\n");
    }

    private static void row(StringBuilder h, String label, ConformanceReport report, List<CheckResult> results) {
        long known = results.stream().filter(report::isExpectedFailure).count();
        long failed = count(results, CheckResult.Status.FAILED);
        h.append("<tr><th>")
                .append(label)
                .append("</th><td class=\"pass\">")
                .append(count(results, CheckResult.Status.PASSED))
                .append("</td><td class=\"fail\">")
                .append(failed)
                .append(known > 0 ? " <small>(" + known + " expected)</small>" : "")
                .append("</td><td class=\"skip\">")
                .append(count(results, CheckResult.Status.SKIPPED))
                .append("</td><td>")
                .append(results.size())
                .append("</td></tr>\n");
    }

    private static void expectations(StringBuilder h, ConformanceReport report) {
        if (report.expectedFailures().file().isEmpty()
                && report.expectedFailures().isEmpty()) {
            return;
        }
        h.append("<h2>Expected failures</h2>\n<p>")
                .append(report.expectedFailures().ids().size())
                .append(" listed")
                .append(report.expectedFailures()
                        .file()
                        .map(f -> " in <code>" + html(f.toString()) + "</code>")
                        .orElse(""))
                .append(": ")
                .append(report.knownFailures().size())
                .append(" failed as expected.</p>\n");
        idList(
                h,
                "New failures",
                report.newFailures().stream().map(r -> r.check().id()).toList(),
                "fail");
        idList(
                h,
                "Now passing (remove them from the list)",
                report.newlyPassing().stream().map(r -> r.check().id()).toList(),
                "pass");
        idList(h, "Listed ids that name no check", report.unknownExpectedIds(), "skip");
    }

    private static void idList(StringBuilder h, String title, List<String> ids, String css) {
        if (ids.isEmpty()) {
            return;
        }
        h.append("<p class=\"")
                .append(css)
                .append("\">")
                .append(html(title))
                .append(" (")
                .append(ids.size())
                .append("): ");
        h.append(ids.stream().map(id -> "<code>" + html(id) + "</code>").collect(Collectors.joining(", ")));
        h.append("</p>\n");
    }

    private static String check(ConformanceReport report, CheckResult r) {
        StringBuilder h = new StringBuilder();
        boolean known = report.isExpectedFailure(r);
        boolean listed = report.expectedFailures().contains(r.check().id());
        String css = known ? "EXPECTED" : r.status().name();
        String label = switch (r.status()) {
            case PASSED -> listed ? "PASS!" : "PASS";
            case FAILED -> known ? "XFAIL" : "FAIL";
            case SKIPPED -> "SKIP";
        };
        h.append("<details class=\"")
                .append(css)
                .append("\"")
                .append(css.equals("FAILED") ? " open" : "")
                .append("><summary><span class=\"badge b-")
                .append(css)
                .append("\">")
                .append(label)
                .append("</span><span class=\"level\">")
                .append(r.check().level())
                .append(" ")
                .append(html(r.check().endpoint()))
                .append("</span>")
                .append(html(r.check().title()))
                .append(" <code>")
                .append(html(r.check().id()))
                .append("</code>");
        if (r.status() == CheckResult.Status.SKIPPED) {
            h.append(" <span class=\"skip\">— ").append(html(r.message())).append("</span>");
        }
        if (known) {
            h.append(" <span class=\"skip\">— expected failure</span>");
        } else if (listed && r.status() == CheckResult.Status.PASSED) {
            h.append(" <span class=\"pass\">— listed as an expected failure, but passed</span>");
        }
        h.append("</summary>\n");
        if (!r.message().isEmpty() && r.status() != CheckResult.Status.SKIPPED) {
            h.append("<p class=\"msg ")
                    .append(r.status() == CheckResult.Status.FAILED ? "fail" : "")
                    .append("\">")
                    .append(html(r.message()))
                    .append("</p>\n");
        }
        h.append("<p class=\"req\">").append(html(r.check().requirement())).append("</p>\n");
        if (!r.transcript().isEmpty()) {
            h.append("<pre>");
            if (r.status() == CheckResult.Status.FAILED) {
                for (HttpExchange e : r.transcript()) {
                    h.append(html(e.format())).append('\n');
                }
            } else {
                for (HttpExchange e : r.transcript()) {
                    h.append(html(e.summary())).append('\n');
                }
            }
            h.append("</pre>\n");
        }
        h.append("</details>\n");
        return h.toString();
    }

    private static String html(String s) {
        return escape(s, true).replace("&#10;", "\n").replace("&#13;", "").replace("&#9;", "\t");
    }
}
