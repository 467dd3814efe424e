package dev.ocireg.internal.http;

import dev.ocireg.auth.Action;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.OciErrorCode;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.UploadException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads: end-4a/4b/4c (POST, single-request POST, digest-algorithm), end-11 (mount), end-5 (PATCH), end-6
 * (closing PUT), end-13 (status GET) and end-14 (cancel DELETE).
 */
final class UploadHandler {
    private static final Pattern CONTENT_RANGE = Pattern.compile("^(\\d+)-(\\d+)$");

    private final RegistryConfig config;
    private final Storage storage;

    UploadHandler(RegistryConfig config) {
        this.config = config;
        this.storage = config.storage();
    }

    /** POST /v2/<name>/blobs/uploads/ with its variants. */
    void post(Exchange ex, String rawName) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        String mount = ex.param("mount");
        if (mount != null) {
            Digest digest = Params.digest(mount);
            String rawFrom = ex.param("from");
            Optional<RepositoryName> from =
                    rawFrom == null || rawFrom.isEmpty() ? Optional.empty() : Optional.of(Params.name(config, rawFrom));
            if (mount(ex, name, digest, from)) {
                created(ex, name, digest);
                return;
            }
        }
        String digestParam = ex.param("digest");
        String algorithm = algorithm(ex);
        if (digestParam != null) {
            Digest digest = Params.digest(digestParam);
            String id = storage.startUpload(name, digest.algorithm());
            try {
                append(ex, name, id, -1);
                complete(ex, name, id, digest);
            } finally {
                storage.cancelUpload(name, id);
            }
            return;
        }
        if (ex.contentLength() > 0) {
            throw RegistryException.of(
                    OciErrorCode.BLOB_UPLOAD_INVALID,
                    "a POST without ?digest= starts an upload and must have an empty body;"
                            + " send the data with PATCH or the closing PUT, or add ?digest= for a single-request upload");
        }
        String id = storage.startUpload(name, algorithm);
        session(ex, name, id, 0);
        ex.sendEmpty(202);
    }

    /**
     * Mounts when the blob is in {@code from} (or, without {@code from} and if allowed, in any repository) and the
     * caller may pull from there; otherwise the POST falls back to an upload and never tells that the blob exists.
     */
    private boolean mount(Exchange ex, RepositoryName name, Digest digest, Optional<RepositoryName> from)
            throws IOException {
        if (from.isPresent()) {
            return ex.access.allows(from.get().value(), Action.PULL) && storage.mountBlob(name, digest, from);
        }
        if (!config.mountWithoutFrom()) {
            return false;
        }
        if (ex.access.unrestricted()) {
            return storage.mountBlob(name, digest, from);
        }
        return storage.mountBlob(name, digest, source -> ex.access.allows(source.value(), Action.PULL));
    }

    private static String algorithm(Exchange ex) {
        String algorithm = ex.param("digest-algorithm");
        if (algorithm == null || algorithm.isEmpty()) {
            return "sha256";
        }
        if (!Digest.isSupportedAlgorithm(algorithm)) {
            throw RegistryException.of(
                    OciErrorCode.DIGEST_INVALID,
                    "digest algorithm '" + algorithm + "' is not supported; use sha256 or sha512");
        }
        return algorithm;
    }

    /** PATCH: one chunk, with Content-Range (chunked) or without (streamed). */
    void patch(Exchange ex, String rawName, String id) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        long offset = requireUpload(name, id);
        long start = contentRangeStart(ex, name, id, offset);
        long size = append(ex, name, id, start);
        session(ex, name, id, size);
        ex.sendEmpty(202);
    }

    /** PUT ?digest=: closes the upload, with or without a final chunk. */
    void put(Exchange ex, String rawName, String id) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        long offset = requireUpload(name, id);
        String digestParam = ex.param("digest");
        if (digestParam == null) {
            throw RegistryException.of(
                    OciErrorCode.DIGEST_INVALID, "the closing PUT needs the blob's digest as ?digest=");
        }
        Digest digest = Params.digest(digestParam);
        long length = ex.contentLength();
        if (length != 0) { // a final chunk, or a body of unknown length (chunked transfer encoding)
            long start = contentRangeStart(ex, name, id, offset);
            append(ex, name, id, start);
        }
        complete(ex, name, id, digest);
    }

    /** GET: where the upload is. */
    void status(Exchange ex, String rawName, String id) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        long offset = requireUpload(name, id);
        session(ex, name, id, offset);
        ex.sendEmpty(204);
    }

    /** DELETE: cancel. */
    void cancel(Exchange ex, String rawName, String id) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        if (!storage.cancelUpload(name, id)) {
            throw unknown(name, id);
        }
        ex.sendEmpty(204);
    }

    private long requireUpload(RepositoryName name, String id) throws IOException {
        OptionalLong offset = storage.uploadOffset(name, id);
        if (offset.isEmpty()) {
            throw unknown(name, id);
        }
        return offset.getAsLong();
    }

    private static RegistryException unknown(RepositoryName name, String id) {
        return new RegistryException(
                OciErrorCode.BLOB_UPLOAD_UNKNOWN,
                404,
                "no upload " + id + " in progress in repository " + name,
                Map.of("upload", id));
    }

    /** The chunk's start from Content-Range, checked against the upload; -1 without the header. */
    private long contentRangeStart(Exchange ex, RepositoryName name, String id, long offset) {
        String contentRange = ex.header("Content-Range");
        if (contentRange == null) {
            return -1;
        }
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        if (!m.matches()) {
            throw RegistryException.of(
                    OciErrorCode.BLOB_UPLOAD_INVALID,
                    "Content-Range must look like <first>-<last> (both inclusive), not '" + contentRange + "'");
        }
        long start;
        long end;
        try {
            start = Long.parseLong(m.group(1));
            end = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw RegistryException.of(OciErrorCode.BLOB_UPLOAD_INVALID, "Content-Range numbers are too large");
        }
        if (start != offset || end < start) {
            throw outOfOrder(name, id, offset, "chunk " + contentRange + " is out of order");
        }
        long length = ex.contentLength();
        if (length >= 0 && length != end - start + 1) {
            throw RegistryException.of(
                    OciErrorCode.SIZE_INVALID,
                    "Content-Range " + contentRange + " covers " + (end - start + 1) + " bytes but Content-Length is "
                            + length);
        }
        return start;
    }

    private RegistryException outOfOrder(RepositoryName name, String id, long offset, String what) {
        return RegistryException.of(
                        OciErrorCode.BLOB_UPLOAD_INVALID,
                        416,
                        what + "; the upload holds " + offset + " bytes, so the next chunk must start at " + offset)
                .header("Location", location(name, id))
                .header("Range", range(offset))
                .header("Docker-Upload-UUID", id);
    }

    private long append(Exchange ex, RepositoryName name, String id, long start) throws IOException {
        long length = ex.contentLength();
        if (length > config.maxChunkBytes()) {
            throw chunkTooLarge(length);
        }
        try {
            return storage.appendUpload(name, id, start, ex.body(), config.maxChunkBytes());
        } catch (UploadException e) {
            switch (e.kind()) {
                case OFFSET_MISMATCH -> throw outOfOrder(name, id, e.offset(), "chunk is out of order");
                case TOO_LARGE -> throw chunkTooLarge(-1);
                default -> throw unknown(name, id);
            }
        }
    }

    private RegistryException chunkTooLarge(long length) {
        return RegistryException.of(
                OciErrorCode.SIZE_INVALID,
                413,
                (length >= 0 ? "chunk of " + length + " bytes" : "chunk")
                        + " exceeds this registry's maximum chunk size of " + config.maxChunkBytes()
                        + " bytes; send smaller PATCH chunks");
    }

    private void complete(Exchange ex, RepositoryName name, String id, Digest digest) throws IOException {
        try {
            storage.completeUpload(name, id, digest);
        } catch (UploadException e) {
            if (e.kind() == UploadException.Kind.DIGEST_MISMATCH) {
                throw new RegistryException(
                        OciErrorCode.DIGEST_INVALID,
                        400,
                        e.getMessage(),
                        Map.of("expected", digest.toString(), "actual", String.valueOf(e.actual())));
            }
            throw unknown(name, id);
        }
        created(ex, name, digest);
    }

    private static void created(Exchange ex, RepositoryName name, Digest digest) {
        ex.header("Location", "/v2/" + name + "/blobs/" + digest);
        ex.header("Docker-Content-Digest", digest.toString());
        ex.sendEmpty(201);
    }

    private static void session(Exchange ex, RepositoryName name, String id, long size) {
        ex.header("Location", location(name, id));
        ex.header("Range", range(size));
        ex.header("Docker-Upload-UUID", id);
    }

    private static String location(RepositoryName name, String id) {
        return "/v2/" + name + "/blobs/uploads/" + id;
    }

    /** {@code 0-<last byte>}; {@code 0-0} for an empty upload, as distribution sends it. */
    private static String range(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
