package dev.ocireg.client;

import dev.ocireg.internal.wire.Urls;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upload protocol of {@link RegistryClient}: a session opened by {@code POST /v2/<name>/blobs/uploads/}, then
 * either one {@code PUT} with the content (monolithic) or {@code PATCH} chunks with {@code Content-Range} and a closing
 * {@code PUT ?digest=}; and cross-repository mounts ({@code POST ?mount=&from=}).
 */
final class Uploads {
    static final String OCTET_STREAM = "application/octet-stream";

    private static final int[] MOUNTED_OR_ACCEPTED = {201, 202};
    /** The {@code Range} header of a chunk's answer: the bytes the registry has, from 0. */
    private static final Pattern RANGE = Pattern.compile("^(?:bytes=)?0-(\\d+)$");

    private final Transport transport;
    private final Endpoints endpoints;
    private final int chunkSize;

    Uploads(Transport transport, Endpoints endpoints, int chunkSize) {
        this.transport = transport;
        this.endpoints = endpoints;
        this.chunkSize = chunkSize;
    }

    /** Pushes bytes in one request. */
    Descriptor push(String repository, byte[] content) {
        Objects.requireNonNull(content, "content");
        Digest digest = Digest.sha256(content);
        upload(repository, digest, BodyPublishers.ofByteArray(content));
        return Descriptor.of(OCTET_STREAM, digest, content.length);
    }

    /**
     * Pushes a file, streamed: in one request, or in chunks when it is larger than the client's chunk size. With
     * {@code expected}, the registry checks the content against it and the file is not hashed first.
     */
    Descriptor push(String repository, Path file, Digest expected) {
        long size = size(file);
        if (size > chunkSize) {
            return pushChunked(repository, file, chunkSize, expected);
        }
        Digest digest = expected != null ? expected : FileHashing.hash(file, "sha256");
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        upload(repository, digest, body);
        return Descriptor.of(OCTET_STREAM, digest, size);
    }

    /**
     * Pushes a file in chunks of {@code chunk} bytes, hashed while sent. Each chunk starts where the registry's {@code
     * Range} says its content ends. With {@code expected}, a file of another digest is an {@link
     * IllegalArgumentException} and its upload is cancelled.
     */
    Descriptor pushChunked(String repository, Path file, int chunk, Digest expected) {
        long size = size(file);
        String algorithm = expected == null ? "sha256" : expected.algorithm();
        URI location = start(repository, algorithm);
        FileHashing.ChunkHasher hasher = new FileHashing.ChunkHasher(file, algorithm);
        long offset = 0;
        int failures = 0;
        while (offset < size) {
            long from = offset;
            long length = Math.min(chunk, size - offset);
            long end = from + length - 1;
            BodyPublisher body =
                    BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> hasher.open(from, length)), length);
            HttpResponse<InputStream> r;
            try {
                r = transport.expect(
                        "PATCH",
                        location,
                        body,
                        Transport.ACCEPTED,
                        "Content-Type",
                        OCTET_STREAM,
                        "Content-Range",
                        from + "-" + end);
            } catch (RegistryClientException e) {
                // A PATCH is never simply sent again: the registry may have kept part of it. Ask where the upload
                // stands and go on from there.
                if (failures >= transport.retries() || !Transport.isRetryable(e)) {
                    throw e;
                }
                transport.pauseBeforeRetry(failures++, e);
                offset = resumeOffset(location, from, length);
                continue;
            }
            failures = 0;
            Responses.close(r);
            location = Responses.location(r, location);
            offset = nextOffset(r, from, end);
        }
        Digest digest = hasher.digest(size);
        if (expected != null && !expected.equals(digest)) {
            Responses.close(transport.send("DELETE", location, null));
            throw new IllegalArgumentException(file + " has digest " + digest + ", not " + expected);
        }
        finish(location, digest, BodyPublishers.noBody());
        return Descriptor.of(OCTET_STREAM, digest, size);
    }

    /**
     * Mounts a blob of {@code fromRepository} (null: wherever the registry finds it) into {@code repository}: true
     * when mounted (201); false when the registry offered an upload instead (202), which is then cancelled.
     */
    boolean mount(String repository, Digest digest, String fromRepository) {
        Objects.requireNonNull(digest, "digest");
        String query =
                "mount=" + digest + (fromRepository == null ? "" : "&from=" + Endpoints.repositoryName(fromRepository));
        HttpResponse<InputStream> r = transport.expect(
                "POST", Urls.withQuery(endpoints.uploads(repository), query), null, MOUNTED_OR_ACCEPTED);
        Responses.close(r);
        if (r.statusCode() == 201) {
            return true;
        }
        r.headers().firstValue("Location").ifPresent(location -> {
            try {
                Responses.close(transport.send("DELETE", Responses.resolve(r.uri(), location), null));
            } catch (RegistryClientException e) {
                // best effort: the registry expires abandoned uploads anyway
            }
        });
        return false;
    }

    // ------------------------------------------------------------------ the session

    private void upload(String repository, Digest digest, BodyPublisher body) {
        finish(start(repository, digest.algorithm()), digest, body);
    }

    /** Opens an upload session and returns its location. */
    private URI start(String repository, String algorithm) {
        URI uri = endpoints.uploads(repository);
        if (!algorithm.equals("sha256")) {
            uri = Urls.withQuery(uri, "digest-algorithm=" + algorithm);
        }
        HttpResponse<InputStream> r = transport.expect("POST", uri, null, Transport.ACCEPTED);
        Responses.close(r);
        return Responses.location(r, null);
    }

    /** Closes a session with the digest of everything sent, {@code body} included. */
    private void finish(URI location, Digest digest, BodyPublisher body) {
        HttpResponse<InputStream> r = transport.expect(
                "PUT",
                Urls.withQuery(location, "digest=" + digest),
                body,
                Transport.CREATED,
                "Content-Type",
                OCTET_STREAM);
        Responses.close(r);
        Responses.checkDigestHeader(r, digest);
    }

    /**
     * Where an upload goes on after a failed chunk that started at {@code from}: the end of the registry's {@code
     * Range} (status {@code GET}), which may not be past {@code from} plus what was sent. {@code 0-0} is read as
     * empty (distribution's way of saying so, and ours).
     */
    private long resumeOffset(URI location, long from, long length) {
        HttpResponse<InputStream> status = transport.expect("GET", location, null, new int[] {204});
        Responses.close(status);
        Optional<String> range = status.headers().firstValue("Range");
        long next = 0;
        if (range.isPresent()) {
            Matcher m = RANGE.matcher(range.get().trim());
            if (!m.matches()) {
                throw Responses.failure(status, "the upload status has an unreadable Range '" + range.get() + "'");
            }
            long last = Long.parseLong(m.group(1));
            next = last == 0 && from == 0 ? 0 : last + 1;
        }
        if (next > from + length) {
            throw Responses.failure(
                    status,
                    "the upload status reports Range " + range.orElse("") + " past the chunk" + " that failed at byte "
                            + from);
        }
        return next;
    }

    /** Where the next chunk starts: after the registry's {@code Range}, which must have grown by at least a byte. */
    private static long nextOffset(HttpResponse<?> r, long from, long end) {
        long next = end + 1;
        Optional<String> range = r.headers().firstValue("Range");
        if (range.isPresent()) {
            Matcher m = RANGE.matcher(range.get().trim());
            if (m.matches()) {
                next = Long.parseLong(m.group(1)) + 1;
            }
        }
        if (next <= from || next > end + 1) {
            throw Responses.failure(
                    r,
                    "the registry reports Range " + range.orElse("") + " after a chunk of bytes " + from + "-" + end);
        }
        return next;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
