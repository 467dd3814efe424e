package dev.ocireg.storage;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a registry keeps its content. Get one from {@link Storages}.
 *
 * <p>Blobs are content-addressed and visible per repository: a blob pushed to {@code a/b} is readable from
 * {@code c/d} only after it was pushed or mounted there. Manifests are stored by digest per repository, with a tag
 * index and a referrers index beside them. Uploads stream into a temporary file while they are hashed; the content
 * becomes visible only when {@link #completeUpload} finds the digest it was promised.
 *
 * <p>Implementations must be safe for concurrent use by many request threads.
 *
 * <p>The paged listings ({@link #tags(RepositoryName, String, int)}, {@link #repositories(String, int)}, {@link
 * #referrers(RepositoryName, Digest, Set, String, int)}) and {@link #mountBlob(RepositoryName, Digest, Predicate)} have
 * defaults built on the full lists; an implementation that keeps indexes overrides them so that a request costs its
 * page, not everything stored.
 */
public interface Storage extends Closeable {

    // ---- blobs ----

    /** The size of a blob that is visible in {@code repository}, or empty. */
    OptionalLong blobSize(RepositoryName repository, Digest digest) throws IOException;

    /** Opens a blob visible in {@code repository} for reading, or empty when it is not there. */
    Optional<SeekableByteChannel> openBlob(RepositoryName repository, Digest digest) throws IOException;

    /**
     * Makes a blob visible in {@code repository} when it is visible in {@code from}, or, with {@code from} empty,
     * in any repository. Returns false when it is not found.
     */
    boolean mountBlob(RepositoryName repository, Digest digest, Optional<RepositoryName> from) throws IOException;

    /**
     * Makes a blob visible in {@code repository} when it is visible in some repository that {@code from} accepts (the
     * repositories the caller may pull from). Returns false when it is in none of them. The default tries {@link
     * #repositories()} one by one.
     */
    default boolean mountBlob(RepositoryName repository, Digest digest, Predicate<RepositoryName> from)
            throws IOException {
        for (RepositoryName source : repositories()) {
            if (from.test(source) && mountBlob(repository, digest, Optional.of(source))) {
                return true;
            }
        }
        return false;
    }

    /** Removes a blob from {@code repository}; false when it was not there. */
    boolean deleteBlob(RepositoryName repository, Digest digest) throws IOException;

    // ---- uploads ----

    /** Starts an upload session and returns its id (a UUID). */
    String startUpload(RepositoryName repository, String digestAlgorithm) throws IOException;

    /** Bytes received so far by an upload session of {@code repository}, or empty when there is no such session. */
    OptionalLong uploadOffset(RepositoryName repository, String uploadId) throws IOException;

    /**
     * Appends a chunk read from {@code data} to an upload and returns the new size.
     *
     * @param expectedOffset where the chunk must start, or -1 to append wherever the upload is
     * @param maxChunkBytes the most bytes this chunk may carry; more fails the chunk with {@link
     *     UploadException.Kind#TOO_LARGE}
     * @throws UploadException when the session is unknown, the offset is wrong or the chunk too large; the upload
     *     is then exactly as it was before the call
     */
    long appendUpload(
            RepositoryName repository, String uploadId, long expectedOffset, InputStream data, long maxChunkBytes)
            throws IOException;

    /**
     * Closes an upload: when what it received hashes to {@code expected}, the blob becomes visible in the repository
     * and its size is returned. On a mismatch the session is discarded and nothing is stored.
     *
     * @throws UploadException with {@link UploadException.Kind#DIGEST_MISMATCH} or {@link
     *     UploadException.Kind#UNKNOWN}
     */
    long completeUpload(RepositoryName repository, String uploadId, Digest expected) throws IOException;

    /** Discards an upload session; false when there was none. */
    boolean cancelUpload(RepositoryName repository, String uploadId) throws IOException;

    // ---- manifests, tags, referrers ----

    /**
     * Stores a manifest exactly as given, points {@code tags} at it, and, when {@code referrer} is present, lists it
     * among the referrers of its subject.
     */
    void putManifest(RepositoryName repository, StoredManifest manifest, List<String> tags, Optional<Referrer> referrer)
            throws IOException;

    /** A manifest stored in {@code repository} by digest, or empty. */
    Optional<StoredManifest> manifest(RepositoryName repository, Digest digest) throws IOException;

    /** The size and media type of a stored manifest without reading its content, or empty. */
    Optional<Descriptor> manifestDescriptor(RepositoryName repository, Digest digest) throws IOException;

    /** The digest a tag points at, or empty. */
    Optional<Digest> resolveTag(RepositoryName repository, String tag) throws IOException;

    /**
     * Deletes a manifest, every tag that points at it and its entry in its subject's referrers; false when it was not
     * there.
     */
    boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException;

    /** Deletes a tag, leaving the manifest; false when the tag was not there. */
    boolean deleteTag(RepositoryName repository, String tag) throws IOException;

    /** The tags of a repository in ASCII order. */
    List<String> tags(RepositoryName repository) throws IOException;

    /**
     * A page of tags: at most {@code limit} of them, in ASCII order, each sorting after {@code after} (from the first
     * when {@code after} is null). The default cuts {@link #tags(RepositoryName)}.
     */
    default List<String> tags(RepositoryName repository, String after, int limit) throws IOException {
        List<String> page = new ArrayList<>();
        for (String tag : tags(repository)) {
            if (page.size() >= limit) {
                break;
            }
            if (after == null || tag.compareTo(after) > 0) {
                page.add(tag);
            }
        }
        return page;
    }

    /** The referrers of {@code subject} in {@code repository}, ordered by digest. */
    List<Descriptor> referrers(RepositoryName repository, Digest subject) throws IOException;

    /**
     * A page of the referrers of {@code subject}: at most {@code limit}, ordered by digest, each with a digest that
     * sorts (as text) after {@code after} (from the first when null) and, unless {@code artifactTypes} is empty, an
     * artifact type among them (a referrer without one matches no filter). The default filters {@link
     * #referrers(RepositoryName, Digest)}.
     */
    default List<Descriptor> referrers(
            RepositoryName repository, Digest subject, Set<String> artifactTypes, String after, int limit)
            throws IOException {
        List<Descriptor> page = new ArrayList<>();
        for (Descriptor d : referrers(repository, subject)) {
            if (page.size() >= limit) {
                break;
            }
            boolean typeMatches =
                    artifactTypes.isEmpty() || (d.artifactType() != null && artifactTypes.contains(d.artifactType()));
            if (typeMatches && (after == null || d.digest().toString().compareTo(after) > 0)) {
                page.add(d);
            }
        }
        return page;
    }

    // ---- repositories ----

    /**
     * True when the repository has ever held content (a blob, a manifest or a tag) since the storage was created or
     * cleared, or has an upload in progress. Deleting its content does not make it unknown again.
     */
    boolean repositoryExists(RepositoryName repository) throws IOException;

    /** All repositories in ASCII order. */
    List<RepositoryName> repositories() throws IOException;

    /**
     * A page of repositories: at most {@code limit}, in ASCII order, each with a name that sorts after {@code after}
     * (from the first when null). The default cuts {@link #repositories()}.
     */
    default List<RepositoryName> repositories(String after, int limit) throws IOException {
        List<RepositoryName> page = new ArrayList<>();
        for (RepositoryName name : repositories()) {
            if (page.size() >= limit) {
                break;
            }
            if (after == null || name.value().compareTo(after) > 0) {
                page.add(name);
            }
        }
        return page;
    }

    /** Removes all content, leaving an empty registry. Uploads in progress are discarded. */
    void clear() throws IOException;

    /** A manifest as stored: its exact bytes, their digest and the media type it was pushed with. */
    record StoredManifest(Digest digest, String mediaType, byte[] content) {
        public StoredManifest {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        /** The number of bytes. */
        public long size() {
            return content.length;
        }
    }

    /** A referrers-index entry: the subject a manifest points at and the descriptor listed for it. */
    record Referrer(Digest subject, Descriptor descriptor) {}
}
