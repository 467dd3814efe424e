package dev.ocireg.bench;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput of the registry over real loopback HTTP: blob push (single PUT and chunked), blob pull, manifest GET
 * rate under 16 concurrent connections, and the heap a 1 GiB push needs. Run it with
 *
 * <pre>./mvnw -q -pl extension -am test-compile exec:exec@inprocess</pre>
 *
 * <p>A command, not a test: timings are printed, never asserted.
 */
public final class RegistryBench {
    private static final int MIB = 1024 * 1024;
    private static final byte[] PATTERN = new byte[MIB];

    static {
        new Random(42).nextBytes(PATTERN);
    }

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        new RegistryBench().run(rounds);
    }

    void run(int rounds) throws Exception {
        System.out.printf(
                "java %s, %d cores, max heap %d MiB%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / MIB);
        long size = 256L * MIB;
        Digest digest = digestOf(size);
        System.out.printf("sha256 of 256 MiB on this machine (one core, no HTTP): %.0f MB/s%n", hashRate(size));
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            URI base = registry.url();
            report(
                    "push 256 MiB, POST + single PUT (memory)",
                    size,
                    rounds,
                    () -> pushSingle(base, "bench/single", size, digest));
            report(
                    "push 256 MiB, 16 MiB PATCH chunks (memory)",
                    size,
                    rounds,
                    () -> pushChunked(base, "bench/chunked", size, 16 * MIB, digest));
            report("pull 256 MiB, GET (memory)", size, rounds, () -> pull(base, "bench/single", digest, size));
            manifestRate(base, 16, 5);
        }
        Path dir = Files.createTempDirectory("ocireg-bench");
        try (RegistryServer registry =
                RegistryServer.builder().storageDirectory(dir).build().start()) {
            URI base = registry.url();
            report(
                    "push 256 MiB, POST + single PUT (disk)",
                    size,
                    rounds,
                    () -> pushSingle(base, "bench/disk", size, digest));
            long big = 1024L * MIB;
            Digest bigDigest = digestOf(big);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            PeakHeap peak = new PeakHeap(memory);
            peak.start();
            long t = System.nanoTime();
            pushSingle(base, "bench/big", big, bigDigest);
            double seconds = (System.nanoTime() - t) / 1e9;
            peak.stop = true;
            peak.join();
            System.out.printf(
                    "%-48s %8.0f MB/s   heap before %d MiB, peak during push %d MiB (max heap %d MiB)%n",
                    "push 1 GiB, POST + single PUT (disk)",
                    big / seconds / 1e6,
                    before / MIB,
                    peak.max / MIB,
                    Runtime.getRuntime().maxMemory() / MIB);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** Two unmeasured warm-up runs (JIT, heap growth), then {@code rounds} measured ones. */
    private static void report(String what, long bytes, int rounds, Action action) throws Exception {
        action.run();
        action.run();
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            action.run();
            rates.add(bytes / ((System.nanoTime() - t) / 1e9) / 1e6);
        }
        rates.sort(Comparator.naturalOrder());
        System.out.printf(
                "%-48s %8.0f MB/s   (median of %d; min %.0f, max %.0f)%n",
                what, rates.get(rates.size() / 2), rounds, rates.get(0), rates.get(rates.size() - 1));
    }

    private void pushSingle(URI base, String repo, long size, Digest digest) throws Exception {
        String location = startUpload(base, repo);
        int status = RawHttp.send(base, "PUT", location + "?digest=" + digest, null, 0, size);
        if (status != 201) {
            throw new IllegalStateException("PUT gave " + status);
        }
    }

    private void deleteBlob(URI base, String repo, Digest digest) throws Exception {
        expect(
                http.send(
                        HttpRequest.newBuilder(base.resolve("/v2/" + repo + "/blobs/" + digest))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding()),
                202);
    }

    private void pushChunked(URI base, String repo, long size, int chunk, Digest digest) throws Exception {
        String location = startUpload(base, repo);
        for (long offset = 0; offset < size; offset += chunk) {
            long length = Math.min(chunk, size - offset);
            int status = RawHttp.send(
                    base, "PATCH", location, "Content-Range: " + offset + "-" + (offset + length - 1), offset, length);
            if (status != 202) {
                throw new IllegalStateException("PATCH gave " + status);
            }
        }
        HttpResponse<Void> put = http.send(
                HttpRequest.newBuilder(base.resolve(location + "?digest=" + digest))
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        expect(put, 201);
    }

    private void pull(URI base, String repo, Digest digest, long size) throws Exception {
        HttpResponse<InputStream> get = http.send(
                HttpRequest.newBuilder(base.resolve("/v2/" + repo + "/blobs/" + digest))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream in = get.body()) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
            }
        }
        if (get.statusCode() != 200 || total != size) {
            throw new IllegalStateException("pull got " + get.statusCode() + " with " + total + " bytes");
        }
    }

    private void manifestRate(URI base, int connections, int seconds) throws Exception {
        byte[] config = "{}".getBytes();
        Digest configDigest = Digest.sha256(config);
        HttpResponse<Void> blob = http.send(
                HttpRequest.newBuilder(base.resolve("/v2/bench/manifests/blobs/uploads/?digest=" + configDigest))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(config))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        expect(blob, 201);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":2},\"layers\":[]}";
        expect(
                http.send(
                        HttpRequest.newBuilder(base.resolve("/v2/bench/manifests/manifests/v1"))
                                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                                .PUT(HttpRequest.BodyPublishers.ofString(manifest))
                                .build(),
                        HttpResponse.BodyHandlers.discarding()),
                201);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        HttpRequest get = HttpRequest.newBuilder(base.resolve("/v2/bench/manifests/manifests/v1"))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                .build();
        for (int i = 0; i < connections; i++) {
            HttpClient own =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<byte[]> r = own.send(get, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("manifest GET " + r.statusCode());
                    }
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(1000); // warm-up
        long start = count.get();
        long t = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long done = count.get() - start;
        double elapsed = (System.nanoTime() - t) / 1e9;
        stop.set(true);
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        System.out.printf(
                "%-48s %8.0f req/s (%d connections, %d s)%n",
                "manifest GET by tag", done / elapsed, connections, seconds);
    }

    private String startUpload(URI base, String repo) throws Exception {
        HttpResponse<Void> post = http.send(
                HttpRequest.newBuilder(base.resolve("/v2/" + repo + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        expect(post, 202);
        return post.headers().firstValue("Location").orElseThrow();
    }

    private static void expect(HttpResponse<?> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " gave "
                    + response.statusCode() + ", expected " + status);
        }
    }

    /**
     * A minimal HTTP/1.1 client on a plain socket for the bulk transfers, so the figures measure the registry rather
     * than the client: the body is written from the 1 MiB pattern in large writes, the response read and counted.
     */
    private static final class RawHttp {
        static int send(URI base, String method, String target, String extraHeader, long offset, long length)
                throws IOException {
            try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
                socket.setSendBufferSize(4 * MIB);
                java.io.OutputStream out = socket.getOutputStream();
                String head = method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n"
                        + (extraHeader == null ? "" : extraHeader + "\r\n") + "Connection: close\r\n\r\n";
                out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    int at = (int) (position % MIB);
                    int n = (int) Math.min(MIB - at, end - position);
                    out.write(PATTERN, at, n);
                    position += n;
                }
                out.flush();
                String status =
                        new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
                return Integer.parseInt(status.substring(9, 12));
            }
        }

        /** GETs a path and returns the number of body bytes received (read into a direct buffer, no copies). */
        static long get(URI base, String target) throws IOException {
            try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                    new java.net.InetSocketAddress(base.getHost(), base.getPort()))) {
                channel.write(java.nio.ByteBuffer.wrap(
                        ("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(MIB);
                long total = 0;
                boolean inBody = false;
                int n;
                while ((n = channel.read(buffer)) != -1) {
                    if (!inBody) {
                        buffer.flip();
                        byte[] head = new byte[buffer.remaining()];
                        buffer.get(head);
                        String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
                        int headerEnd = text.indexOf("\r\n\r\n");
                        if (!text.startsWith("HTTP/1.1 200")) {
                            throw new IOException("GET " + target + ": "
                                    + text.lines().findFirst().orElse(""));
                        }
                        if (headerEnd < 0) {
                            throw new IOException("response headers larger than the first read");
                        }
                        total += head.length - (headerEnd + 4);
                        inBody = true;
                    } else {
                        total += n;
                    }
                    buffer.clear();
                }
                return total;
            }
        }
    }

    private static Digest digestOf(long size) throws IOException {
        MessageDigest md = Digest.newMessageDigest("sha256");
        try (InputStream in = new PatternStream(0, size)) {
            byte[] buffer = new byte[MIB];
            int n;
            while ((n = in.read(buffer)) != -1) {
                md.update(buffer, 0, n);
            }
        }
        return Digest.from("sha256", md);
    }

    private static double hashRate(long size) {
        MessageDigest md = Digest.newMessageDigest("sha256");
        long t = System.nanoTime();
        for (long done = 0; done < size; done += MIB) {
            md.update(PATTERN);
        }
        md.digest();
        return size / ((System.nanoTime() - t) / 1e9) / 1e6;
    }

    private static final class PatternStream extends InputStream {
        private long position;
        private final long end;

        PatternStream(long offset, long length) {
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            return position < end ? PATTERN[(int) (position++ % MIB)] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= end) {
                return -1;
            }
            int at = (int) (position % MIB);
            int n = (int) Math.min(Math.min(len, MIB - at), end - position);
            System.arraycopy(PATTERN, at, b, off, n);
            position += n;
            return n;
        }
    }

    private static final class PeakHeap extends Thread {
        private final MemoryMXBean memory;
        volatile boolean stop;
        volatile long max;

        PeakHeap(MemoryMXBean memory) {
            super("peak-heap");
            this.memory = memory;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                max = Math.max(max, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
