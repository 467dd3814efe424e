package dev.ocireg.storage;

import dev.ocireg.spec.Digest;
import java.io.IOException;

/** Why {@link Storage} refused an upload operation. */
public final class UploadException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The reasons an upload operation can be refused. */
    public enum Kind {
        /** No such upload session in this repository. */
        UNKNOWN,
        /** The chunk does not start where the upload ends. */
        OFFSET_MISMATCH,
        /** The chunk is larger than allowed. */
        TOO_LARGE,
        /** The uploaded content does not hash to the promised digest. */
        DIGEST_MISMATCH
    }

    private final Kind kind;
    private final long offset;
    private final transient Digest actual;

    public UploadException(Kind kind, String message, long offset, Digest actual) {
        super(message);
        this.kind = kind;
        this.offset = offset;
        this.actual = actual;
    }

    public Kind kind() {
        return kind;
    }

    /** Bytes the upload holds (for {@link Kind#OFFSET_MISMATCH} and {@link Kind#TOO_LARGE}). */
    public long offset() {
        return offset;
    }

    /** The digest the content really has (for {@link Kind#DIGEST_MISMATCH}), or null. */
    public Digest actual() {
        return actual;
    }
}
