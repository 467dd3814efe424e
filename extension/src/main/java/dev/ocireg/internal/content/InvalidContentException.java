package dev.ocireg.internal.content;

/**
 * JSON content (a descriptor, manifest, index or referrers list) that is malformed: not JSON, not an object, a
 * required field missing or of the wrong type. The message says where, e.g. {@code layers[2] needs a digest}. The
 * server answers it with {@code MANIFEST_INVALID}; the client and the layout loader report it as it is.
 */
public final class InvalidContentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidContentException(String message) {
        super(message);
    }

    public InvalidContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
