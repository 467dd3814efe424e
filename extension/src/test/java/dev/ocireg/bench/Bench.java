package dev.ocireg.bench;

import dev.ocireg.client.RegistryClient;
import dev.ocireg.spec.MediaTypes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The one bench command behind the README's Performance section:
 *
 * <pre>./mvnw -q -pl extension -am package -DskipTests exec:exec@bench</pre>
 *
 * It prints markdown: ocireg against CNCF distribution from outside ({@link CompareBench}), the memory a 1 GiB blob
 * needs, the first start against a bare Jetty, and how request times grow with content. {@code
 * -Dbench.sections=compare,start,scaling} picks sections (all by default), {@code -Dbench.rounds=N} the rounds. A command, not a test: figures are printed, never asserted. Run it on an otherwise idle machine.
 */
public final class Bench {
    private static final List<String> ALL = List.of("compare", "start", "scaling");

    public static void main(String[] args) throws Exception {
        List<String> sections = new ArrayList<>();
        for (String arg : args) {
            for (String section : arg.split(",")) {
                if (section.equals("all")) {
                    sections.addAll(ALL);
                } else if (!section.isBlank()) {
                    sections.add(section.trim());
                }
            }
        }
        if (sections.isEmpty()) {
            sections.addAll(ALL);
        }
        System.out.printf(
                "## ocireg bench — java %s, %d cores, %s%n%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                capture("uname", "-srm").trim());
        for (String section : sections) {
            switch (section) {
                case "compare" -> CompareBench.run(System.out, Integer.getInteger("bench.rounds", 3));
                case "start" -> StartBench.run(System.out);
                case "scaling" -> ScalingBench.run(System.out);
                default -> throw new IllegalArgumentException("unknown section " + section + "; choose from " + ALL);
            }
            System.out.println();
        }
    }

    /** The standalone jar this build made ({@code -Docireg.jar=…}, set by the exec execution). */
    static Path standaloneJar() {
        String configured = System.getProperty("ocireg.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target/ocireg-junit-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the bench with the package phase, as in"
                    + " ./mvnw -q -pl extension -am package -DskipTests exec:exec@bench");
        }
        return jar.toAbsolutePath();
    }

    /** The java command of this JVM. */
    static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String capture(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static void awaitUp(HttpClient http, URI base, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(base.resolve("/v2/"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no registry answers at " + base);
    }

    /** Pushes a small image tagged {@code tag} with ocireg's own client; returns the manifest's media type. */
    static String pushSmallImage(URI base, String repository, String tag) {
        try (RegistryClient client = RegistryClient.create(base)) {
            client.pushImage(
                    repository,
                    tag,
                    "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8),
                    List.of("layer".getBytes(StandardCharsets.UTF_8)));
        }
        return MediaTypes.OCI_MANIFEST;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** "median (min–max)" of a series, or "—". */
    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "—";
        }
        double min = values.stream().mapToDouble(d -> d).min().orElseThrow();
        double max = values.stream().mapToDouble(d -> d).max().orElseThrow();
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median(values), min, max);
    }

    private Bench() {}
}
