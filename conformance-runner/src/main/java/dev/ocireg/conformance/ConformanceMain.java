package dev.ocireg.conformance;

import dev.ocireg.RegistryServer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The command line: runs the suite, writes {@code junit.xml}, {@code results.json} and {@code report.html}, prints
 * {@code N passed, M failed, K skipped}, and exits with 1 when a check failed that {@code --expect-failures} does not
 * list.
 *
 * <pre>
 * java -jar ocireg-conformance-VERSION-standalone.jar --url http://localhost:5000 --out results
 * </pre>
 */
public final class ConformanceMain {

    static final String USAGE = """
            usage: java -jar ocireg-conformance-<version>-standalone.jar [options]

            Runs the OCI Distribution Spec conformance checks against a registry, writes junit.xml, results.json and
            report.html, and prints "N passed, M failed, K skipped". Exit status 0 when no check failed (or only
            checks listed by --expect-failures), 1 when another did, 2 for a usage error.

              --url URL               the registry, such as http://localhost:5000 (default: OCI_REGISTRY, OCI_TLS)
              --out DIR               where the reports go (default: OCI_RESULTS_DIR, ./results)
              --config FILE           an oci-conformance.yaml (default: OCI_CONFIGURATION, ./oci-conformance.yaml)
              --expect-failures FILE  ids of checks that may fail, one a line (default: OCI_EXPECTED_FAILURES);
                                      new failures and checks that pass again are listed
              --update-expected       write this run's failures to the --expect-failures file (created if
                                      missing) and exit 0
              --embedded              test a fresh in-process ocireg registry with every feature on, not --url
              --quiet                 print only the summary line
              --help                  this text

            Every setting of the official suite is read from the environment (and from -D system properties):
            OCI_REGISTRY, OCI_TLS, OCI_REPO1, OCI_REPO2, OCI_USERNAME, OCI_PASSWORD, OCI_VERSION, OCI_API_*,
            OCI_DATA_*, OCI_RO_DATA_*, OCI_FILTER_TEST, and the legacy OCI_ROOT_URL, OCI_NAMESPACE,
            OCI_CROSSMOUNT_NAMESPACE, OCI_TEST_PULL/PUSH/CONTENT_DISCOVERY/CONTENT_MANAGEMENT. Ours:
            OCI_USERNAME2/OCI_PASSWORD2 (a user without push rights, for DENIED), OCI_CONCURRENCY (checks at a
            time, default 4), OCI_EXPECTED_FAILURES, OCI_UPDATE_EXPECTED.
            """;

    private ConformanceMain() {}

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        System.exit(status);
    }

    /** Runs the command line with these arguments and environment; returns the exit status. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        URI url = null;
        Path outDir = null;
        Path config = null;
        Path expectFailures = null;
        boolean updateExpected = false;
        boolean embedded = false;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            try {
                switch (arg) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--url" -> url = URI.create(value(args, ++i, arg));
                    case "--out" -> outDir = Path.of(value(args, ++i, arg));
                    case "--config" -> config = Path.of(value(args, ++i, arg));
                    case "--expect-failures" -> expectFailures = Path.of(value(args, ++i, arg));
                    case "--update-expected" -> updateExpected = true;
                    case "--embedded" -> embedded = true;
                    case "--quiet" -> quiet = true;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            } catch (IllegalArgumentException e) {
                err.println("ocireg-conformance: " + e.getMessage());
                err.println("try --help");
                return 2;
            }
        }
        if (embedded && url != null) {
            err.println("ocireg-conformance: --embedded and --url exclude each other");
            return 2;
        }
        ConformanceSettings.Builder builder;
        try {
            builder = ConformanceSettings.from(environment, systemProperties(), config);
            if (url != null) {
                builder.url(url);
            }
            if (expectFailures != null) {
                builder.set("OCI_EXPECTED_FAILURES", expectFailures.toString());
            }
            if (updateExpected) {
                builder.set("OCI_UPDATE_EXPECTED", "true");
            }
        } catch (RuntimeException e) {
            err.println("ocireg-conformance: " + e.getMessage());
            return 2;
        }
        RegistryServer server = null;
        try {
            if (embedded) {
                System.setProperty("org.eclipse.jetty.LEVEL", System.getProperty("org.eclipse.jetty.LEVEL", "WARN"));
                server = embeddedRegistry().start();
                strict(builder, server.url());
            }
            ConformanceSettings settings;
            try {
                settings = builder.build();
            } catch (RuntimeException e) {
                err.println("ocireg-conformance: " + e.getMessage());
                return 2;
            }
            if (settings.insecureTls()) {
                // OCI_TLS=insecure: a self-signed certificate may also name another host (read once, before the
                // first HTTP client exists)
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            }
            Path results = outDir != null ? outDir : settings.resultsDir();

            if (!quiet) {
                out.println("OCI conformance of " + settings.url() + " (repositories " + settings.repo1() + ", "
                        + settings.repo2() + ")");
            }
            ConformanceReport report;
            try {
                report = ConformanceSuite.run(settings);
            } catch (IllegalArgumentException e) { // an expected failures file that is missing or malformed
                err.println("ocireg-conformance: " + e.getMessage());
                return 2;
            }
            if (!quiet) {
                for (CheckResult r : report.results()) {
                    if (r.status() == CheckResult.Status.FAILED) {
                        out.println((report.isExpectedFailure(r) ? "XFAIL " : "FAIL ")
                                + r.check().displayName() + " (" + r.check().id() + "): " + r.message());
                    }
                }
                report.warnings().forEach(w -> out.println("registry warning: " + w));
            }
            report.writeTo(results);
            out.println(report.summary());
            if (!quiet) {
                String file =
                        report.expectedFailures().file().map(Path::toString).orElse("");
                if (!report.expectedFailures().isEmpty()
                        && !report.newFailures().isEmpty()) {
                    out.println("new failures (not in " + file + "): " + ids(report.newFailures()));
                }
                if (!report.newlyPassing().isEmpty()) {
                    out.println(
                            "now passing, listed in " + file + " as expected failures: " + ids(report.newlyPassing()));
                }
                if (!report.unknownExpectedIds().isEmpty()) {
                    out.println(
                            file + " lists ids that name no check: " + String.join(", ", report.unknownExpectedIds()));
                }
                out.println("in " + report.wallTime().toMillis() + " ms (run " + report.runId() + "); reports: "
                        + results.resolve("junit.xml") + ", " + results.resolve("results.json") + ", "
                        + results.resolve("report.html"));
            }
            if (settings.updateExpected()) {
                out.println("wrote the ids of the " + report.failed() + " failed checks to "
                        + settings.expectedFailuresFile().orElseThrow());
                return 0;
            }
            return report.successful() ? 0 : 1;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The registry {@code --embedded} tests: every optional feature on, referrers paged two at a time. */
    static RegistryServer embeddedRegistry() {
        return embeddedRegistryBuilder().build();
    }

    /** The builder of {@link #embeddedRegistry()}, for a test to add to. */
    static RegistryServer.Builder embeddedRegistryBuilder() {
        return RegistryServer.builder().sparseIndexes(true).referrersPageSize(2);
    }

    /**
     * Settings that test everything ocireg implements: the unreleased features ({@code OCI_VERSION=dev}), sparse
     * indexes, and {@code Docker-Content-Digest} required.
     */
    static ConformanceSettings.Builder strict(ConformanceSettings.Builder builder, URI url) {
        return builder.url(url)
                .set("OCI_VERSION", "dev")
                .setAll(
                        true,
                        "OCI_DATA_SPARSE",
                        "OCI_API_BLOBS_DIGEST_HEADER",
                        "OCI_API_MANIFESTS_DIGEST_HEADER",
                        "OCI_API_BLOBS_UPLOAD_CANCEL",
                        "OCI_API_MANIFESTS_TAG_PARAM");
    }

    private static String ids(java.util.List<CheckResult> results) {
        return String.join(", ", results.stream().map(r -> r.check().id()).toList());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        Properties p = System.getProperties();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("OCI_")) {
                out.put(name, p.getProperty(name));
            }
        }
        return out;
    }
}
