package dev.ocireg.client;

import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Blobs as {@link RegistryClient} reads and deletes them: {@code HEAD} for the size, {@code GET} verified against the
 * digest (into memory, or streamed into a file that appears only once verified), {@code DELETE}. Pushing is {@link
 * Uploads}.
 */
final class Blobs {
    private final Transport transport;
    private final Endpoints endpoints;

    Blobs(Transport transport, Endpoints endpoints) {
        this.transport = transport;
        this.endpoints = endpoints;
    }

    /** The size from {@code HEAD}, or empty on 404. */
    OptionalLong size(String repository, Digest digest) {
        HttpResponse<InputStream> r = transport.send("HEAD", endpoints.blob(repository, digest), null);
        Responses.close(r);
        if (r.statusCode() == 404) {
            return OptionalLong.empty();
        }
        if (r.statusCode() != 200) {
            throw Responses.error(r);
        }
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        if (length.isEmpty()) {
            throw Responses.failure(r, "the response has no Content-Length");
        }
        return length;
    }

    byte[] pull(String repository, Digest digest) {
        HttpResponse<InputStream> r = transport.expect("GET", endpoints.blob(repository, digest), null, Transport.OK);
        byte[] content = Responses.readAll(r);
        Responses.verify(r, digest, Digest.of(digest.algorithm(), content));
        return content;
    }

    /** Streams the blob into a temporary file next to {@code target}, which replaces {@code target} once verified. */
    void pull(String repository, Digest digest, Path target) {
        Objects.requireNonNull(target, "target");
        HttpResponse<InputStream> r = transport.expect("GET", endpoints.blob(repository, digest), null, Transport.OK);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".ocireg-", ".part");
            MessageDigest md = digest.newMessageDigest();
            try (InputStream in = r.body();
                    OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = Responses.read(r, in, buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            Responses.verify(r, digest, Digest.from(digest.algorithm(), md));
            move(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            Responses.close(r);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover .part file is harmless
                }
            }
        }
    }

    void delete(String repository, Digest digest) {
        Responses.close(transport.expect("DELETE", endpoints.blob(repository, digest), null, Transport.DELETED));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
