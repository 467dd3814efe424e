package dev.ocireg.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class ChunkCopierTest {
    private static final int B = ChunkCopier.BUFFER;

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ChunkCopier copier = new ChunkCopier(workers);
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path file = fs.getPath("/upload");

    @AfterEach
    void close() throws Exception {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        fs.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, B - 1, B, B + 1, 5 * B + 17, 40 * B})
    void copiesAndHashesEveryByteInOrder(int size) throws Exception {
        byte[] data = random(size);
        Files.createFile(file);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            assertThat(copier.copy(new TrickleStream(data), md, out, Long.MAX_VALUE))
                    .isEqualTo(size);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(sha256(data));
    }

    @Test
    void appendsAtTheChannelsPosition() throws Exception {
        byte[] head = random(3 * B + 5);
        byte[] tail = random(2 * B + 9);
        Files.createFile(file);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            copier.copy(new ByteArrayInputStream(head), md, out, Long.MAX_VALUE);
            copier.copy(new ByteArrayInputStream(tail), md, out, Long.MAX_VALUE);
        }
        byte[] both = new byte[head.length + tail.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(tail, 0, both, head.length, tail.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(both);
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(sha256(both));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 3 * B})
    void refusesMoreThanTheLimit(int limit) throws Exception {
        Files.createFile(file);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> copier.copy(
                            new ByteArrayInputStream(random(limit + 1)),
                            MessageDigest.getInstance("SHA-256"),
                            out,
                            limit))
                    .isInstanceOf(ChunkCopier.TooLarge.class);
        }
    }

    @Test
    void aBodyThatBreaksOffStopsBothWorkersBeforeTheCallReturns() throws Exception {
        Files.createFile(file);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            InputStream breaking = new InputStream() {
                private final InputStream data = new ByteArrayInputStream(random(10 * B));

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = data.read(b, off, len);
                    if (n < 0) {
                        throw new IOException("client went away");
                    }
                    return n;
                }
            };
            assertThatThrownBy(() -> copier.copy(breaking, MessageDigest.getInstance("SHA-256"), out, Long.MAX_VALUE))
                    .hasMessage("client went away");
            long size = out.size();
            Thread.sleep(50);
            assertThat(out.size())
                    .as("nothing is written after the call returned")
                    .isEqualTo(size);
        }
        // the copier is fine for the next chunk
        copiesAndHashesEveryByteInOrderOnAFreshFile(6 * B);
    }

    @Test
    void aFailingWriteIsReportedAndTheReaderIsNotLeftWaiting() throws Exception {
        Files.createFile(file);
        FileChannel closed = FileChannel.open(file, StandardOpenOption.WRITE);
        closed.close();
        // far more buffers than the ring holds: a reader waiting for buffers the writer never frees would hang here
        assertThatThrownBy(() -> copier.copy(
                        new ByteArrayInputStream(random(40 * B)),
                        MessageDigest.getInstance("SHA-256"),
                        closed,
                        Long.MAX_VALUE))
                .isInstanceOf(ClosedChannelException.class);
        copiesAndHashesEveryByteInOrderOnAFreshFile(6 * B);
    }

    private void copiesAndHashesEveryByteInOrderOnAFreshFile(int size) throws Exception {
        Files.deleteIfExists(file);
        copiesAndHashesEveryByteInOrder(size);
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Hands out odd-sized reads, as a socket does. */
    private static final class TrickleStream extends InputStream {
        private final ByteArrayInputStream data;
        private int turn;

        TrickleStream(byte[] bytes) {
            this.data = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return data.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int[] sizes = {1, 7_000, 65_536, 100_003};
            return data.read(b, off, Math.min(len, sizes[turn++ % sizes.length]));
        }
    }
}
