package dev.ocireg.storage;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link Storages#inMemory()}: a {@link PathStorage} on its own Jimfs file system, made when the storage is first
 * used rather than when the registry is built. A registry that has only answered {@code GET /v2/} (or been reset,
 * or closed) has loaded neither Jimfs nor Guava, made no file system and started nothing: about 200 classes and a
 * tenth of a second off the first start in a JVM, and most of the cost of each further registry.
 *
 * <p>Emptying a storage that was never used has nothing to do; after {@link #close()} every method throws {@link
 * ClosedFileSystemException}, as the closed file system would.
 */
final class InMemoryStorage implements Storage {

    /** Null until first used. */
    private volatile PathStorage storage;

    private volatile boolean closed;

    /** The file system, made on the first call. */
    private PathStorage storage() {
        if (closed) { // the indexes would still answer listings after the file system closed
            throw new ClosedFileSystemException();
        }
        PathStorage made = storage;
        if (made == null) {
            synchronized (this) {
                if (closed) {
                    throw new ClosedFileSystemException();
                }
                made = storage;
                if (made == null) {
                    made = PathStorage.inMemory();
                    storage = made;
                }
            }
        }
        return made;
    }

    /** Whether the file system has been made (for tests). */
    boolean isMade() {
        return storage != null;
    }

    @Override
    public OptionalLong blobSize(RepositoryName repository, Digest digest) throws IOException {
        return storage().blobSize(repository, digest);
    }

    @Override
    public Optional<SeekableByteChannel> openBlob(RepositoryName repository, Digest digest) throws IOException {
        return storage().openBlob(repository, digest);
    }

    @Override
    public boolean mountBlob(RepositoryName repository, Digest digest, Optional<RepositoryName> from)
            throws IOException {
        return storage().mountBlob(repository, digest, from);
    }

    @Override
    public boolean deleteBlob(RepositoryName repository, Digest digest) throws IOException {
        return storage().deleteBlob(repository, digest);
    }

    @Override
    public String startUpload(RepositoryName repository, String digestAlgorithm) throws IOException {
        return storage().startUpload(repository, digestAlgorithm);
    }

    @Override
    public OptionalLong uploadOffset(RepositoryName repository, String uploadId) throws IOException {
        return storage().uploadOffset(repository, uploadId);
    }

    @Override
    public long appendUpload(
            RepositoryName repository, String uploadId, long expectedOffset, InputStream data, long maxChunkBytes)
            throws IOException {
        return storage().appendUpload(repository, uploadId, expectedOffset, data, maxChunkBytes);
    }

    @Override
    public long completeUpload(RepositoryName repository, String uploadId, Digest expected) throws IOException {
        return storage().completeUpload(repository, uploadId, expected);
    }

    @Override
    public boolean cancelUpload(RepositoryName repository, String uploadId) throws IOException {
        return storage().cancelUpload(repository, uploadId);
    }

    @Override
    public void putManifest(
            RepositoryName repository, StoredManifest manifest, List<String> tags, Optional<Referrer> referrer)
            throws IOException {
        storage().putManifest(repository, manifest, tags, referrer);
    }

    @Override
    public Optional<StoredManifest> manifest(RepositoryName repository, Digest digest) throws IOException {
        return storage().manifest(repository, digest);
    }

    @Override
    public Optional<Descriptor> manifestDescriptor(RepositoryName repository, Digest digest) throws IOException {
        return storage().manifestDescriptor(repository, digest);
    }

    @Override
    public Optional<Digest> resolveTag(RepositoryName repository, String tag) throws IOException {
        return storage().resolveTag(repository, tag);
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException {
        return storage().deleteManifest(repository, digest);
    }

    @Override
    public boolean deleteTag(RepositoryName repository, String tag) throws IOException {
        return storage().deleteTag(repository, tag);
    }

    @Override
    public List<String> tags(RepositoryName repository) throws IOException {
        return storage().tags(repository);
    }

    @Override
    public List<Descriptor> referrers(RepositoryName repository, Digest subject) throws IOException {
        return storage().referrers(repository, subject);
    }

    @Override
    public boolean mountBlob(RepositoryName repository, Digest digest, Predicate<RepositoryName> from)
            throws IOException {
        return storage().mountBlob(repository, digest, from);
    }

    @Override
    public List<String> tags(RepositoryName repository, String after, int limit) throws IOException {
        return storage().tags(repository, after, limit);
    }

    @Override
    public List<Descriptor> referrers(
            RepositoryName repository, Digest subject, Set<String> artifactTypes, String after, int limit)
            throws IOException {
        return storage().referrers(repository, subject, artifactTypes, after, limit);
    }

    @Override
    public List<RepositoryName> repositories(String after, int limit) throws IOException {
        return storage().repositories(after, limit);
    }

    @Override
    public boolean repositoryExists(RepositoryName repository) throws IOException {
        return storage().repositoryExists(repository);
    }

    @Override
    public List<RepositoryName> repositories() throws IOException {
        return storage().repositories();
    }

    @Override
    public void clear() throws IOException {
        PathStorage made = storage;
        if (made == null) {
            synchronized (this) {
                if (closed) {
                    throw new ClosedFileSystemException();
                }
                made = storage;
                if (made == null) {
                    return; // never used: already empty
                }
            }
        }
        made.clear();
    }

    @Override
    public void close() throws IOException {
        PathStorage made;
        synchronized (this) {
            closed = true;
            made = storage;
        }
        if (made != null) {
            made.close();
        }
    }
}
