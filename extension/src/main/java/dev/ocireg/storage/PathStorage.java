package dev.ocireg.storage;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.io.FileTrees;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one {@link Storage} implementation, over any {@link Path}: a Jimfs file system in memory or a directory on disk.
 *
 * <pre>
 * root/blobs/&lt;alg&gt;/&lt;hh&gt;/&lt;hex&gt;                 content, shared by all repositories
 * root/uploads/&lt;uuid&gt;                           uploads in progress
 * root/repositories/&lt;name…&gt;/@/blobs/&lt;alg&gt;/&lt;hex&gt;      blob links (empty files)
 * root/repositories/&lt;name…&gt;/@/manifests/&lt;alg&gt;/&lt;hex&gt;  manifest links (media type, size, subject)
 * root/repositories/&lt;name…&gt;/@/tags/&lt;tag&gt;               the digest a tag points at
 * root/repositories/&lt;name…&gt;/@/referrers/&lt;alg&gt;/&lt;hex&gt;/&lt;alg&gt;-&lt;hex&gt;  referrer descriptors
 * </pre>
 *
 * The {@code @} directory cannot clash with a repository component, which is limited to {@code [A-Za-z0-9._-]}.
 * Files are replaced by writing a sibling whose name starts with a dot, then moving it into place atomically.
 *
 * <p>Locks: a repository stripe guards tags, manifest links and referrers of a repository; a content stripe guards
 * the creation of links to a digest and the removal of its content. The repository lock is always taken first.
 *
 * <p>A {@link StorageIndex} in memory mirrors the links, tags, referrers and repositories, so listings, deletes and
 * mounts do not scan the tree. It changes right after the files it mirrors, under the same locks; a directory storage
 * builds it from the files when it is opened.
 */
final class PathStorage implements Storage {

    private static final String META = "@";
    /** Jimfs block size: its files are tags, links and referrer descriptors of a few hundred bytes. */
    private static final int JIMFS_BLOCK = 512;
    /** Freed Jimfs blocks kept for reuse after a reset. */
    private static final long FREED_BLOCKS_KEPT = 4L << 20;

    private static final int STRIPES = 64;
    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Hash and write upload chunks while the request thread reads the next part (see {@link ChunkCopier}). Daemon
     * threads, made on first upload and ended by {@link #close()}, so nothing outlives the storage.
     */
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ocireg-upload-worker");
        t.setDaemon(true);
        return t;
    });

    private final ChunkCopier copier = new ChunkCopier(writers);

    private final Path root;
    private final Path blobs;
    private final Path uploads;
    private final Path repositories;
    private final FileSystem ownedFileSystem;
    private final ContentFiles contents;
    private final Map<String, UploadState> sessions = new ConcurrentHashMap<>();
    private final Object[] repositoryLocks = newLocks();
    private final Object[] contentLocks = newLocks();
    /** Replaced, not emptied, by {@link #clear()}. */
    private volatile StorageIndex index = new StorageIndex();

    private PathStorage(Path root, FileSystem ownedFileSystem, ContentFiles contents) throws IOException {
        this.root = root;
        this.contents = contents;
        this.blobs = root.resolve("blobs");
        this.uploads = root.resolve("uploads");
        this.repositories = root.resolve("repositories");
        this.ownedFileSystem = ownedFileSystem;
        Files.createDirectories(blobs);
        Files.createDirectories(uploads);
        Files.createDirectories(repositories);
    }

    /**
     * A storage on a new Jimfs file system that it owns and closes. Jimfs holds the names, links, tags and referrers
     * (small files, hence small blocks); the bytes of uploads and blobs live in a {@link MemoryContent}.
     */
    static PathStorage inMemory() {
        FileSystem fs = Jimfs.newFileSystem(
                "ocireg-" + UUID.randomUUID(),
                Configuration.unix().toBuilder()
                        .setBlockSize(JIMFS_BLOCK)
                        .setMaxSize((long) JIMFS_BLOCK << 29) // Jimfs counts blocks in an int
                        .setMaxCacheSize(FREED_BLOCKS_KEPT)
                        .build());
        try {
            return new PathStorage(fs.getPath("/registry"), fs, new MemoryContent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create in-memory storage", e);
        }
    }

    /**
     * A storage rooted at {@code directory}, created when missing. Upload sessions do not survive a restart, so the
     * partial files of earlier runs are removed.
     */
    static PathStorage open(Path directory) throws IOException {
        Files.createDirectories(directory);
        PathStorage storage = new PathStorage(directory.toAbsolutePath(), null, ContentFiles.FILES);
        FileTrees.deleteTree(storage.uploads);
        Files.createDirectories(storage.uploads);
        storage.index = storage.readIndex();
        return storage;
    }

    /** The root directory. */
    Path root() {
        return root;
    }

    // ---------------------------------------------------------------- blobs

    @Override
    public OptionalLong blobSize(RepositoryName repository, Digest digest) throws IOException {
        if (!Files.exists(blobLink(repository, digest))) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(contents.size(content(digest)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public Optional<SeekableByteChannel> openBlob(RepositoryName repository, Digest digest) throws IOException {
        if (!Files.exists(blobLink(repository, digest))) {
            return Optional.empty();
        }
        try {
            return Optional.of(contents.openForReading(content(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean mountBlob(RepositoryName repository, Digest digest, Optional<RepositoryName> from)
            throws IOException {
        return mountBlob(
                repository,
                digest,
                from.<Predicate<RepositoryName>>map(f -> f::equals).orElse(r -> true));
    }

    @Override
    public boolean mountBlob(RepositoryName repository, Digest digest, Predicate<RepositoryName> from)
            throws IOException {
        synchronized (contentLock(digest)) {
            if (!index.hasBlobLink(digest, from) || !contents.exists(content(digest))) {
                return false;
            }
            linkBlob(repository, digest);
            return true;
        }
    }

    @Override
    public boolean deleteBlob(RepositoryName repository, Digest digest) throws IOException {
        synchronized (contentLock(digest)) {
            if (!Files.deleteIfExists(blobLink(repository, digest))) {
                return false;
            }
            index.unlinkBlob(repository, digest);
            collectContent(digest);
            return true;
        }
    }

    // ---------------------------------------------------------------- uploads

    @Override
    public String startUpload(RepositoryName repository, String digestAlgorithm) throws IOException {
        String id = UUID.randomUUID().toString();
        Path file = uploads.resolve(id);
        contents.create(file);
        sessions.put(id, new UploadState(repository, digestAlgorithm, file));
        return id;
    }

    @Override
    public OptionalLong uploadOffset(RepositoryName repository, String uploadId) {
        UploadState state = session(repository, uploadId);
        return state == null ? OptionalLong.empty() : OptionalLong.of(state.size);
    }

    @Override
    public long appendUpload(
            RepositoryName repository, String uploadId, long expectedOffset, InputStream data, long maxChunkBytes)
            throws IOException {
        UploadState state = lockedSession(repository, uploadId);
        try {
            long start = state.size;
            if (expectedOffset >= 0 && expectedOffset != start) {
                throw new UploadException(
                        UploadException.Kind.OFFSET_MISMATCH,
                        "chunk starts at byte " + expectedOffset + " but the upload holds " + start
                                + " bytes; the next chunk must start at " + start,
                        start,
                        null);
            }
            MessageDigest before = cloneOf(state.hasher);
            long written;
            try (SeekableByteChannel channel = contents.openForWriting(state.file)) {
                try {
                    channel.position(start);
                    written = copier.copy(data, state.hasher, channel, maxChunkBytes);
                } catch (IOException | RuntimeException | Error e) {
                    // Leave the upload exactly as it was before this chunk (the copier's workers have stopped): cut
                    // the file back and restore the hash state.
                    state.hasher = before;
                    try {
                        channel.truncate(start);
                    } catch (IOException truncateFailed) {
                        e.addSuppressed(truncateFailed);
                    }
                    if (e instanceof ChunkCopier.TooLarge) {
                        throw new UploadException(
                                UploadException.Kind.TOO_LARGE,
                                "the chunk exceeds the maximum chunk size of " + maxChunkBytes + " bytes",
                                start,
                                null);
                    }
                    throw e;
                }
            }
            state.size = start + written;
            return state.size;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public long completeUpload(RepositoryName repository, String uploadId, Digest expected) throws IOException {
        UploadState state = lockedSession(repository, uploadId);
        try {
            Digest actual = expected.algorithm().equals(state.algorithm)
                    ? Digest.from(state.algorithm, cloneOf(state.hasher))
                    : hashFile(state.file, expected.algorithm());
            sessions.remove(uploadId);
            state.closed = true;
            if (!actual.equals(expected)) {
                contents.delete(state.file);
                throw new UploadException(
                        UploadException.Kind.DIGEST_MISMATCH,
                        "the uploaded content has digest " + actual + ", not " + expected,
                        state.size,
                        actual);
            }
            synchronized (contentLock(expected)) {
                Path target = content(expected);
                if (contents.exists(target)) {
                    contents.delete(state.file);
                } else {
                    // Only the bytes that were hashed become the blob, whatever a failed rollback left behind.
                    try (SeekableByteChannel channel = contents.openForWriting(state.file)) {
                        channel.truncate(state.size);
                    }
                    contents.move(state.file, target);
                }
                linkBlob(repository, expected);
            }
            return state.size;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public boolean cancelUpload(RepositoryName repository, String uploadId) throws IOException {
        UploadState state = session(repository, uploadId);
        if (state == null) {
            return false;
        }
        state.lock.lock();
        try {
            if (state.closed) {
                return false;
            }
            state.closed = true;
            sessions.remove(uploadId);
            contents.delete(state.file);
            return true;
        } finally {
            state.lock.unlock();
        }
    }

    private UploadState session(RepositoryName repository, String uploadId) {
        if (uploadId == null || !UUID_PATTERN.matcher(uploadId).matches()) {
            return null;
        }
        UploadState state = sessions.get(uploadId);
        return state != null && state.repository.equals(repository) ? state : null;
    }

    private UploadState lockedSession(RepositoryName repository, String uploadId) throws UploadException {
        UploadState state = session(repository, uploadId);
        if (state != null) {
            state.lock.lock();
            if (!state.closed) {
                return state;
            }
            state.lock.unlock();
        }
        throw new UploadException(
                UploadException.Kind.UNKNOWN,
                "no upload " + uploadId + " in progress in repository " + repository,
                0,
                null);
    }

    private Digest hashFile(Path file, String algorithm) throws IOException {
        MessageDigest md = Digest.newMessageDigest(algorithm);
        try (InputStream in = Channels.newInputStream(contents.openForReading(file))) {
            byte[] buffer = new byte[ChunkCopier.BUFFER];
            int n;
            while ((n = in.read(buffer)) != -1) {
                md.update(buffer, 0, n);
            }
        }
        return Digest.from(algorithm, md);
    }

    private static MessageDigest cloneOf(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("digest state cannot be saved", e);
        }
    }

    // ---------------------------------------------------------------- manifests

    @Override
    public void putManifest(
            RepositoryName repository, StoredManifest manifest, List<String> tags, Optional<Referrer> referrer)
            throws IOException {
        Digest digest = manifest.digest();
        synchronized (repositoryLock(repository)) {
            synchronized (contentLock(digest)) {
                Path target = content(digest);
                if (!contents.exists(target)) {
                    contents.write(target, manifest.content());
                }
                ObjectNode meta = ContentJson.objectNode();
                meta.put("mediaType", manifest.mediaType());
                meta.put("size", manifest.size());
                referrer.ifPresent(r -> meta.put("subject", r.subject().toString()));
                FileTrees.writeAtomically(manifestLink(repository, digest), ContentJson.write(meta));
                index.linkManifest(repository, digest);
            }
            for (String tag : tags) {
                FileTrees.writeAtomically(
                        tagFile(repository, tag), digest.toString().getBytes(StandardCharsets.UTF_8));
                index.putTag(repository, tag, digest);
            }
            if (referrer.isPresent()) {
                Referrer r = referrer.get();
                FileTrees.writeAtomically(
                        referrerFile(repository, r.subject(), digest), ContentJson.writeDescriptor(r.descriptor()));
                index.putReferrer(repository, r.subject(), r.descriptor());
            }
        }
    }

    @Override
    public Optional<StoredManifest> manifest(RepositoryName repository, Digest digest) throws IOException {
        Optional<JsonNode> meta = manifestMeta(repository, digest);
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = contents.readAll(content(digest));
            return Optional.of(
                    new StoredManifest(digest, meta.get().path("mediaType").asString(), bytes));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Descriptor> manifestDescriptor(RepositoryName repository, Digest digest) throws IOException {
        return manifestMeta(repository, digest)
                .map(m -> Descriptor.of(
                        m.path("mediaType").asString(), digest, m.path("size").asLong()));
    }

    private Optional<JsonNode> manifestMeta(RepositoryName repository, Digest digest) throws IOException {
        try {
            return Optional.of(ContentJson.readTree(Files.readAllBytes(manifestLink(repository, digest))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Digest> resolveTag(RepositoryName repository, String tag) throws IOException {
        try {
            String text = Files.readString(tagFile(repository, tag), StandardCharsets.UTF_8);
            Digest digest = Digest.parse(text.trim());
            return Files.exists(manifestLink(repository, digest)) ? Optional.of(digest) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException {
        synchronized (repositoryLock(repository)) {
            Optional<JsonNode> meta = manifestMeta(repository, digest);
            if (meta.isEmpty()) {
                return false;
            }
            for (String tag : index.tagsOf(repository, digest)) {
                Files.deleteIfExists(tagFile(repository, tag));
                index.removeTag(repository, tag);
            }
            String subject = meta.get().path("subject").asString("");
            if (!subject.isEmpty()) {
                Digest subjectDigest = Digest.parse(subject);
                Files.deleteIfExists(referrerFile(repository, subjectDigest, digest));
                index.removeReferrer(repository, subjectDigest, digest);
            }
            synchronized (contentLock(digest)) {
                Files.deleteIfExists(manifestLink(repository, digest));
                index.unlinkManifest(repository, digest);
                collectContent(digest);
            }
            return true;
        }
    }

    @Override
    public boolean deleteTag(RepositoryName repository, String tag) throws IOException {
        synchronized (repositoryLock(repository)) {
            boolean deleted = Files.deleteIfExists(tagFile(repository, tag));
            index.removeTag(repository, tag);
            return deleted;
        }
    }

    @Override
    public List<String> tags(RepositoryName repository) {
        return index.tags(repository, null, Integer.MAX_VALUE);
    }

    @Override
    public List<String> tags(RepositoryName repository, String after, int limit) {
        return index.tags(repository, after, limit);
    }

    @Override
    public List<Descriptor> referrers(RepositoryName repository, Digest subject) {
        return index.referrers(repository, subject, Set.of(), null, Integer.MAX_VALUE);
    }

    @Override
    public List<Descriptor> referrers(
            RepositoryName repository, Digest subject, Set<String> artifactTypes, String after, int limit) {
        return index.referrers(repository, subject, artifactTypes, after, limit);
    }

    // ---------------------------------------------------------------- repositories

    @Override
    public boolean repositoryExists(RepositoryName repository) {
        if (Files.isDirectory(metaDir(repository))) {
            return true;
        }
        return sessions.values().stream().anyMatch(s -> s.repository.equals(repository));
    }

    @Override
    public List<RepositoryName> repositories() {
        return index.repositories(null, Integer.MAX_VALUE);
    }

    @Override
    public List<RepositoryName> repositories(String after, int limit) {
        return index.repositories(after, limit);
    }

    /**
     * The index of what the files hold, for a directory opened again. Entries that do not parse (a file left by hand,
     * a foreign directory) are left out, as a listing would have failed on them.
     */
    private StorageIndex readIndex() throws IOException {
        StorageIndex built = new StorageIndex();
        Map<Digest, Digest> canonical = new HashMap<>(); // one instance per manifest digest, however many tags
        for (Path meta : metaDirs()) {
            Path relative = repositories.relativize(meta.getParent());
            RepositoryName name;
            try {
                name = new RepositoryName(
                        relative.toString().replace(relative.getFileSystem().getSeparator(), "/"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            built.addRepository(name);
            List<String> parts = FileTrees.listNames(meta); // looks once instead of failing on each missing part
            if (parts.contains("blobs")) {
                for (Digest d : digestsUnder(meta.resolve("blobs"))) {
                    built.linkBlob(name, d);
                }
            }
            if (parts.contains("manifests")) {
                for (Digest d : digestsUnder(meta.resolve("manifests"))) {
                    built.linkManifest(name, canonical.computeIfAbsent(d, k -> k));
                }
            }
            if (parts.contains("tags")) {
                readTags(built, name, meta.resolve("tags"), canonical);
            }
            if (parts.contains("referrers")) {
                readReferrers(built, name, meta.resolve("referrers"));
            }
        }
        return built;
    }

    private static void readTags(StorageIndex built, RepositoryName name, Path dir, Map<Digest, Digest> canonical)
            throws IOException {
        for (String tag : FileTrees.listNames(dir)) {
            try {
                Digest d = Digest.parse(Files.readString(dir.resolve(tag), StandardCharsets.UTF_8)
                        .trim());
                built.putTag(name, tag, canonical.computeIfAbsent(d, k -> k));
            } catch (IllegalArgumentException | CharacterCodingException e) {
                // not a tag file
            }
        }
    }

    private static void readReferrers(StorageIndex built, RepositoryName name, Path dir) throws IOException {
        for (String algorithm : FileTrees.listNames(dir)) {
            for (String encoded : FileTrees.listNames(dir.resolve(algorithm))) {
                Path subjectDir = dir.resolve(algorithm).resolve(encoded);
                Digest subject;
                try {
                    subject = Digest.parse(algorithm + ":" + encoded);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                for (String file : FileTrees.listNames(subjectDir)) {
                    Path path = subjectDir.resolve(file);
                    try {
                        built.putReferrer(
                                name, subject, ContentJson.readDescriptor(Files.readAllBytes(path), path.toString()));
                    } catch (IllegalArgumentException e) {
                        // not a referrer descriptor
                    }
                }
            }
        }
    }

    /** The digests named by {@code <alg>/<hex>} files under {@code dir}. */
    private static List<Digest> digestsUnder(Path dir) throws IOException {
        List<Digest> digests = new ArrayList<>();
        for (String algorithm : FileTrees.listNames(dir)) {
            for (String encoded : FileTrees.listNames(dir.resolve(algorithm))) {
                try {
                    digests.add(Digest.parse(algorithm + ":" + encoded));
                } catch (IllegalArgumentException e) {
                    // not a link
                }
            }
        }
        return digests;
    }

    /** The {@code @} directory of every repository, without descending into them (they hold the links). */
    private List<Path> metaDirs() throws IOException {
        List<Path> metas = new ArrayList<>();
        Files.walkFileTree(repositories, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(
                    Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(META)) {
                    metas.add(dir);
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return metas;
    }

    @Override
    public void clear() throws IOException {
        for (UploadState state : sessions.values()) {
            state.closed = true;
        }
        sessions.clear();
        contents.clear(blobs);
        contents.clear(uploads);
        FileTrees.deleteTree(repositories);
        Files.createDirectories(repositories);
        index = new StorageIndex();
    }

    @Override
    public void close() throws IOException {
        writers.shutdownNow();
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS); // a writer blocked in I/O ends with its interrupted channel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedFileSystem != null) { // in memory: the content's buffers go back to the pool
            contents.clear(root);
            ownedFileSystem.close();
        }
    }

    // ---------------------------------------------------------------- paths and helpers

    private Path content(Digest digest) {
        return blobs.resolve(digest.algorithm())
                .resolve(digest.encoded().substring(0, 2))
                .resolve(digest.encoded());
    }

    private Path metaDir(RepositoryName repository) {
        Path dir = repositories;
        for (String component : repository.value().split("/")) {
            dir = dir.resolve(component);
        }
        return dir.resolve(META);
    }

    private Path blobLink(RepositoryName repository, Digest digest) {
        return metaDir(repository).resolve("blobs").resolve(digest.algorithm()).resolve(digest.encoded());
    }

    private Path manifestLink(RepositoryName repository, Digest digest) {
        return metaDir(repository)
                .resolve("manifests")
                .resolve(digest.algorithm())
                .resolve(digest.encoded());
    }

    private Path tagFile(RepositoryName repository, String tag) {
        if (tag.isEmpty() || tag.startsWith(".") || tag.contains("/") || tag.contains("\\")) {
            throw new IllegalArgumentException("unsafe tag '" + tag + "'");
        }
        return metaDir(repository).resolve("tags").resolve(tag);
    }

    private Path referrerFile(RepositoryName repository, Digest subject, Digest referrer) {
        return metaDir(repository)
                .resolve("referrers")
                .resolve(subject.algorithm())
                .resolve(subject.encoded())
                .resolve(referrer.algorithm() + "-" + referrer.encoded());
    }

    /** Links a blob into a repository: its empty link file, then the index. Caller holds the content lock. */
    private void linkBlob(RepositoryName repository, Digest digest) throws IOException {
        FileTrees.touch(blobLink(repository, digest));
        index.linkBlob(repository, digest);
    }

    /** Deletes the content of {@code digest} when no repository links it any more. Caller holds its content lock. */
    private void collectContent(Digest digest) throws IOException {
        if (!index.isLinked(digest)) {
            contents.delete(content(digest));
        }
    }

    private Object repositoryLock(RepositoryName repository) {
        return repositoryLocks[Math.floorMod(repository.hashCode(), STRIPES)];
    }

    private Object contentLock(Digest digest) {
        return contentLocks[Math.floorMod(digest.hashCode(), STRIPES)];
    }

    private static Object[] newLocks() {
        Object[] locks = new Object[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        return locks;
    }

    private static final class UploadState {
        final RepositoryName repository;
        final String algorithm;
        final Path file;
        final ReentrantLock lock = new ReentrantLock();
        MessageDigest hasher;
        long size;
        boolean closed;

        UploadState(RepositoryName repository, String algorithm, Path file) {
            this.repository = repository;
            this.algorithm = algorithm;
            this.file = file;
            this.hasher = Digest.newMessageDigest(algorithm);
        }
    }
}
