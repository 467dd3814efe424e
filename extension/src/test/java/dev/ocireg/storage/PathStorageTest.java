package dev.ocireg.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The storage contract, run against both backends: Jimfs in memory and a directory on disk. */
class PathStorageTest {

    static final RepositoryName A = RepositoryName.parse("org/a");
    static final RepositoryName B = RepositoryName.parse("org/b");

    @TempDir
    static Path disk;

    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of("memory", (Callable<Storage>) Storages::inMemory),
                Arguments.of("directory", (Callable<Storage>)
                        () -> Storages.directory(Files.createTempDirectory(disk, "s"))));
    }

    private static Digest push(Storage s, RepositoryName repo, String content) throws IOException {
        byte[] bytes = content.getBytes(UTF_8);
        String id = s.startUpload(repo, "sha256");
        s.appendUpload(repo, id, -1, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        Digest d = Digest.sha256(bytes);
        s.completeUpload(repo, id, d);
        return d;
    }

    private static String read(Storage s, RepositoryName repo, Digest d) throws IOException {
        try (SeekableByteChannel ch = s.openBlob(repo, d).orElseThrow()) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) > 0) {}
            return new String(buf.array(), UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void blobsAreVisibleOnlyWhereTheyWerePushedOrMounted(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            Digest d = push(s, A, "layer");
            assertThat(read(s, A, d)).isEqualTo("layer");
            assertThat(s.blobSize(B, d)).isEmpty();
            assertThat(s.openBlob(B, d)).isEmpty();
            assertThat(s.mountBlob(B, d, Optional.of(RepositoryName.parse("org/none"))))
                    .isFalse();
            assertThat(s.mountBlob(B, d, Optional.of(A))).isTrue();
            assertThat(read(s, B, d)).isEqualTo("layer");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aDigestMismatchStoresNothingAndEndsTheSession(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            String id = s.startUpload(A, "sha256");
            s.appendUpload(A, id, -1, new ByteArrayInputStream("abc".getBytes(UTF_8)), Long.MAX_VALUE);
            Digest wrong = Digest.sha256("abd".getBytes(UTF_8));
            assertThatThrownBy(() -> s.completeUpload(A, id, wrong))
                    .isInstanceOfSatisfying(UploadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UploadException.Kind.DIGEST_MISMATCH);
                        assertThat(e.actual()).isEqualTo(Digest.sha256("abc".getBytes(UTF_8)));
                    });
            assertThat(s.blobSize(A, wrong)).isEmpty();
            assertThat(s.blobSize(A, Digest.sha256("abc".getBytes(UTF_8)))).isEmpty();
            assertThat(s.uploadOffset(A, id)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aChunkThatFailsHalfwayLeavesTheUploadAsItWas(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            String id = s.startUpload(A, "sha256");
            s.appendUpload(A, id, 0, new ByteArrayInputStream("first-".getBytes(UTF_8)), Long.MAX_VALUE);
            InputStream broken = new InputStream() {
                int sent;

                @Override
                public int read() throws IOException {
                    if (sent++ < 3) {
                        return 'x';
                    }
                    throw new IOException("connection reset");
                }
            };
            assertThatThrownBy(() -> s.appendUpload(A, id, 6, broken, Long.MAX_VALUE))
                    .hasMessage("connection reset");
            assertThat(s.uploadOffset(A, id)).hasValue(6);
            assertThatThrownBy(
                            () -> s.appendUpload(A, id, 6, new ByteArrayInputStream("0123456789".getBytes(UTF_8)), 4))
                    .isInstanceOfSatisfying(
                            UploadException.class, e -> assertThat(e.kind()).isEqualTo(UploadException.Kind.TOO_LARGE));
            assertThat(s.uploadOffset(A, id)).hasValue(6);
            assertThatThrownBy(() -> s.appendUpload(A, id, 3, new ByteArrayInputStream(new byte[1]), Long.MAX_VALUE))
                    .isInstanceOfSatisfying(UploadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UploadException.Kind.OFFSET_MISMATCH);
                        assertThat(e.offset()).isEqualTo(6);
                    });
            s.appendUpload(A, id, 6, new ByteArrayInputStream("second".getBytes(UTF_8)), Long.MAX_VALUE);
            Digest d = Digest.sha256("first-second".getBytes(UTF_8));
            assertThat(s.completeUpload(A, id, d)).isEqualTo(12);
            assertThat(read(s, A, d)).isEqualTo("first-second");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aSha256UploadCanBeClosedWithASha512Digest(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            String id = s.startUpload(A, "sha256");
            s.appendUpload(A, id, -1, new ByteArrayInputStream("x".getBytes(UTF_8)), Long.MAX_VALUE);
            Digest d = Digest.of("sha512", "x".getBytes(UTF_8));
            s.completeUpload(A, id, d);
            assertThat(read(s, A, d)).isEqualTo("x");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void deletingTheLastLinkFreesTheContentButNotOtherRepositories(String backend, Callable<Storage> factory)
            throws Exception {
        try (Storage s = factory.call()) {
            Digest d = push(s, A, "shared");
            push(s, B, "shared");
            assertThat(s.deleteBlob(A, d)).isTrue();
            assertThat(s.deleteBlob(A, d)).isFalse();
            assertThat(read(s, B, d)).isEqualTo("shared");
            assertThat(s.deleteBlob(B, d)).isTrue();
            assertThat(s.mountBlob(A, d, Optional.empty())).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void manifestsTagsAndReferrers(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            byte[] subjectBytes = "{\"schemaVersion\":2}".getBytes(UTF_8);
            Digest subject = Digest.sha256(subjectBytes);
            s.putManifest(
                    A,
                    new Storage.StoredManifest(subject, MediaTypes.OCI_MANIFEST, subjectBytes),
                    List.of("v1", "latest"),
                    Optional.empty());
            byte[] sigBytes = "{\"schemaVersion\":2,\"sig\":1}".getBytes(UTF_8);
            Digest sig = Digest.sha256(sigBytes);
            Descriptor entry = new Descriptor(
                    MediaTypes.OCI_MANIFEST, sig, sigBytes.length, "application/example.sig", Map.of("k", "v"));
            s.putManifest(
                    A,
                    new Storage.StoredManifest(sig, MediaTypes.OCI_MANIFEST, sigBytes),
                    List.of(),
                    Optional.of(new Storage.Referrer(subject, entry)));

            assertThat(s.tags(A)).containsExactly("latest", "v1");
            assertThat(s.resolveTag(A, "v1")).hasValue(subject);
            assertThat(s.manifest(A, subject).orElseThrow().content()).isEqualTo(subjectBytes);
            assertThat(s.manifest(B, subject)).isEmpty();
            assertThat(s.referrers(A, subject)).containsExactly(entry);
            assertThat(s.repositories()).containsExactly(A);

            assertThat(s.deleteTag(A, "latest")).isTrue();
            assertThat(s.tags(A)).containsExactly("v1");
            assertThat(s.deleteManifest(A, sig)).isTrue();
            assertThat(s.referrers(A, subject)).isEmpty();
            assertThat(s.deleteManifest(A, subject)).isTrue();
            assertThat(s.tags(A)).isEmpty();
            assertThat(s.resolveTag(A, "v1")).isEmpty();
            assertThat(s.deleteManifest(A, subject)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void hostileUploadIdsAndTagsCannotEscapeTheRoot(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            for (String id : List.of("../../etc/passwd", "..", "%2e%2e", "a/b", "x\0y", "0".repeat(5000))) {
                assertThat(s.uploadOffset(A, id)).isEmpty();
                assertThat(s.cancelUpload(A, id)).isFalse();
                assertThatThrownBy(() -> s.appendUpload(A, id, -1, new ByteArrayInputStream(new byte[1]), 10))
                        .isInstanceOf(UploadException.class);
            }
            for (String name : List.of("..", "a/../b", "a/./b", "/a", "a/", "a\\b", "a\0b", "a".repeat(300))) {
                assertThatThrownBy(() -> new RepositoryName(name)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void clearEmptiesEverything(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            Digest d = push(s, A, "x");
            String open = s.startUpload(B, "sha256");
            s.clear();
            assertThat(s.blobSize(A, d)).isEmpty();
            assertThat(s.repositories()).isEmpty();
            assertThat(s.uploadOffset(B, open)).isEmpty();
            push(s, A, "after");
            assertThat(s.repositories()).containsExactly(A);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void manyWritersOfTheSameBlobAndTagAgree(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Digest>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        Digest d = push(s, n % 2 == 0 ? A : B, "same content");
                        byte[] m = ("{\"schemaVersion\":2,\"n\":" + n + "}").getBytes(UTF_8);
                        s.putManifest(
                                A,
                                new Storage.StoredManifest(Digest.sha256(m), MediaTypes.OCI_MANIFEST, m),
                                List.of("race"),
                                Optional.empty());
                        if (n % 3 == 0) {
                            s.deleteBlob(B, d);
                            push(s, B, "same content");
                        }
                        return d;
                    }));
                }
                for (Future<Digest> f : results) {
                    assertThat(f.get()).isEqualTo(Digest.sha256("same content".getBytes(UTF_8)));
                }
            } finally {
                pool.shutdownNow();
            }
            Digest d = Digest.sha256("same content".getBytes(UTF_8));
            assertThat(read(s, A, d)).isEqualTo("same content");
            assertThat(read(s, B, d)).isEqualTo("same content");
            Digest tagged = s.resolveTag(A, "race").orElseThrow();
            assertThat(new String(s.manifest(A, tagged).orElseThrow().content(), UTF_8))
                    .startsWith("{\"schemaVersion\":2,\"n\":");
        }
    }
}
