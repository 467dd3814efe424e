package dev.ocireg.bench;

import dev.ocireg.RegistryServer;
import dev.ocireg.internal.io.FileTrees;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a request's cost grows with what the registry holds (issue 11): for each content size the median and p99
 * time of one request over real loopback HTTP, and the heap each stored item takes. Run it with
 *
 * <pre>./mvnw -q -pl extension -am test-compile exec:exec@scaling</pre>
 *
 * <p>Content is filled through the storage SPI (fast, not measured); every measured request goes through {@link
 * HttpClient} to a running in-memory registry. In memory every non-empty file takes at least one Jimfs block, so the
 * 100,000 blobs need about 7 GiB of heap (the execution gives 8); a size that does not fit is reported as skipped. A
 * second table shows a directory storage, where the files hold the content: the heap its index takes per item and
 * the time to open a directory of 10,000 items. A command, not a test: figures are printed, never asserted.
 */
public final class ScalingBench {
    static final int[] SIZES = {100, 1_000, 10_000};
    static final int[] BLOB_SIZES = {100, 1_000, 10_000, 100_000};
    static final String[] COLUMNS = {"n=100", "n=1,000", "n=10,000", "n=100,000"};
    /** The referrers page size for the bench, so every size answers the same number of descriptors. */
    static final int REFERRERS_PAGE = 100;

    private static final String TYPE_A = "application/vnd.bench.a";
    private static final String TYPE_B = "application/vnd.bench.b";
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
    /** How long and how often one cell is measured: at least {@link #MIN_SAMPLES}, then until either bound. */
    private static final int MIN_SAMPLES = 30;

    private static final int MAX_SAMPLES = 400;
    private static final long MAX_NANOS = 1_500_000_000L;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Row name → cells by column, in the order rows were first measured. */
    private final Map<String, String[]> rows = new LinkedHashMap<>();
    /** Row name → heap per item at the largest size. */
    private final Map<String, String> memory = new LinkedHashMap<>();
    /** Heap per blob at the last size filled, to skip a size the heap cannot hold. */
    private long lastBlobBytes;

    public static void main(String[] args) {
        run(System.out);
    }

    /** Fills, measures and prints the table to {@code out}; takes a minute or two. */
    public static void run(PrintStream out) {
        out.printf(
                "java %s, %d cores, max heap %d MiB%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        ScalingBench bench = new ScalingBench();
        try {
            bench.warmUp();
            for (int i = 0; i < SIZES.length; i++) {
                bench.tags(i, SIZES[i], out);
            }
            for (int i = 0; i < SIZES.length; i++) {
                bench.repositories(i, SIZES[i], out);
            }
            for (int i = 0; i < SIZES.length; i++) {
                bench.referrers(i, SIZES[i], out);
            }
            for (int i = 0; i < BLOB_SIZES.length; i++) {
                bench.blobs(i, BLOB_SIZES[i], out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        bench.print(out);
        try {
            directoryStorage(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the four kinds of content

    /** One repository with n tags on one manifest, and one more manifest with a tag of its own to delete. */
    private void tags(int column, int n, PrintStream out) throws IOException, InterruptedException {
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            long empty = heapAfterGc();
            Storage s = registry.storage();
            RepositoryName repo = fillTags(s, n);
            long filled = heapAfterGc();
            record("tags: tags/list?n=100&last=<middle>", column, n, filled - empty);
            URI base = registry.url();
            measure(
                    "tags: tags/list?n=100&last=<middle>",
                    column,
                    null,
                    get(base, "/v2/bench/tags/tags/list?n=100&last=" + tag(n / 2)),
                    200);
            Manifest other = image(s, repo, "to-delete");
            measure(
                    "tags: DELETE manifest (repository with n tags)",
                    column,
                    () -> s.putManifest(repo, other.stored(), List.of("zz-delete"), Optional.empty()),
                    HttpRequest.newBuilder(base.resolve("/v2/bench/tags/manifests/" + other.digest))
                            .DELETE()
                            .build(),
                    202);
            out.printf("  tags n=%d done%n", n);
        }
    }

    /**
     * n repositories that all link one blob, and one more blob linked in the middle repository only: it is mounted
     * without {@code from} into another repository, and deleted where it is the last link.
     */
    private void repositories(int column, int n, PrintStream out) throws IOException, InterruptedException {
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            long empty = heapAfterGc();
            Storage s = registry.storage();
            fillRepositories(s, n);
            long filled = heapAfterGc();
            String catalog = "catalog: _catalog?n=100&last=<middle>";
            record(catalog, column, n, filled - empty);
            URI base = registry.url();
            measure(catalog, column, null, get(base, "/v2/_catalog?n=100&last=" + repository(n / 2)), 200);

            RepositoryName middle = repository(n / 2);
            byte[] onlyHere = "only in the middle".getBytes(StandardCharsets.UTF_8);
            Digest single = upload(s, middle, onlyHere);
            RepositoryName target = RepositoryName.parse("bench/target");
            measure(
                    "catalog: mount without from (n repositories)",
                    column,
                    () -> s.deleteBlob(target, single),
                    HttpRequest.newBuilder(base.resolve("/v2/" + target + "/blobs/uploads/?mount=" + single))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    201);
            s.deleteBlob(target, single);
            measure(
                    "catalog: DELETE blob, its last link (n repositories)",
                    column,
                    () -> upload(s, middle, onlyHere),
                    HttpRequest.newBuilder(base.resolve("/v2/" + middle + "/blobs/" + single))
                            .DELETE()
                            .build(),
                    202);
            out.printf("  repositories n=%d done%n", n);
        }
    }

    /** One subject with n referrers, half of artifact type A and half B. */
    private void referrers(int column, int n, PrintStream out) throws IOException, InterruptedException {
        try (RegistryServer registry = RegistryServer.builder()
                .referrersPageSize(REFERRERS_PAGE)
                .build()
                .start()) {
            long empty = heapAfterGc();
            Storage s = registry.storage();
            Referrers filled = fillReferrers(s, n);
            long heap = heapAfterGc();
            List<String> digests = filled.digests;
            String path = "/v2/bench/referrers/referrers/" + filled.subject;
            URI base = registry.url();
            record("referrers: first page (" + REFERRERS_PAGE + ")", column, n, heap - empty);
            measure("referrers: first page (" + REFERRERS_PAGE + ")", column, null, get(base, path), 200);
            measure(
                    "referrers: ?artifactType=<half of them>",
                    column,
                    null,
                    get(base, path + "?artifactType=" + encode(TYPE_A)),
                    200);
            measure(
                    "referrers: ?last=<middle>",
                    column,
                    null,
                    get(base, path + "?last=" + encode(digests.get(n / 2))),
                    200);
            out.printf("  referrers n=%d done%n", n);
        }
    }

    /** n small blobs in one repository, and an image tagged {@code latest}. */
    private void blobs(int column, int n, PrintStream out) throws IOException, InterruptedException {
        long free = Runtime.getRuntime().maxMemory() - heapAfterGc();
        long estimate = n * lastBlobBytes;
        if (estimate > free * 85 / 100) { // too little heap for this size: say so instead of failing
            rows.computeIfAbsent("blobs: HEAD blob", k -> new String[COLUMNS.length])[column] =
                    "skipped: needs ~" + (estimate >> 20) + " MiB heap";
            out.printf("  blobs n=%d skipped: about %d MiB needed, %d MiB free%n", n, estimate >> 20, free >> 20);
            return;
        }
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            long empty = heapAfterGc();
            Storage s = registry.storage();
            Digest middle = fillBlobs(s, n);
            long filled = heapAfterGc();
            lastBlobBytes = (filled - empty) / n;
            record("blobs: HEAD blob", column, n, filled - empty);
            URI base = registry.url();
            measure(
                    "blobs: HEAD blob",
                    column,
                    null,
                    HttpRequest.newBuilder(base.resolve("/v2/bench/blobs/blobs/" + middle))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    200);
            measure(
                    "blobs: GET manifest by tag",
                    column,
                    null,
                    HttpRequest.newBuilder(base.resolve("/v2/bench/blobs/manifests/latest"))
                            .header("Accept", MediaTypes.OCI_MANIFEST)
                            .build(),
                    200);
            out.printf("  blobs n=%d done%n", n);
        }
    }

    // ---------------------------------------------------------------- filling

    /** {@code bench/tags}: n tags on one manifest. */
    static RepositoryName fillTags(Storage s, int n) throws IOException {
        RepositoryName repo = RepositoryName.parse("bench/tags");
        Manifest m = image(s, repo, "tags");
        List<String> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tags.add(tag(i));
        }
        s.putManifest(repo, m.stored(), tags, Optional.empty());
        return repo;
    }

    /** n repositories {@code bench/r-…} linking one blob. */
    static void fillRepositories(Storage s, int n) throws IOException {
        Digest shared = upload(s, repository(0), "shared".getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i < n; i++) {
            s.mountBlob(repository(i), shared, Optional.of(repository(0)));
        }
    }

    record Referrers(Digest subject, List<String> digests) {}

    /** A subject in {@code bench/referrers} with n referrers, half of type A, half B; their digests sorted. */
    static Referrers fillReferrers(Storage s, int n) throws IOException {
        RepositoryName repo = RepositoryName.parse("bench/referrers");
        Manifest subject = image(s, repo, "subject");
        s.putManifest(repo, subject.stored(), List.of("subject"), Optional.empty());
        Digest configDigest = Digest.sha256(EMPTY_CONFIG);
        List<String> digests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String type = i % 2 == 0 ? TYPE_A : TYPE_B;
            byte[] bytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                            + "\",\"artifactType\":\"" + type + "\",\"config\":{\"mediaType\":\""
                            + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + configDigest
                            + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
                            + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject.digest + "\",\"size\":"
                            + subject.bytes.length + "},\"annotations\":{\"n\":\"" + i + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            Digest d = Digest.sha256(bytes);
            digests.add(d.toString());
            Descriptor entry =
                    new Descriptor(MediaTypes.OCI_MANIFEST, d, bytes.length, type, Map.of("n", Integer.toString(i)));
            s.putManifest(
                    repo,
                    new Storage.StoredManifest(d, MediaTypes.OCI_MANIFEST, bytes),
                    List.of(),
                    Optional.of(new Storage.Referrer(subject.digest, entry)));
        }
        digests.sort(null);
        return new Referrers(subject.digest, digests);
    }

    /** n small blobs in {@code bench/blobs} and an image tagged {@code latest}; returns the middle blob. */
    static Digest fillBlobs(Storage s, int n) throws IOException {
        RepositoryName repo = RepositoryName.parse("bench/blobs");
        Digest middle = null;
        for (int i = 0; i < n; i++) {
            Digest d = upload(s, repo, ("blob " + i).getBytes(StandardCharsets.UTF_8));
            if (i == n / 2) {
                middle = d;
            }
        }
        Manifest m = image(s, repo, "blobs");
        s.putManifest(repo, m.stored(), List.of("latest"), Optional.empty());
        return middle;
    }

    /** The storage being measured, in a field so that nothing can tell it is unreachable while it is measured. */
    private static volatile Storage opened;

    interface Fill {
        void into(Storage s) throws IOException;
    }

    /**
     * The heap a directory storage keeps per item (there the files hold the content, so this is what it indexes in
     * memory) and the time to open a directory that holds n items, when that builds the index.
     */
    static void directoryStorage(PrintStream out) throws IOException {
        int n = 10_000;
        Map<String, Fill> kinds = new LinkedHashMap<>();
        kinds.put("tags", s -> fillTags(s, n));
        kinds.put("repositories", s -> fillRepositories(s, n));
        kinds.put("referrers", s -> fillReferrers(s, n));
        kinds.put("blobs", s -> fillBlobs(s, n));
        out.println();
        out.printf("| directory storage, n=%,d | heap per item once opened | opening the directory |%n", n);
        out.println("|---|---:|---:|");
        for (Map.Entry<String, Fill> kind : kinds.entrySet()) {
            Path dir = Files.createTempDirectory("ocireg-scaling");
            try {
                fill(dir, kind.getValue());
                long before = heapAfterGc();
                long t = System.nanoTime();
                opened = Storages.directory(dir);
                long openNanos = System.nanoTime() - t;
                long after = heapAfterGc();
                opened.close();
                opened = null;
                out.printf("| %s | %,d B | %s ms |%n", kind.getKey(), (after - before) / n, millis(openNanos));
            } finally {
                FileTrees.deleteTree(dir);
            }
        }
    }

    /** Fills a directory storage and closes it; in a method of its own, so no stack slot keeps it reachable. */
    private static void fill(Path dir, Fill fill) throws IOException {
        try (Storage s = Storages.directory(dir)) {
            fill.into(s);
        }
    }

    // ---------------------------------------------------------------- measuring

    /** Compiles the request paths of registry and client before the first cell is timed, then forgets the cells. */
    private void warmUp() throws IOException, InterruptedException {
        for (int round = 0; round < 3; round++) {
            tags(0, SIZES[0], new PrintStream(java.io.OutputStream.nullOutputStream()));
            repositories(0, SIZES[0], new PrintStream(java.io.OutputStream.nullOutputStream()));
            referrers(0, SIZES[0], new PrintStream(java.io.OutputStream.nullOutputStream()));
        }
        rows.clear();
        memory.clear();
    }

    interface Setup {
        void run() throws IOException;
    }

    /** Warms up, then times single requests; {@code setup} (not timed) runs before each one. */
    private void measure(String row, int column, Setup setup, HttpRequest request, int status)
            throws IOException, InterruptedException {
        for (int i = 0; i < 20; i++) {
            once(setup, request, status);
        }
        long[] samples = new long[MAX_SAMPLES];
        int count = 0;
        long start = System.nanoTime();
        while (count < MAX_SAMPLES && (count < MIN_SAMPLES || System.nanoTime() - start < MAX_NANOS)) {
            samples[count++] = once(setup, request, status);
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        long median = sorted[count / 2];
        long p99 = sorted[(int) Math.ceil(count * 0.99) - 1];
        rows.computeIfAbsent(row, k -> new String[COLUMNS.length])[column] =
                String.format(Locale.ROOT, "%s / %s", millis(median), millis(p99));
    }

    private long once(Setup setup, HttpRequest request, int status) throws IOException, InterruptedException {
        if (setup != null) {
            setup.run();
        }
        long t = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long elapsed = System.nanoTime() - t;
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " gave " + response.statusCode()
                    + ", expected " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return elapsed;
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.0f", ms);
    }

    /** Heap used by the content of the largest size measured so far for {@code row}. */
    private void record(String row, int column, int n, long bytes) {
        rows.computeIfAbsent(row, k -> new String[COLUMNS.length]);
        memory.put(row, String.format(Locale.ROOT, "%,d B (n=%,d)", bytes / n, n));
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void print(PrintStream out) {
        out.println();
        out.println("Median / p99 ms per request over loopback HTTP; heap per stored item after System.gc().");
        out.println();
        StringBuilder header = new StringBuilder("| what |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String c : COLUMNS) {
            header.append(' ').append(c).append(" |");
            rule.append("---:|");
        }
        out.println(header.append(" heap per item |"));
        out.println(rule.append("---:|"));
        for (Map.Entry<String, String[]> row : rows.entrySet()) {
            StringBuilder line = new StringBuilder("| ").append(row.getKey()).append(" |");
            for (String cell : row.getValue()) {
                line.append(' ').append(cell == null ? "—" : cell).append(" |");
            }
            line.append(' ').append(memory.getOrDefault(row.getKey(), "")).append(" |");
            out.println(line);
        }
    }

    // ---------------------------------------------------------------- content

    private record Manifest(Digest digest, byte[] bytes) {
        Storage.StoredManifest stored() {
            return new Storage.StoredManifest(digest, MediaTypes.OCI_MANIFEST, bytes);
        }
    }

    /** An image manifest over the empty config, which is uploaded to {@code repo}; {@code note} makes it unique. */
    private static Manifest image(Storage s, RepositoryName repo, String note) throws IOException {
        Digest config = upload(s, repo, EMPTY_CONFIG);
        byte[] bytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                        + "{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + config
                        + "\",\"size\":2},\"layers\":[],\"annotations\":{\"note\":\"" + note + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        return new Manifest(Digest.sha256(bytes), bytes);
    }

    private static Digest upload(Storage s, RepositoryName repo, byte[] bytes) throws IOException {
        String id = s.startUpload(repo, "sha256");
        s.appendUpload(repo, id, -1, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        Digest d = Digest.sha256(bytes);
        s.completeUpload(repo, id, d);
        return d;
    }

    private static String tag(int i) {
        return String.format(Locale.ROOT, "t-%06d", i);
    }

    private static RepositoryName repository(int i) {
        return RepositoryName.parse(String.format(Locale.ROOT, "bench/r-%06d", i));
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
