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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
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

    /**
     * The backends, and a storage that has only the abstract methods of the SPI (its paged listings and its mount by
     * predicate are the interface's defaults), so the defaults keep the contract that PathStorage's indexes keep.
     */
    static Stream<Arguments> backendsAndDefaults() {
        return Stream.concat(backends(), Stream.of(Arguments.of("SPI defaults", (Callable<Storage>)
                () -> withDefaults(Storages.inMemory()))));
    }

    private static Storage withDefaults(Storage real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Storage)
                Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, handler);
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

    private static Digest manifest(Storage s, RepositoryName repo, String content, List<String> tags)
            throws IOException {
        byte[] bytes = ("{\"schemaVersion\":2,\"c\":\"" + content + "\"}").getBytes(UTF_8);
        Digest d = Digest.sha256(bytes);
        s.putManifest(repo, new Storage.StoredManifest(d, MediaTypes.OCI_MANIFEST, bytes), tags, Optional.empty());
        return d;
    }

    private static Descriptor referrer(Storage s, RepositoryName repo, Digest subject, String content, String type)
            throws IOException {
        byte[] bytes = ("{\"schemaVersion\":2,\"r\":\"" + content + "\"}").getBytes(UTF_8);
        Digest d = Digest.sha256(bytes);
        Descriptor entry = new Descriptor(MediaTypes.OCI_MANIFEST, d, bytes.length, type, Map.of());
        s.putManifest(
                repo,
                new Storage.StoredManifest(d, MediaTypes.OCI_MANIFEST, bytes),
                List.of(),
                Optional.of(new Storage.Referrer(subject, entry)));
        return entry;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backendsAndDefaults")
    void pagesOfTagsStartAfterTheirCursorAndHoldAtMostTheLimit(String backend, Callable<Storage> factory)
            throws Exception {
        try (Storage s = factory.call()) {
            manifest(s, A, "m", List.of("b", "a", "c10", "c9", "Z", "_"));
            assertThat(s.tags(A)).containsExactly("Z", "_", "a", "b", "c10", "c9");
            assertThat(s.tags(A, null, 2)).containsExactly("Z", "_");
            assertThat(s.tags(A, "_", 3)).containsExactly("a", "b", "c10");
            assertThat(s.tags(A, "a0", 100)).containsExactly("b", "c10", "c9"); // a cursor need not be a tag
            assertThat(s.tags(A, "c9", 5)).isEmpty();
            assertThat(s.tags(A, null, 0)).isEmpty();
            assertThat(s.tags(B, null, 10)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backendsAndDefaults")
    void pagesOfRepositoriesAreInAsciiOrder(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            for (String name : List.of("z9", "alpha/beta", "alpha-beta", "alpha", "m/n/o")) {
                push(s, RepositoryName.parse(name), name);
            }
            assertThat(s.repositories(null, 2))
                    .extracting(RepositoryName::value)
                    .containsExactly("alpha", "alpha-beta");
            assertThat(s.repositories("alpha-beta", 2))
                    .extracting(RepositoryName::value)
                    .containsExactly("alpha/beta", "m/n/o");
            assertThat(s.repositories("m", 10))
                    .extracting(RepositoryName::value)
                    .containsExactly("m/n/o", "z9");
            assertThat(s.repositories("z9", 10)).isEmpty();
            assertThat(s.repositories()).hasSize(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backendsAndDefaults")
    void pagesOfReferrersAreFilteredByArtifactTypeAndOrderedByDigest(String backend, Callable<Storage> factory)
            throws Exception {
        try (Storage s = factory.call()) {
            Digest subject = manifest(s, A, "subject", List.of());
            List<Descriptor> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String type = i % 3 == 0 ? "type/a" : i % 3 == 1 ? "type/b" : null;
                all.add(referrer(s, A, subject, "r" + i, type));
            }
            all.sort(java.util.Comparator.comparing(d -> d.digest().toString()));
            List<Descriptor> typeAOrB =
                    all.stream().filter(d -> d.artifactType() != null).toList();

            assertThat(s.referrers(A, subject)).containsExactlyElementsOf(all);
            assertThat(s.referrers(A, subject, Set.of(), null, 5)).containsExactlyElementsOf(all.subList(0, 5));
            String cursor = all.get(4).digest().toString();
            assertThat(s.referrers(A, subject, Set.of(), cursor, 100)).containsExactlyElementsOf(all.subList(5, 12));
            assertThat(s.referrers(A, subject, Set.of("type/a"), null, 100))
                    .containsExactlyElementsOf(all.stream()
                            .filter(d -> "type/a".equals(d.artifactType()))
                            .toList());
            assertThat(s.referrers(A, subject, Set.of("type/a", "type/b"), null, 100))
                    .containsExactlyElementsOf(typeAOrB);
            String middle = typeAOrB.get(3).digest().toString();
            assertThat(s.referrers(A, subject, Set.of("type/b", "type/a"), middle, 2))
                    .containsExactlyElementsOf(typeAOrB.subList(4, 6));
            assertThat(s.referrers(A, subject, Set.of("type/none"), null, 100)).isEmpty();
            assertThat(s.referrers(B, subject, Set.of(), null, 100)).isEmpty();

            // deleting a referrer takes it out of every view, filtered or not
            Descriptor gone = typeAOrB.get(0);
            assertThat(s.deleteManifest(A, gone.digest())).isTrue();
            assertThat(s.referrers(A, subject, Set.of(), null, 100)).doesNotContain(gone);
            assertThat(s.referrers(A, subject, Set.of(gone.artifactType()), null, 100))
                    .doesNotContain(gone)
                    .isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backendsAndDefaults")
    void aMountByPredicateLooksOnlyInTheAcceptedRepositories(String backend, Callable<Storage> factory)
            throws Exception {
        try (Storage s = factory.call()) {
            Digest d = push(s, A, "layer");
            Predicate<RepositoryName> onlyB = B::equals;
            RepositoryName target = RepositoryName.parse("org/target");
            assertThat(s.mountBlob(target, d, onlyB)).isFalse();
            assertThat(s.blobSize(target, d)).isEmpty();
            assertThat(s.mountBlob(target, d, (Predicate<RepositoryName>) A::equals))
                    .isTrue();
            assertThat(read(s, target, d)).isEqualTo("layer");
            assertThat(s.mountBlob(target, Digest.sha256("absent".getBytes(UTF_8)), r -> true))
                    .isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void deletingAManifestRemovesTheTagsThatPointAtItAndOnlyThose(String backend, Callable<Storage> factory)
            throws Exception {
        try (Storage s = factory.call()) {
            Digest one = manifest(s, A, "one", List.of("v1", "moved", "stable"));
            Digest two = manifest(s, A, "two", List.of("v2", "moved"));
            manifest(s, B, "one", List.of("v1"));
            assertThat(s.deleteTag(A, "stable")).isTrue();
            assertThat(s.deleteManifest(A, one)).isTrue();
            assertThat(s.tags(A)).containsExactly("moved", "v2"); // "moved" points at two now
            assertThat(s.tags(A, null, 10)).containsExactly("moved", "v2");
            assertThat(s.resolveTag(A, "moved")).hasValue(two);
            assertThat(s.tags(B)).containsExactly("v1");
            assertThat(s.resolveTag(B, "v1")).hasValue(one);
            assertThat(s.deleteManifest(A, two)).isTrue();
            assertThat(s.tags(A)).isEmpty();
            assertThat(s.repositories()).containsExactly(A, B); // a repository stays known after its content goes
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void contentGoesWithItsLastLinkWhetherBlobOrManifest(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            // the same bytes: a blob in A, a manifest in B
            Digest d = manifest(s, B, "both", List.of("t"));
            byte[] bytes = s.manifest(B, d).orElseThrow().content();
            String id = s.startUpload(A, "sha256");
            s.appendUpload(A, id, -1, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
            s.completeUpload(A, id, d);
            RepositoryName c = RepositoryName.parse("org/c");

            assertThat(s.deleteManifest(B, d)).isTrue();
            assertThat(s.blobSize(A, d)).hasValue(bytes.length); // still linked as a blob in A
            assertThat(s.mountBlob(c, d, Optional.empty())).isTrue();
            assertThat(s.deleteBlob(c, d)).isTrue();
            assertThat(s.deleteBlob(A, d)).isTrue();
            assertThat(s.mountBlob(c, d, Optional.empty())).isFalse();
            assertThat(s.mountBlob(c, d, r -> true)).isFalse();
            // pushed again, it is stored again
            assertThat(push(s, c, new String(bytes, UTF_8))).isEqualTo(d);
            assertThat(s.blobSize(c, d)).hasValue(bytes.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void concurrentTagPushesInOneRepositoryAreAllListed(String backend, Callable<Storage> factory) throws Exception {
        try (Storage s = factory.call()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<String> expected = new ArrayList<>();
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    for (int i = 0; i < 40; i++) {
                        expected.add("t" + thread + "-" + i);
                    }
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            manifest(s, A, thread + "/" + i, List.of("t" + thread + "-" + i));
                            push(s, RepositoryName.parse("org/r" + thread + "-" + i), "x");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            expected.sort(null);
            assertThat(s.tags(A)).containsExactlyElementsOf(expected);
            List<String> paged = new ArrayList<>();
            for (List<String> page = s.tags(A, null, 7);
                    !page.isEmpty();
                    page = s.tags(A, paged.get(paged.size() - 1), 7)) {
                paged.addAll(page);
            }
            assertThat(paged).containsExactlyElementsOf(expected);
            assertThat(s.repositories()).hasSize(1 + 8 * 40);
        }
    }

    @org.junit.jupiter.api.Test
    void aDirectoryOpenedAgainListsWhatItHeld() throws Exception {
        Path dir = Files.createTempDirectory(disk, "reopened");
        Digest shared;
        Digest subject;
        Descriptor signature;
        Digest tagged;
        try (Storage s = Storages.directory(dir)) {
            shared = push(s, A, "shared");
            push(s, B, "shared");
            subject = manifest(s, A, "subject", List.of("v1", "latest"));
            tagged = manifest(s, A, "other", List.of("other"));
            signature = referrer(s, A, subject, "sig", "application/example.sig");
            referrer(s, A, subject, "sbom", "application/example.sbom");
        }
        try (Storage s = Storages.directory(dir)) {
            assertThat(s.repositories()).containsExactly(A, B);
            assertThat(s.repositories("org/a", 10)).containsExactly(B);
            assertThat(s.tags(A)).containsExactly("latest", "other", "v1");
            assertThat(s.tags(A, "latest", 1)).containsExactly("other");
            assertThat(s.referrers(A, subject)).hasSize(2).contains(signature);
            assertThat(s.referrers(A, subject, Set.of("application/example.sig"), null, 10))
                    .containsExactly(signature);

            // the links were read back: content goes with its last link, tags with their manifest
            assertThat(s.deleteBlob(A, shared)).isTrue();
            assertThat(read(s, B, shared)).isEqualTo("shared");
            assertThat(s.mountBlob(A, shared, Optional.empty())).isTrue();
            assertThat(s.deleteBlob(A, shared)).isTrue();
            assertThat(s.deleteBlob(B, shared)).isTrue();
            assertThat(s.mountBlob(A, shared, Optional.empty())).isFalse();
            assertThat(s.deleteManifest(A, subject)).isTrue();
            assertThat(s.tags(A)).containsExactly("other");
            assertThat(s.resolveTag(A, "other")).hasValue(tagged);
        }
        try (Storage s = Storages.directory(dir)) {
            assertThat(s.tags(A)).containsExactly("other");
            assertThat(s.blobSize(B, shared)).isEmpty();
        }
    }
}
