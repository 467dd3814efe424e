package dev.ocireg.conformance.internal;

import dev.ocireg.conformance.CheckResult;
import dev.ocireg.conformance.ConformanceReport;
import dev.ocireg.conformance.HttpExchange;
import dev.ocireg.conformance.Workflow;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a report as JUnit XML and as HTML. */
public final class Reports {

    private Reports() {}

    // ================================================================== JUnit XML

    public static String junitXml(ConformanceReport report) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"OCI Distribution Spec conformance\"")
                .append(attr("tests", report.results().size()))
                .append(attr("failures", report.failed()))
                .append(attr("errors", 0))
                .append(attr("skipped", report.skipped()))
                .append(attr("time", seconds(report.wallTime())))
                .append(">\n");
        String timestamp = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                report.started().atOffset(ZoneOffset.UTC).withNano(0));
        for (Workflow w : Workflow.values()) {
            List<CheckResult> results = report.results(w);
            if (results.isEmpty()) {
                continue;
            }
            long failures = results.stream()
                    .filter(r -> r.status() == CheckResult.Status.FAILED)
                    .count();
            long skipped = results.stream()
                    .filter(r -> r.status() == CheckResult.Status.SKIPPED)
                    .count();
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
                        .append(attr("name", r.check().displayName()))
                        .append(attr("classname", "oci.conformance." + w.name().toLowerCase(Locale.ROOT)))
                        .append(attr("time", seconds(r.duration())))
                        .append(">");
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
                        if (!r.message().isEmpty()) {
                            x.append("\n      <system-out>")
                                    .append(text(r.message()))
                                    .append("</system-out>\n    ");
                        }
                    }
                }
                x.append("</testcase>\n");
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
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
            summary{cursor:pointer}summary code{color:#57606a;font-size:.85em}
            .badge{display:inline-block;min-width:3.6em;text-align:center;border-radius:4px;font-size:.8em;
              font-weight:700;color:#fff;margin-right:.5em;padding:0 .3em}
            .b-PASSED{background:#1a7f37}.b-FAILED{background:#cf222e}.b-SKIPPED{background:#9a6700}
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
            long p = results.stream()
                    .filter(r -> r.status() == CheckResult.Status.PASSED)
                    .count();
            long f = results.stream()
                    .filter(r -> r.status() == CheckResult.Status.FAILED)
                    .count();
            long s = results.size() - p - f;
            h.append("<h2>")
                    .append(html(w.title()))
                    .append(" <small class=\"meta\">")
                    .append(p)
                    .append(" passed, ")
                    .append(f)
                    .append(" failed, ")
                    .append(s)
                    .append(" skipped</small></h2>\n");
            for (CheckResult r : results) {
                h.append(check(r));
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String check(CheckResult r) {
        StringBuilder h = new StringBuilder();
        String label = switch (r.status()) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
        };
        h.append("<details class=\"")
                .append(r.status())
                .append("\"")
                .append(r.status() == CheckResult.Status.FAILED ? " open" : "")
                .append("><summary><span class=\"badge b-")
                .append(r.status())
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
