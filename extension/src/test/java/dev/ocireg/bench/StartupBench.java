package dev.ocireg.bench;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a test waits for a registry: the first in a fresh JVM (class loading, Jetty start), each further one,
 * and a reset between tests. Run with {@code ./mvnw -q -pl extension -am test-compile exec:exec@startup}.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBench {

    /** Start to first answered {@code GET /v2/}, in a JVM that has never started one: one shot per fresh fork. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public int firstRegistryInAFreshJvm() throws Exception {
        return startProbeAndClose();
    }

    /** The same once the JVM has started registries before. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Fork(1)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public int furtherRegistry() throws Exception {
        return startProbeAndClose();
    }

    private static int startProbeAndClose() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            return Probe.HTTP
                    .send(
                            HttpRequest.newBuilder(registry.url().resolve("/v2/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    static final class Probe {
        static final HttpClient HTTP = HttpClient.newHttpClient();
    }

    /** A registry holding a small image's worth of content, emptied by each measured reset. */
    @State(Scope.Thread)
    public static class Filled {
        RegistryServer registry;

        @Setup(Level.Trial)
        public void start() {
            registry = RegistryServer.builder().build().start();
        }

        @Setup(Level.Invocation)
        public void fill() throws Exception {
            URI base = registry.url();
            for (int i = 0; i < 3; i++) {
                byte[] blob = ("layer " + i).getBytes(StandardCharsets.UTF_8);
                Probe.HTTP.send(
                        HttpRequest.newBuilder(
                                        base.resolve("/v2/bench/app/blobs/uploads/?digest=" + Digest.sha256(blob)))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            registry.close();
        }
    }

    /** {@link RegistryServer#reset()} of a registry holding three blobs in one repository. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void reset(Filled filled) {
        filled.registry.reset();
    }
}
