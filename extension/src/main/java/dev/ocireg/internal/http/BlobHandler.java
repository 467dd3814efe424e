package dev.ocireg.internal.http;

import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.OciErrorCode;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;

/** end-2 (GET/HEAD a blob, with single {@code Range} requests) and end-10 (DELETE a blob). */
final class BlobHandler {
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
    private static final int BUFFER = 256 * 1024;

    private final RegistryConfig config;

    BlobHandler(RegistryConfig config) {
        this.config = config;
    }

    void get(Exchange ex, String rawName, String rawDigest) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Digest digest = lookup(name, rawDigest);
        Optional<SeekableByteChannel> opened = config.storage().openBlob(name, digest);
        if (opened.isEmpty()) {
            throw blobUnknown(name, digest);
        }
        try (SeekableByteChannel channel = opened.get()) {
            long size = channel.size();
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = ex.header("Range");
            if (range != null && !range.contains(",")) {
                Matcher m = RANGE.matcher(range.trim());
                if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    long[] r = resolve(m.group(1), m.group(2), size);
                    if (r == null) {
                        throw RegistryException.of(
                                        OciErrorCode.UNSUPPORTED,
                                        416,
                                        "range " + range + " cannot be satisfied by a blob of " + size + " bytes")
                                .header("Content-Range", "bytes */" + size);
                    }
                    start = r[0];
                    end = r[1];
                    status = 206;
                    ex.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
                }
            }
            long length = end - start + 1;
            ex.response.setStatus(status);
            ex.header("Docker-Content-Digest", digest.toString());
            ex.header("ETag", "\"" + digest + "\"");
            ex.header("Accept-Ranges", "bytes");
            ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            if (ex.isHead() || length == 0) {
                ex.write(ByteBuffer.allocate(0), true);
                return;
            }
            channel.position(start);
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(BUFFER, length));
            long remaining = length;
            while (remaining > 0) {
                buffer.clear();
                if (remaining < buffer.capacity()) {
                    buffer.limit((int) remaining);
                }
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new IOException("blob " + digest + " ended early");
                }
                remaining -= n;
                buffer.flip();
                ex.write(buffer, remaining == 0);
            }
        }
    }

    /** Start and end (inclusive) of a single range, or null when unsatisfiable. */
    private static long[] resolve(String first, String last, long size) {
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix == 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start >= size || end < start) {
                return null;
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void delete(Exchange ex, String rawName, String rawDigest) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Digest digest = lookup(name, rawDigest);
        if (!config.blobDeletion()) {
            throw RegistryException.of(OciErrorCode.UNSUPPORTED, "blob deletion is disabled on this registry");
        }
        if (!config.storage().deleteBlob(name, digest)) {
            throw blobUnknown(name, digest);
        }
        ex.sendEmpty(202);
    }

    /**
     * The digest of a GET, HEAD or DELETE. One that does not parse names no blob this registry can hold, so it is
     * answered like any other absent blob, 404 {@code BLOB_UNKNOWN} (the only failure end-2 lists), with the reason.
     */
    private static Digest lookup(RepositoryName name, String rawDigest) {
        try {
            return Digest.parse(rawDigest);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(
                    OciErrorCode.BLOB_UNKNOWN,
                    404,
                    "no blob in repository " + name + " can have this digest: " + e.getMessage(),
                    java.util.Map.of("digest", rawDigest));
        }
    }

    private static RegistryException blobUnknown(RepositoryName name, Digest digest) {
        return new RegistryException(
                OciErrorCode.BLOB_UNKNOWN,
                404,
                "blob " + digest + " is not in repository " + name,
                java.util.Map.of("digest", digest.toString()));
    }
}
