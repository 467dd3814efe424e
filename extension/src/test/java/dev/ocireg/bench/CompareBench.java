package dev.ocireg.bench;

import dev.ocireg.internal.io.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone registry against CNCF distribution (Debian's {@code docker-registry}) from outside, as a client sees
 * them: each in its own fresh process, pushed to with {@code curl} (the sum of curl's own request times, so process
 * starts do not count), manifest GETs from {@code wrk} with 16 connections. "Cold" is the first push (or the first
 * 3 s of load) into a process that has just started, "warm" the third; a fifth push is reported too. Distribution keeps its content in its
 * filesystem driver on tmpfs ({@code /dev/shm}), its fastest setting: its {@code inmemory} driver copies the whole
 * upload on every write and pushes 256 MiB at about 1.5 MiB/s.
 *
 * <p>Also: a small image (config, one layer, manifest) pushed right after the start, as a test's first push is, then a
 * second one; and the memory a 1 GiB push and pull need, with the heap limited to the blob's size plus 64 MiB.
 */
public final class CompareBench {
    private static final int MIB = 1024 * 1024;
    /** Pushes per process: 1st cold, 3rd warm, 5th hot. The 4th and 5th send the 1st and 2nd blob again. */
    private static final int PUSHES = 5;

    private static final Path DISTRIBUTION = Path.of("/usr/bin/docker-registry");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final PrintStream out;
    private final Path jar;
    private final Path work;
    private final int rounds;
    private final List<Path> blobs = new ArrayList<>();
    private final List<String> digests = new ArrayList<>();
    private final Map<String, List<Double>> figures = new LinkedHashMap<>();

    private CompareBench(PrintStream out, Path jar, Path work, int rounds) {
        this.out = out;
        this.jar = jar;
        this.work = work;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 3);
    }

    /** Runs every comparison and prints markdown tables. */
    public static void run(PrintStream out, int rounds) throws Exception {
        Path jar = Bench.standaloneJar();
        Path work = Files.createTempDirectory("ocireg-compare");
        try {
            new CompareBench(out, jar, work, rounds).all();
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    private void all() throws Exception {
        if (!Bench.onPath("curl")) {
            out.println("curl is not installed: the comparison needs it (apt-get install -y curl); skipped");
            return;
        }
        boolean wrk = Bench.onPath("wrk");
        boolean distribution = Files.isExecutable(DISTRIBUTION);
        out.printf(
                "### Against distribution%n%nocireg %s; distribution: %s; wrk: %s; %d rounds, each a fresh process"
                        + " per row%n%n",
                jar.getFileName(),
                distribution ? "docker-registry 2.8 (filesystem driver on tmpfs)" : "not installed",
                wrk ? "yes" : "not installed (apt-get install -y wrk), request rates skipped",
                rounds);
        for (int i = 0; i < 3; i++) {
            blobs.add(randomFile("blob-" + i, 256L * MIB, i));
            digests.add(sha256(blobs.get(i)));
            split(blobs.get(i), 4);
        }
        // this JVM's client loads its classes once, before anything is timed
        try (Server server = start(distribution ? "distribution" : "ocireg")) {
            Bench.pushSmallImage(server.base, "bench/client", "v1");
        }
        figures.clear();
        for (int round = 1; round <= rounds; round++) {
            System.err.printf("round %d of %d%n", round, rounds);
            for (String who : distribution ? List.of("ocireg", "distribution") : List.of("ocireg")) {
                pushes(who, false);
                pushes(who, true);
                imageAndManifestRate(who, wrk);
            }
        }
        table(distribution);
        memory();
        touchMemory();
    }

    /** {@link TouchMemory} in a fresh JVM: what new memory costs here, registry or not. */
    private void touchMemory() {
        String output = Bench.capture(
                Bench.java(),
                "-XX:MaxDirectMemorySize=3g",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ocireg.bench.TouchMemory");
        Matcher m = Pattern.compile("TOUCH ([\\d ]+)").matcher(output);
        out.printf(
                "%n### New memory on this machine (no registry): 8 × 256 MiB of 1 MiB direct buffers in a fresh JVM%n%n"
                        + "ms per 256 MiB: %s%n",
                m.find() ? m.group(1).trim().replace(" ", ", ") : "not measured: " + output.trim());
    }

    // ---------------------------------------------------------------- contenders

    private Server start(String who) throws Exception {
        long started = System.nanoTime();
        Process p;
        int port = Bench.freePort();
        if (who.equals("ocireg")) {
            p = new ProcessBuilder(Bench.java(), "-jar", jar.toString(), "--port", String.valueOf(port), "--quiet")
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("ocireg.log").toFile())
                    .start();
        } else {
            Path root = Files.isDirectory(Path.of("/dev/shm"))
                    ? Files.createTempDirectory(Path.of("/dev/shm"), "ocireg-compare-distribution")
                    : Files.createTempDirectory(work, "distribution");
            Path config = work.resolve("distribution.yml");
            Files.writeString(
                    config,
                    "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n"
                            + "    rootdirectory: " + root + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:"
                            + port + "\n");
            p = new ProcessBuilder(DISTRIBUTION.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("distribution.log").toFile())
                    .start();
            p.onExit().thenRun(() -> {
                try {
                    FileTrees.deleteTree(root);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            });
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            Bench.awaitUp(HTTP, base, p);
        } catch (IllegalStateException e) {
            p.destroyForcibly();
            throw new IllegalStateException(who + " did not start; see " + work, e);
        }
        figure(who + " start", (System.nanoTime() - started) / 1e6);
        return new Server(p, base);
    }

    private record Server(Process process, URI base) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    // ---------------------------------------------------------------- pushes

    private void pushes(String who, boolean chunked) throws Exception {
        try (Server server = start(who)) {
            for (int i = 0; i < PUSHES; i++) {
                double seconds = chunked ? pushChunked(server.base, i) : pushSingle(server.base, i);
                figure(who + (chunked ? " chunked " : " single ") + (i + 1), 256 / seconds);
            }
        }
    }

    private double pushSingle(URI base, int i) throws Exception {
        Curl post = startUpload(base, "bench/b" + i);
        Curl put = curl(
                "-T",
                blobs.get(i % 3).toString(),
                "-H",
                "Content-Type: application/octet-stream",
                withDigest(post.location(base), digests.get(i % 3)));
        put.expect(201);
        return post.seconds + put.seconds;
    }

    private double pushChunked(URI base, int i) throws Exception {
        Curl post = startUpload(base, "bench/c" + i);
        double seconds = post.seconds;
        String location = post.location(base);
        long offset = 0;
        for (int c = 0; c < 4; c++) {
            Path chunk = chunkFile(blobs.get(i % 3), c);
            long size = Files.size(chunk);
            Curl patch = curl(
                    "-X",
                    "PATCH",
                    "-T",
                    chunk.toString(),
                    "-H",
                    "Content-Type: application/octet-stream",
                    "-H",
                    "Content-Range: " + offset + "-" + (offset + size - 1),
                    location);
            patch.expect(202);
            seconds += patch.seconds;
            location = patch.location(base);
            offset += size;
        }
        Curl put = curl("-X", "PUT", withDigest(location, digests.get(i % 3)));
        put.expect(201);
        return seconds + put.seconds;
    }

    private Curl startUpload(URI base, String repository) throws Exception {
        Curl post = curl(
                "-X",
                "POST",
                base.resolve("/v2/" + repository + "/blobs/uploads/").toString());
        post.expect(202);
        return post;
    }

    private static String withDigest(String location, String digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    /** One curl request: status, headers and curl's own total time. */
    private record Curl(int status, String headers, double seconds) {
        void expect(int wanted) {
            if (status != wanted) {
                throw new IllegalStateException("expected " + wanted + " but got " + status + ":\n" + headers);
            }
        }

        String location(URI base) {
            Matcher m = Pattern.compile("(?im)^location:\\s*(\\S+)").matcher(headers);
            if (!m.find()) {
                throw new IllegalStateException("no Location in\n" + headers);
            }
            return base.resolve(m.group(1)).toString();
        }
    }

    private Curl curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("curl", "-s", "-S", "-D", "-", "-o", "/dev/null", "-w", "\n@@%{http_code} %{time_total}"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        p.waitFor();
        int at = output.lastIndexOf("\n@@");
        if (at < 0) {
            throw new IllegalStateException("curl failed: " + output);
        }
        String[] tail = output.substring(at + 3).trim().split(" ");
        return new Curl(
                Integer.parseInt(tail[0]), output.substring(0, at), Double.parseDouble(tail[1].replace(',', '.')));
    }

    // ---------------------------------------------------------------- manifest rate

    /**
     * A small image pushed right after the start (what a test does first: config, one layer, manifest, through
     * ocireg's client in this JVM), a second one, then the manifest GET rate.
     */
    private void imageAndManifestRate(String who, boolean wrk) throws Exception {
        try (Server server = start(who)) {
            long started = System.nanoTime();
            String manifest = Bench.pushSmallImage(server.base, "bench/app", "v1");
            figure(who + " image 1", (System.nanoTime() - started) / 1e6);
            started = System.nanoTime();
            Bench.pushSmallImage(server.base, "bench/other", "v1");
            figure(who + " image 2", (System.nanoTime() - started) / 1e6);
            if (!wrk) {
                return;
            }
            for (int i = 1; i <= 3; i++) {
                Process p = new ProcessBuilder(
                                "wrk",
                                "-t2",
                                "-c16",
                                "-d3s",
                                "-H",
                                "Accept: " + manifest,
                                server.base
                                        .resolve("/v2/bench/app/manifests/v1")
                                        .toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                Matcher rate = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(output);
                if (!rate.find() || output.contains("Non-2xx")) {
                    throw new IllegalStateException("wrk against " + who + ":\n" + output);
                }
                figure(who + " manifest " + i, Double.parseDouble(rate.group(1)));
            }
        }
    }

    // ---------------------------------------------------------------- memory

    private void memory() throws Exception {
        Path big = randomFile("big", 1024L * MIB, 7);
        String digest = sha256(big);
        Path gcLog = work.resolve("gc.log");
        int port = Bench.freePort();
        Process p = new ProcessBuilder(
                        Bench.java(),
                        "-Xmx1088m",
                        "-Xlog:gc:file=" + gcLog,
                        "-XX:NativeMemoryTracking=summary",
                        "-jar",
                        jar.toString(),
                        "--port",
                        String.valueOf(port),
                        "--quiet")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("memory.log").toFile())
                .start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try (Server server = new Server(p, base)) {
            Bench.awaitUp(HTTP, base, p);
            Curl post = startUpload(base, "bench/big");
            Curl put = curl("-T", big.toString(), withDigest(post.location(base), digest));
            double pushRate = 1024 / (post.seconds + put.seconds);
            long heapAfterPush = heapPeak(gcLog);
            Curl get = curl(base.resolve("/v2/bench/big/blobs/" + digest).toString());
            get.expect(200);
            String nmt = Bench.capture("jcmd", String.valueOf(p.pid()), "VM.native_memory", "summary");
            out.printf(
                    "%n### Memory: 1 GiB blob, registry JVM limited to -Xmx1088m (the blob + 64 MiB)%n%n"
                            + "| step | result |%n|---|---|%n"
                            + "| push 1 GiB, POST + single PUT | %d, %.0f MiB/s, heap peak %d MiB (from the GC log) |%n"
                            + "| pull 1 GiB | %d, %.0f MiB/s, heap peak %d MiB |%n"
                            + "| blob content outside the heap (NMT \"Other\", direct buffers) | %s |%n",
                    put.status,
                    pushRate,
                    heapAfterPush,
                    get.status,
                    1024 / get.seconds,
                    heapPeak(gcLog),
                    directMemory(nmt));
        } finally {
            Files.deleteIfExists(big);
        }
    }

    /** The largest heap occupancy before any collection, in MiB: the heap the process really needed. */
    private static long heapPeak(Path gcLog) throws IOException {
        long peak = 0;
        Matcher m = Pattern.compile("(\\d+)M->(\\d+)M").matcher(Files.exists(gcLog) ? Files.readString(gcLog) : "");
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    private static String directMemory(String nmt) {
        Matcher m = Pattern.compile("Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)")
                .matcher(nmt);
        return m.find() ? (Long.parseLong(m.group(2)) / 1024) + " MiB" : "not reported (jcmd missing?)";
    }

    // ---------------------------------------------------------------- results

    private void figure(String name, double value) {
        figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private void table(boolean distribution) {
        out.println(
                "| figure | ocireg cold | ocireg warm | distribution cold | distribution warm | ratio cold / warm |");
        out.println("|---|---|---|---|---|---|");
        row("push 256 MiB, POST + one PUT (MiB/s)", "single 1", "single 3", distribution);
        row("push 256 MiB, POST + 4 PATCH + PUT (MiB/s)", "chunked 1", "chunked 3", distribution);
        row("manifest GET, wrk 16 connections (req/s)", "manifest 1", "manifest 3", distribution);
        row(
                "push a small image (config, layer, manifest) right after the start, 1st / 2nd (ms)",
                "image 1",
                "image 2",
                distribution);
        List<Double> start = figures.getOrDefault("ocireg start", List.of());
        List<Double> dstart = figures.getOrDefault("distribution start", List.of());
        out.printf(
                "| process start → first `GET /v2/` 200 (ms) | %s | | %s | | |%n",
                Bench.spread(start, "%.0f"), distribution ? Bench.spread(dstart, "%.0f") : "—");
        out.printf(
                Locale.ROOT,
                "%n5th push into the same process (the 2nd push's blob again, to a new repository), MiB/s: ocireg single"
                        + " %s, chunked %s; distribution single %s, chunked %s%n",
                Bench.spread(figures.getOrDefault("ocireg single 5", List.of()), "%.0f"),
                Bench.spread(figures.getOrDefault("ocireg chunked 5", List.of()), "%.0f"),
                Bench.spread(figures.getOrDefault("distribution single 5", List.of()), "%.0f"),
                Bench.spread(figures.getOrDefault("distribution chunked 5", List.of()), "%.0f"));
        double single = Bench.median(figures.getOrDefault("ocireg single 1", List.of()));
        double chunked = Bench.median(figures.getOrDefault("ocireg chunked 1", List.of()));
        double singleWarm = Bench.median(figures.getOrDefault("ocireg single 3", List.of()));
        double chunkedWarm = Bench.median(figures.getOrDefault("ocireg chunked 3", List.of()));
        out.printf(
                Locale.ROOT,
                "%nocireg chunked / single (medians): cold %.0f %%, warm %.0f %%%n",
                100 * chunked / single,
                100 * chunkedWarm / singleWarm);
    }

    private void row(String title, String cold, String warm, boolean distribution) {
        List<Double> oc = figures.getOrDefault("ocireg " + cold, List.of());
        List<Double> ow = figures.getOrDefault("ocireg " + warm, List.of());
        List<Double> dc = figures.getOrDefault("distribution " + cold, List.of());
        List<Double> dw = figures.getOrDefault("distribution " + warm, List.of());
        if (oc.isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s |%n",
                title,
                Bench.spread(oc, "%.0f"),
                Bench.spread(ow, "%.0f"),
                distribution ? Bench.spread(dc, "%.0f") : "—",
                distribution ? Bench.spread(dw, "%.0f") : "—",
                distribution
                        ? String.format(
                                Locale.ROOT,
                                "%.1f× / %.1f×",
                                Bench.median(oc) / Bench.median(dc),
                                Bench.median(ow) / Bench.median(dw))
                        : "—");
    }

    // ---------------------------------------------------------------- data

    private Path randomFile(String name, long size, long seed) throws IOException {
        Path file = work.resolve(name);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[MIB];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buffer.length) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buffer[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                o.write(buffer);
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[MIB];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static Path chunkFile(Path blob, int c) {
        return blob.resolveSibling(blob.getFileName() + ".part" + c);
    }

    private static void split(Path blob, int parts) throws IOException {
        long size = Files.size(blob);
        long part = size / parts;
        byte[] buffer = new byte[MIB];
        try (InputStream in = Files.newInputStream(blob)) {
            for (int c = 0; c < parts; c++) {
                long left = c == parts - 1 ? size - part * (parts - 1) : part;
                try (OutputStream o = Files.newOutputStream(chunkFile(blob, c))) {
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        o.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
        }
    }
}
