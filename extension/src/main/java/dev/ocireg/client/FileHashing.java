package dev.ocireg.client;

import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Hashing of files without loading them: whole, or chunk by chunk while they are sent. */
final class FileHashing {
    private static final int BUFFER = 64 * 1024;

    /** The digest of a file, read once in 64 KiB pieces. */
    static Digest hash(Path file, String algorithm) {
        MessageDigest md = Digest.newMessageDigest(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Digest.from(algorithm, md);
    }

    /**
     * Hashes a file while its chunks are sent in order. Each byte is hashed once, the first time it is read, so a chunk
     * sent again (after an auth challenge, or from an offset the registry asks for) does not disturb the digest.
     */
    static final class ChunkHasher {
        private final Path file;
        private final String algorithm;
        private final MessageDigest md;
        private long hashedUpTo;

        ChunkHasher(Path file, String algorithm) {
            this.file = file;
            this.algorithm = algorithm;
            this.md = Digest.newMessageDigest(algorithm);
        }

        /** A stream of {@code length} bytes from {@code offset}, hashing what has not been hashed yet. */
        InputStream open(long offset, long length) {
            SeekableByteChannel channel;
            try {
                channel = Files.newByteChannel(file);
                channel.position(offset);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            InputStream in = Channels.newInputStream(channel);
            return new InputStream() {
                private long position = offset;
                private final long end = offset + length;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (position >= end) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, end - position));
                    if (n < 0) {
                        throw new IOException(file + " is shorter than expected (it changed during the upload?)");
                    }
                    update(position, b, off, n);
                    position += n;
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        private synchronized void update(long position, byte[] b, int off, int n) {
            long fresh = position + n - hashedUpTo;
            if (position <= hashedUpTo && fresh > 0) {
                md.update(ByteBuffer.wrap(b, (int) (off + n - fresh), (int) fresh));
                hashedUpTo += fresh;
            }
        }

        /** The digest of the first {@code size} bytes; every one of them must have been read. */
        synchronized Digest digest(long size) {
            if (hashedUpTo != size) {
                throw new IllegalStateException("hashed " + hashedUpTo + " of " + size + " bytes of " + file);
            }
            return Digest.from(algorithm, md);
        }
    }

    private FileHashing() {}
}
