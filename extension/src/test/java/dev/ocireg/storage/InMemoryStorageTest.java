package dev.ocireg.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.ClosedFileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-memory storage makes its file system on first use; the storage contract itself is in PathStorageTest. */
class InMemoryStorageTest {

    static final RepositoryName A = RepositoryName.parse("org/a");

    private static InMemoryStorage fresh() {
        return (InMemoryStorage) Storages.inMemory();
    }

    @Test
    void aStorageThatIsOnlyClearedAndClosedNeverMakesItsFileSystem() throws Exception {
        InMemoryStorage storage = fresh();
        assertThat(storage.isMade()).isFalse();
        storage.clear();
        assertThat(storage.isMade()).isFalse();
        storage.close();
        assertThat(storage.isMade()).isFalse();
    }

    @Test
    void firstUseMakesTheFileSystemAndAClosedStorageRefusesEverything() throws Exception {
        InMemoryStorage storage = fresh();
        assertThat(storage.repositories()).isEmpty();
        assertThat(storage.isMade()).isTrue();
        storage.close();
        assertThatThrownBy(storage::repositories).isInstanceOf(ClosedFileSystemException.class);

        InMemoryStorage neverUsed = fresh();
        neverUsed.close();
        assertThatThrownBy(() -> neverUsed.blobSize(A, Digest.sha256(new byte[0])))
                .isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(neverUsed::clear).isInstanceOf(ClosedFileSystemException.class);
        assertThat(neverUsed.isMade()).isFalse();
    }

    @Test
    void threadsUsingAFreshStorageAtOnceShareOneFileSystem() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            try (InMemoryStorage storage = fresh()) {
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    List<Future<Digest>> pushed = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        byte[] blob = ("blob " + t).getBytes(UTF_8);
                        pushed.add(pool.submit(() -> {
                            go.await();
                            String id = storage.startUpload(A, "sha256");
                            storage.appendUpload(A, id, -1, new ByteArrayInputStream(blob), Long.MAX_VALUE);
                            Digest digest = Digest.sha256(blob);
                            storage.completeUpload(A, id, digest);
                            return digest;
                        }));
                    }
                    go.countDown();
                    for (Future<Digest> digest : pushed) {
                        // A second file system made by a racing thread would have lost its blob.
                        assertThat(storage.blobSize(A, digest.get())).isPresent();
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @Test
    void aRegistryAnswersV2WithoutMakingItsStorageAndMakesItOnThePush() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            URI base = registry.url();
            InMemoryStorage storage = (InMemoryStorage) registry.storage();

            HttpResponse<String> v2 = http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(v2.statusCode()).isEqualTo(200);
            registry.reset();
            assertThat(storage.isMade()).isFalse();

            byte[] blob = "layer".getBytes(UTF_8);
            HttpResponse<String> push = http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/org/a/blobs/uploads/?digest=" + Digest.sha256(blob)))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(201);
            assertThat(storage.isMade()).isTrue();
            assertThat(storage.blobSize(A, Digest.sha256(blob))).hasValue(blob.length);
            assertThat(storage.manifest(A, Digest.sha256(blob))).isEqualTo(Optional.empty());
        }
    }

    @Test
    void everyStorageMethodReachesTheRealStorageNotAnInterfaceDefault() {
        // a default left in place would answer paged listings and mounts by scanning instead of PathStorage's index
        List<String> notOverridden = new ArrayList<>();
        for (java.lang.reflect.Method m : Storage.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                InMemoryStorage.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                notOverridden.add(m.toString());
            }
        }
        assertThat(notOverridden).isEmpty();
    }
}
