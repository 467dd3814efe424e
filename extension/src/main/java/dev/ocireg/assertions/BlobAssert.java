package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;

/**
 * Assertions over one blob visible in a repository. Get one from {@link RepositoryAssert#hasBlob(String)}. A blob's
 * bytes are fixed by its digest, so its size is all there is left to check.
 *
 * <pre>{@code
 * assertThat(registry).repository("org/app").hasBlob(layerDigest).withSize(1234);
 * }</pre>
 */
public final class BlobAssert {
    private final RepositoryName repository;
    private final Digest digest;
    private final long size;

    BlobAssert(RepositoryName repository, Digest digest, long size) {
        this.repository = repository;
        this.digest = digest;
        this.size = size;
    }

    /** Asserts the blob's size in bytes. */
    public BlobAssert withSize(long bytes) {
        if (size != bytes) {
            throw failure(
                    "expected blob " + digest + " in " + repository + " to have " + bytes + " bytes but it has " + size,
                    bytes,
                    size);
        }
        return this;
    }
}
