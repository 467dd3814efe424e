package dev.ocireg.bench;

import dev.ocireg.RegistryServer;
import dev.ocireg.internal.io.FileTrees;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How long a test waits for a registry, next to a bare Jetty 12 hello world measured the same way in the same run:
 *
 * <ol>
 *   <li><b>First start.</b> Fresh JVMs (the {@code java} and JVM flags of this one) take turns: {@link JettyHello} on
 *       the Jetty and SLF4J jars a Jetty user has; the same source compiled against the Jetty relocated inside
 *       ocireg's jar and run on that jar, with the one Jetty setting ocireg makes before Jetty loads
 *       ({@code referencesPerCacheLine}, which spares Jetty ~150 ms of JMX): jar count and size and Jetty's own work
 *       are then the registry's, so what remains between these two is what ocireg adds; and {@link FirstRegistry}, {@code
 *       RegistryServer.builder().build().start()} on the published jar ({@code target/ocireg-junit-VERSION.jar}, as
 *       users get it). Each answers one {@code GET /v2/} over a plain socket ({@link StartProbe}); measured are the
 *       wall time from just before the parent launches the JVM to the 200, and inside the JVM from entering {@code
 *       main} (before anything of the server is touched) to the 200.
 *   <li><b>First push.</b> Fresh JVMs run {@link FirstPush} (start a registry, make a client, push a small image), with
 *       the warm-up on and off in alternate launches.
 *   <li><b>Each further registry</b>, in this JVM: start, answered {@code GET /v2/}, closed.
 *   <li><b>Reset</b> of a registry holding an image (config, two layers, manifest, tag), in this JVM.
 * </ol>
 *
 * <pre>./mvnw -q -pl extension -am package -DskipTests exec:exec@start      # 10 launches of each
 * ./mvnw -q -pl extension -am package -DskipTests exec:exec@start -Dstart.runs=20</pre>
 *
 * <p>{@code -Dstart.baselineJar=PATH} adds another build of the jar (of the main branch, say) as one more contender.
 * {@code package} makes the jar; with {@code test-compile} only, a missing or older jar is replaced by {@code
 * target/classes} and the libraries' own jars, and the output says so. A command, not a test: times are printed,
 * never asserted. Machines shared with other builds are noisy: compare the ratios of one run, and repeat.
 */
public final class StartBench {

    /** Launches of each contender, after one launch of each that is not counted. */
    public static final int DEFAULT_RUNS = 10;

    private static final String JETTY = "org.eclipse.jetty";
    private static final String SHADED_JETTY = "dev.ocireg.shaded.jetty";

    /** {@code args[0]}: launches of each contender (else {@code -Dstart.runs}, else {@link #DEFAULT_RUNS}). */
    public static void main(String[] args) {
        if (args.length > 0) {
            run(System.out, Integer.parseInt(args[0]));
        } else {
            run(System.out);
        }
    }

    /**
     * Prints the three measurements as markdown tables, with {@code -Dstart.runs} (default {@link #DEFAULT_RUNS})
     * launches of each contender.
     */
    public static void run(PrintStream out) {
        run(out, Integer.getInteger("start.runs", DEFAULT_RUNS));
    }

    /** Prints the three measurements as markdown tables, with {@code runs} launches of each contender. */
    public static void run(PrintStream out, int runs) {
        out.printf(
                Locale.ROOT,
                "java %s (%s), %d cores, load average %.2f%n",
                System.getProperty("java.version"),
                Bench.java(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            if (runs > 0) { // 0: only the in-process figures
                firstStart(out, runs);
                out.println();
                firstPush(out, runs);
                out.println();
            }
            furtherRegistries(out);
            out.println();
            reset(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        out.printf(
                Locale.ROOT,
                "load average at the end %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    // ------------------------------------------------------------------ first start, fresh JVMs

    private record Contender(String name, List<String> flags, List<Path> classPath, String mainClass) {}

    /** One launch of a contender, measured. */
    private interface Launch<T> {
        T run(Contender c) throws IOException, InterruptedException;
    }

    /**
     * {@code runs} measured launches of each contender, alternating and rotating who goes first, after one launch of
     * each that is not counted (the first launch after a build meets cold file caches). Per contender, in order.
     */
    private static <T> List<List<T>> alternate(List<Contender> contenders, int runs, Launch<T> launch)
            throws IOException, InterruptedException {
        List<List<T>> samples = new ArrayList<>();
        for (Contender c : contenders) {
            launch.run(c);
            samples.add(new ArrayList<>());
        }
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < contenders.size(); k++) {
                int i = (round + k) % contenders.size();
                samples.get(i).add(launch.run(contenders.get(i)));
            }
        }
        return samples;
    }

    /** The command that runs a contender in a fresh JVM with this JVM's flags, then the contender's. */
    private static List<String> command(Contender c, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Bench.java());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(c.flags());
        command.add("-cp");
        command.add(c.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(c.mainClass());
        command.addAll(List.of(args));
        return command;
    }

    private record Sample(double launchToAnswerMs, double mainToAnswerMs, double mainToStartedMs, long classes) {}

    private static void firstStart(PrintStream out, int runs) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("ocireg-startbench");
        try {
            List<Contender> contenders = contenders(out, work);
            List<List<Sample>> samples = alternate(contenders, runs, StartBench::launch);
            out.printf(
                    Locale.ROOT,
                    "%n### First start in a fresh JVM (%d launches each, alternating; min / median / max)%n%n",
                    runs);
            out.println("| contender | JVM launch → 200 (ms) | in the JVM: main → 200 (ms) | of which main → started"
                    + " (ms) | classes loaded |");
            out.println("|---|---|---|---|---|");
            for (int i = 0; i < contenders.size(); i++) {
                List<Sample> s = samples.get(i);
                out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s |%n",
                        contenders.get(i).name(),
                        stats(s.stream().mapToDouble(Sample::launchToAnswerMs).toArray(), "%.0f"),
                        stats(s.stream().mapToDouble(Sample::mainToAnswerMs).toArray(), "%.0f"),
                        stats(s.stream().mapToDouble(Sample::mainToStartedMs).toArray(), "%.0f"),
                        stats(s.stream().mapToDouble(Sample::classes).toArray(), "%.0f"));
            }
            List<Sample> registry = samples.get(samples.size() - 1);
            for (int i = 0; i < contenders.size() - 1; i++) {
                List<Sample> jetty = samples.get(i);
                out.printf(
                        Locale.ROOT,
                        "%nratio of medians, registry / %s: JVM launch → 200 %.2f×, in the JVM %.2f×",
                        contenders.get(i).name(),
                        median(registry, Sample::launchToAnswerMs) / median(jetty, Sample::launchToAnswerMs),
                        median(registry, Sample::mainToAnswerMs) / median(jetty, Sample::mainToAnswerMs));
            }
            out.println();
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    // ------------------------------------------------------------------ first push, fresh JVMs

    /**
     * What a test in a fresh JVM waits for before its first image is in the registry: start, client, push of a small
     * image ({@link FirstPush}), with the warm-up on and off ({@code -Docireg.warmUp=false}) in alternate launches.
     */
    private static void firstPush(PrintStream out, int runs) throws IOException, InterruptedException {
        Optional<Path> jar = publishedJar(targetDirectory());
        if (jar.isEmpty()) {
            out.println("(first push: needs the published jar; run the package phase first)");
            return;
        }
        Path work = Files.createTempDirectory("ocireg-firstpush");
        try {
            Path classes = copyClasses(work, "FirstPush");
            String main = "dev.ocireg.bench.FirstPush";
            List<Contender> contenders = new ArrayList<>(List.of(
                    new Contender("on (default)", List.of("-Docireg.warmUp=true"), List.of(classes, jar.get()), main),
                    new Contender(
                            "off (`-Docireg.warmUp=false`)",
                            List.of("-Docireg.warmUp=false"),
                            List.of(classes, jar.get()),
                            main)));
            String baseline = System.getProperty("start.baselineJar", "");
            if (!baseline.isBlank()) {
                contenders.add(new Contender(
                        "baseline " + baseline,
                        List.of("-Docireg.warmUp=true"),
                        List.of(classes, Path.of(baseline)),
                        main));
            }
            List<List<double[]>> samples = alternate(contenders, runs, StartBench::pushOnce);
            out.printf(
                    Locale.ROOT,
                    "%n### First push in a fresh JVM: start, client, a small image (config, 1 MiB layer, manifest);"
                            + " %d launches each, alternating; min / median / max%n%n",
                    runs);
            out.println("| warm-up | registry started (ms) | client made (ms) | image pushed (ms) | all three (ms) |");
            out.println("|---|---|---|---|---|");
            for (int i = 0; i < contenders.size(); i++) {
                List<double[]> s = samples.get(i);
                out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s |%n",
                        contenders.get(i).name(),
                        stats(s.stream().mapToDouble(v -> v[0]).toArray(), "%.0f"),
                        stats(s.stream().mapToDouble(v -> v[1]).toArray(), "%.0f"),
                        stats(s.stream().mapToDouble(v -> v[2]).toArray(), "%.0f"),
                        stats(s.stream().mapToDouble(v -> v[0] + v[1] + v[2]).toArray(), "%.0f"));
            }
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    /** One fresh JVM running {@link FirstPush}: start, client and push times in ms. */
    private static double[] pushOnce(Contender c) throws IOException, InterruptedException {
        String[] f = reportLine(command(c), FirstPush.PREFIX, c.name());
        return new double[] {Long.parseLong(f[1]) / 1e6, Long.parseLong(f[2]) / 1e6, Long.parseLong(f[3]) / 1e6};
    }

    /** Runs a child JVM and returns the fields of its output line that starts with {@code prefix}. */
    private static String[] reportLine(List<String> command, String prefix, String what)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix + " ")) {
                return line.trim().split(" ");
            }
        }
        throw new IllegalStateException(
                what + " failed (exit " + process.exitValue() + "): " + command + "\n" + output);
    }

    private static List<Contender> contenders(PrintStream out, Path work) throws IOException {
        Path probe = copyClasses(work.resolve("probe"), "StartProbe");
        Path jettyHello = copyClasses(work.resolve("jetty"), "JettyHello", "JettyHello$Hello");
        Path firstRegistry = copyClasses(work.resolve("registry"), "FirstRegistry");
        List<Path> testClassPath = Stream.of(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .collect(Collectors.toList());
        List<Path> jettyJars = jars(testClassPath, "jetty-server-", "jetty-http-", "jetty-io-", "jetty-util-");
        jettyJars.addAll(jars(testClassPath, "slf4j-api-"));

        List<Contender> contenders = new ArrayList<>();
        contenders.add(new Contender(
                "Jetty hello, bare (" + jettyJars.size() + " jars)",
                List.of(),
                concat(List.of(jettyHello, probe), jettyJars),
                "dev.ocireg.bench.JettyHello"));

        Path target = targetDirectory();
        Optional<Path> jar = publishedJar(target);
        List<Path> registryPath;
        String registryName;
        if (jar.isPresent()) {
            registryPath = List.of(jar.get());
            registryName = "ocireg, first registry (" + jar.get().getFileName() + ", " + Files.size(jar.get()) / 1024
                    + " KiB)";
            Optional<Path> shadedHello = compileAgainstShadedJetty(work.resolve("jetty-shaded"), jar.get(), probe);
            if (shadedHello.isPresent()) {
                contenders.add(new Contender(
                        "Jetty hello on ocireg's jar (relocated Jetty, ocireg's Jetty tuning)",
                        // What RegistryServer sets in its static initialiser, under the relocated name Jetty reads.
                        List.of("-D" + SHADED_JETTY + ".util.referencesPerCacheLine=16"),
                        List.of(shadedHello.get(), probe, jar.get()),
                        "dev.ocireg.bench.JettyHello"));
            } else {
                out.println("(no Java compiler or no JettyHello.java source here: the Jetty hello on ocireg's jar is"
                        + " left out)");
            }
        } else {
            registryPath = new ArrayList<>();
            registryPath.add(target.resolve("classes"));
            // The library's run-time dependencies (what the jar relocates, and what its POM keeps), not the tests'.
            for (Path entry : testClassPath) {
                String name = entry.getFileName().toString();
                boolean jackson3 =
                        entry.toString().replace(File.separatorChar, '/').contains("/tools/jackson/")
                                || name.startsWith("jackson-annotations-");
                if (name.endsWith(".jar")
                        && (jackson3
                                || Stream.of(
                                                "jetty-server-",
                                                "jetty-http-",
                                                "jetty-io-",
                                                "jetty-util-",
                                                "slf4j-api-",
                                                "jimfs-",
                                                "guava-",
                                                "failureaccess-",
                                                "jbcrypt-",
                                                "junit-jupiter-api-",
                                                "junit-platform-commons-",
                                                "opentest4j-",
                                                "apiguardian-api-")
                                        .anyMatch(name::startsWith))) {
                    registryPath.add(entry);
                }
            }
            registryName = "ocireg, first registry (target/classes + " + (registryPath.size() - 1)
                    + " library jars: NOT the published jar)";
            out.println("No up-to-date " + target.resolve("ocireg-junit-VERSION.jar")
                    + " (run `package` first): the registry runs from target/classes and the libraries' unshaded"
                    + " jars instead.");
        }
        String baseline = System.getProperty("start.baselineJar", "");
        if (!baseline.isBlank()) {
            Path other = Path.of(baseline);
            contenders.add(new Contender(
                    "ocireg, first registry, baseline " + other + " (" + Files.size(other) / 1024 + " KiB)",
                    List.of(),
                    List.of(firstRegistry, probe, other),
                    "dev.ocireg.bench.FirstRegistry"));
        }
        if (jar.isPresent()) {
            classDataArchive(work, jar.get()).ifPresent(contenders::add);
        }
        contenders.add(new Contender(
                registryName,
                List.of(),
                concat(List.of(firstRegistry, probe), registryPath),
                "dev.ocireg.bench.FirstRegistry"));
        return contenders;
    }

    /**
     * The first registry again, with a class-data archive of what one run loaded (AppCDS: {@code
     * -XX:ArchiveClassesAtExit} once, then {@code -XX:SharedArchiveFile}), as the README suggests for the standalone
     * jar. Java 17 archives only class paths of jars, so the harness's classes go into one.
     */
    private static Optional<Contender> classDataArchive(Path work, Path jar) throws IOException {
        Path harness = work.resolve("harness.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(harness))) {
            for (String name : List.of("FirstRegistry", "StartProbe")) {
                out.putNextEntry(new JarEntry("dev/ocireg/bench/" + name + ".class"));
                try (InputStream in = harnessClass(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Path archive = work.resolve("ocireg.jsa");
        List<Path> classPath = List.of(harness, jar);
        try {
            launch(new Contender(
                    "archive",
                    List.of("-XX:ArchiveClassesAtExit=" + archive),
                    classPath,
                    "dev.ocireg.bench.FirstRegistry"));
        } catch (IllegalStateException | InterruptedException e) {
            return Optional.empty();
        }
        return Files.isRegularFile(archive)
                ? Optional.of(new Contender(
                        "ocireg, first registry, with a class-data archive (`-XX:SharedArchiveFile`)",
                        List.of("-XX:SharedArchiveFile=" + archive),
                        classPath,
                        "dev.ocireg.bench.FirstRegistry"))
                : Optional.empty();
    }

    private static Sample launch(Contender c) throws IOException, InterruptedException {
        String[] f = reportLine(command(c, Long.toString(System.currentTimeMillis())), StartProbe.PREFIX, c.name());
        return new Sample(
                Long.parseLong(f[1]), Long.parseLong(f[2]) / 1e6, Long.parseLong(f[3]) / 1e6, Long.parseLong(f[4]));
    }

    /** The harness's own class files, copied to a directory of their own for a child's class path. */
    private static Path copyClasses(Path dir, String... simpleNames) throws IOException {
        Path packageDir = dir.resolve("dev/ocireg/bench");
        Files.createDirectories(packageDir);
        for (String name : simpleNames) {
            try (InputStream in = harnessClass(name)) {
                Files.copy(in, packageDir.resolve(name + ".class"));
            }
        }
        return dir;
    }

    /** The class file of one of the harness's classes (package {@code dev.ocireg.bench}). */
    private static InputStream harnessClass(String simpleName) {
        InputStream in = StartBench.class.getResourceAsStream(simpleName + ".class");
        if (in == null) {
            throw new IllegalStateException("no " + simpleName + ".class next to StartBench");
        }
        return in;
    }

    /**
     * {@code JettyHello.java} with {@code org.eclipse.jetty} replaced by ocireg's relocated package, compiled against
     * the jar; empty without a compiler or the source (run from the project or the extension module).
     */
    private static Optional<Path> compileAgainstShadedJetty(Path dir, Path jar, Path probe) throws IOException {
        Optional<ToolProvider> javac = ToolProvider.findFirst("javac");
        Path source = Stream.of(System.getProperty("start.sources", "src/test/java"), "extension/src/test/java")
                .map(p -> Path.of(p, "dev/ocireg/bench/JettyHello.java"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
        if (javac.isEmpty() || source == null) {
            return Optional.empty();
        }
        Path sources = dir.resolve("src/dev/ocireg/bench");
        Files.createDirectories(sources);
        Path shaded = sources.resolve("JettyHello.java");
        Files.writeString(shaded, Files.readString(source).replace(JETTY, SHADED_JETTY));
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        int status = javac.get()
                .run(
                        System.out,
                        System.err,
                        "-nowarn",
                        "-proc:none",
                        "-cp",
                        jar + File.pathSeparator + probe,
                        "-d",
                        classes.toString(),
                        shaded.toString());
        if (status != 0) {
            throw new IllegalStateException("cannot compile " + shaded + " against " + jar);
        }
        Files.deleteIfExists(classes.resolve("dev/ocireg/bench/StartProbe.class"));
        return Optional.of(classes);
    }

    /** {@code target/} of the extension module: {@code -Dstart.target}, else from the module's or project's directory. */
    private static Path targetDirectory() {
        if (System.getProperty("start.target") != null) {
            return Path.of(System.getProperty("start.target"));
        }
        Path module = Path.of("target");
        return Files.isDirectory(module.resolve("classes/dev/ocireg")) ? module : Path.of("extension", "target");
    }

    /** The shaded jar {@code package} made, when it is newer than every compiled class. */
    private static Optional<Path> publishedJar(Path target) throws IOException {
        Path override = System.getProperty("ocireg.jar") == null ? null : Path.of(System.getProperty("ocireg.jar"));
        if (override != null) {
            return Optional.of(override);
        }
        Optional<Path> jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("ocireg-junit-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar")
                                && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-tests.jar");
                    })
                    .findFirst();
        }
        if (jar.isEmpty()) {
            return jar;
        }
        long built = Files.getLastModifiedTime(jar.get()).toMillis();
        try (Stream<Path> classes = Files.walk(target.resolve("classes"))) {
            boolean stale = classes.filter(Files::isRegularFile).anyMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() > built;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return stale ? Optional.empty() : jar;
        }
    }

    private static List<Path> jars(List<Path> classPath, String... prefixes) {
        List<Path> found = new ArrayList<>();
        for (String prefix : prefixes) {
            found.add(classPath.stream()
                    .filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar on the class path")));
        }
        return found;
    }

    // ------------------------------------------------------------------ further registries and reset, this JVM

    private static final int ROUNDS = 5;

    private static void furtherRegistries(PrintStream out) throws IOException {
        for (int i = 0; i < 300; i++) {
            startAnswerClose(new long[3]);
        }
        int perRound = 200;
        double[] totals = new double[ROUNDS];
        long[] phases = new long[3];
        for (int r = 0; r < ROUNDS; r++) {
            long begin = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                startAnswerClose(phases);
            }
            totals[r] = (System.nanoTime() - begin) / 1e6 / perRound;
        }
        double n = ROUNDS * perRound;
        out.printf(
                Locale.ROOT,
                "### Each further registry, this JVM (after 300 not counted; %d rounds of %d)%n%n",
                ROUNDS,
                perRound);
        out.println("| what | mean per registry, min / median / max of rounds | of which: start / GET /v2/ answered /"
                + " close (means) |");
        out.println("|---|---|---|");
        out.printf(
                Locale.ROOT,
                "| start → answered → closed | %s ms | %.2f / %.2f / %.2f ms |%n",
                stats(totals, "%.2f"),
                phases[0] / 1e6 / n,
                phases[1] / 1e6 / n,
                phases[2] / 1e6 / n);
    }

    private static void startAnswerClose(long[] phases) throws IOException {
        long t0 = System.nanoTime();
        RegistryServer registry = RegistryServer.builder().build().start();
        long t1 = System.nanoTime();
        String status;
        try {
            status = StartProbe.statusLine(registry.port());
        } finally {
            long t2 = System.nanoTime();
            registry.close();
            long t3 = System.nanoTime();
            phases[0] += t1 - t0;
            phases[1] += t2 - t1;
            phases[2] += t3 - t2;
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("GET /v2/ answered " + status);
        }
    }

    private static void reset(PrintStream out) throws IOException {
        int perRound = 1000;
        double[] means = new double[ROUNDS];
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            for (int i = 0; i < 1000; i++) {
                fillWithAnImage(registry.storage());
                registry.reset();
            }
            for (int r = 0; r < ROUNDS; r++) {
                long nanos = 0;
                for (int i = 0; i < perRound; i++) {
                    fillWithAnImage(registry.storage());
                    long begin = System.nanoTime();
                    registry.reset();
                    nanos += System.nanoTime() - begin;
                }
                means[r] = nanos / 1e3 / perRound;
            }
            if (!registry.storage().repositories().isEmpty()) {
                throw new IllegalStateException(
                        "reset left " + registry.storage().repositories());
            }
        }
        out.printf(
                Locale.ROOT,
                "### Reset of a registry holding an image, this JVM (config, 2 layers, manifest, tag; %d rounds of %d)"
                        + "%n%n",
                ROUNDS,
                perRound);
        out.println("| what | mean per reset, min / median / max of rounds |");
        out.println("|---|---|");
        out.printf(Locale.ROOT, "| reset() | %s µs |%n", stats(means, "%.1f"));
    }

    private static final RepositoryName IMAGE = RepositoryName.parse("bench/app");
    private static final byte[] CONFIG =
            "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAYER_1 = "layer one".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAYER_2 = "layer two".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                    + "\",\"config\":" + descriptor(MediaTypes.OCI_CONFIG, CONFIG) + ",\"layers\":["
                    + descriptor(MediaTypes.OCI_LAYER_TAR, LAYER_1) + ","
                    + descriptor(MediaTypes.OCI_LAYER_TAR, LAYER_2)
                    + "]}")
            .getBytes(StandardCharsets.UTF_8);

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(content) + "\",\"size\":"
                + content.length + "}";
    }

    private static void fillWithAnImage(Storage storage) throws IOException {
        for (byte[] blob : List.of(CONFIG, LAYER_1, LAYER_2)) {
            String upload = storage.startUpload(IMAGE, "sha256");
            storage.appendUpload(IMAGE, upload, 0, new ByteArrayInputStream(blob), Long.MAX_VALUE);
            storage.completeUpload(IMAGE, upload, Digest.sha256(blob));
        }
        storage.putManifest(
                IMAGE,
                new Storage.StoredManifest(Digest.sha256(MANIFEST), MediaTypes.OCI_MANIFEST, MANIFEST),
                List.of("1.0"),
                Optional.empty());
    }

    // ------------------------------------------------------------------ arithmetic

    private static String stats(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format, sorted[0])
                + " / " + String.format(Locale.ROOT, format, median(sorted))
                + " / " + String.format(Locale.ROOT, format, sorted[sorted.length - 1]);
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        return median(sorted);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private StartBench() {}
}
