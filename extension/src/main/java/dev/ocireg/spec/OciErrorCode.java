package dev.ocireg.spec;

/**
 * The error codes of the OCI Distribution Spec (code-1 … code-14) with the HTTP status each is usually sent with.
 *
 * <p>A handler may send a code with another status where the spec asks for one (for example {@link
 * #BLOB_UPLOAD_INVALID} with 416 for an out-of-order chunk, or {@link #MANIFEST_INVALID} with 413 for an oversized
 * manifest).
 */
public enum OciErrorCode {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    SIZE_INVALID(400, "provided length did not match content length"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    UNSUPPORTED(405, "the operation is unsupported"),
    TOOMANYREQUESTS(429, "too many requests");

    private final int status;
    private final String description;

    OciErrorCode(int status, String description) {
        this.status = status;
        this.description = description;
    }

    /** The HTTP status this code is sent with unless a handler chooses another. */
    public int status() {
        return status;
    }

    /** The spec's one-line description of the code. */
    public String description() {
        return description;
    }
}
