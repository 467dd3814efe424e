package dev.ocireg.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.client.Manifest;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once over HTTP: the same blob, the same tag, different uploads. */
class ConcurrentPushTest {
    static RegistryServer registry;
    static RegistryClient client;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        client = RegistryClient.builder(registry.url()).chunkSize(64 * 1024).build();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static <T> List<T> together(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenClientsPushingTheSameBlobInChunksAllSucceedAndTheBlobIsIntact(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[256 * 1024];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("layer"), bytes);
        Digest expected = Digest.sha256(bytes);

        List<Digest> pushed =
                together(16, () -> client.pushBlob("same/blob", file).digest());

        assertThat(pushed).containsOnly(expected);
        assertThat(client.pullBlob("same/blob", expected)).isEqualTo(bytes);
    }

    @Test
    void sixteenClientsTaggingTheSameTagLeaveItOnOneCompleteManifest() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        int[] counter = {0};
        List<Digest> pushed = together(16, () -> {
            int n;
            synchronized (counter) {
                n = counter[0]++;
            }
            return client.pushImage(
                    "same/tag", "latest", config, List.of(("layer " + n).getBytes(StandardCharsets.UTF_8)));
        });

        Set<Digest> distinct = new HashSet<>(pushed);
        assertThat(distinct).hasSize(16);
        Manifest latest = client.pullManifest("same/tag", "latest");
        assertThat(distinct).contains(latest.digest());
        for (Digest d : distinct) {
            assertThat(client.pullManifest("same/tag", d.toString()).digest()).isEqualTo(d);
        }
    }

    @Test
    void sixteenClientsPushingTagsIntoOneRepositoryAreAllListed() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        int[] counter = {0};
        List<String> pushed = together(16, () -> {
            int n;
            synchronized (counter) {
                n = counter[0]++;
            }
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String tag = "c" + n + "-" + i;
                client.pushImage("many/tags", tag, config, List.of((tag + " layer").getBytes(StandardCharsets.UTF_8)));
                tags.add(tag);
            }
            return String.join(",", tags);
        });

        List<String> expected = new ArrayList<>();
        for (String tags : pushed) {
            expected.addAll(List.of(tags.split(",")));
        }
        expected.sort(null);
        assertThat(expected).hasSize(80);
        assertThat(client.tags("many/tags")).containsExactlyElementsOf(expected); // followed page by page
        assertThat(client.tags("many/tags", 7, expected.get(40))).containsExactlyElementsOf(expected.subList(41, 48));
    }

    @Test
    void manyDifferentUploadsAtOnceKeepTheirOwnBytes() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] b = new byte[100_000 + i];
            new Random(i).nextBytes(b);
            bodies.add(b);
        }
        int[] next = {0};
        List<Digest> digests = together(32, () -> {
            byte[] body;
            synchronized (next) {
                body = bodies.get(next[0]++);
            }
            return client.pushBlob("many/uploads", body).digest();
        });
        for (byte[] body : bodies) {
            assertThat(digests).contains(Digest.sha256(body));
            assertThat(client.pullBlob("many/uploads", Digest.sha256(body))).isEqualTo(body);
        }
    }
}
