package dev.ocireg.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryContentTest {
    private static final int K = 1024;

    private final FileSystem fs = Jimfs.newFileSystem();
    private final MemoryContent content = new MemoryContent();
    private final Path uploads = fs.getPath("/r/uploads");
    private final Path blobs = fs.getPath("/r/blobs");

    @AfterEach
    void close() throws IOException {
        content.clear(fs.getPath("/"));
        fs.close();
    }

    @Test
    void chunksGrowFromSmallHeapArraysToOneMebibyte() {
        assertThat(MemoryContent.chunkStart(0)).isZero();
        assertThat(MemoryContent.chunkStart(1)).isEqualTo(8 * K);
        assertThat(MemoryContent.chunkStart(4)).isEqualTo(120 * K);
        assertThat(MemoryContent.chunkStart(5)).isEqualTo(120 * K + MemoryContent.LARGE);
        for (long p : new long[] {0, 8 * K - 1, 8 * K, 24 * K, 120 * K - 1, 120 * K, 5L << 30}) {
            int k = MemoryContent.chunkIndex(p);
            assertThat(p).isBetween(MemoryContent.chunkStart(k), MemoryContent.chunkStart(k + 1) - 1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8 * 1024, 120 * 1024 + 1, 3 << 20})
    void whatIsWrittenInPiecesReadsBackWholeAndFromAnyPosition(int size) throws IOException {
        byte[] data = random(size);
        Path file = uploads.resolve("a");
        content.create(file);
        try (SeekableByteChannel out = content.openForWriting(file)) {
            for (int at = 0; at < size; ) { // odd-sized writes cross every chunk boundary somewhere
                int n = Math.min(size - at, 70_001);
                assertThat(out.write(ByteBuffer.wrap(data, at, n))).isEqualTo(n);
                at += n;
            }
            assertThat(out.position()).isEqualTo(size);
        }
        assertThat(content.size(file)).isEqualTo(size);
        assertThat(content.readAll(file)).isEqualTo(data);
        try (SeekableByteChannel in = content.openForReading(file)) {
            long from = size / 3;
            in.position(from);
            ByteBuffer rest = ByteBuffer.allocateDirect(size);
            while (in.read(rest) > 0) {
                // until the end
            }
            rest.flip();
            byte[] got = new byte[rest.remaining()];
            rest.get(got);
            assertThat(got).isEqualTo(Arrays.copyOfRange(data, (int) from, size));
            assertThat(in.read(ByteBuffer.allocate(1))).isEqualTo(-1);
            assertThatThrownBy(() -> in.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
        }
    }

    @Test
    void truncateCutsBackAndTheFileGrowsAgainFromThere() throws IOException {
        byte[] data = random(2 << 20);
        Path file = uploads.resolve("b");
        content.create(file);
        try (SeekableByteChannel out = content.openForWriting(file)) {
            out.write(ByteBuffer.wrap(data));
            out.truncate(100 * K);
            assertThat(out.size()).isEqualTo(100 * K);
            out.position(100 * K);
            out.write(ByteBuffer.wrap(data, 100 * K, data.length - 100 * K));
        }
        assertThat(content.readAll(file)).isEqualTo(data);
    }

    @Test
    void aDeletedBlobStaysReadableThroughAChannelOpenedBefore() throws IOException {
        byte[] data = random(3 << 20);
        Path file = blobs.resolve("sha256/ab/abc");
        content.write(file, data);
        SeekableByteChannel reader = content.openForReading(file);
        assertThat(content.delete(file)).isTrue();
        assertThat(content.exists(file)).isFalse();
        // the freed buffers would be the first a new file gets: write one over them while the reader reads on
        byte[] other = new byte[data.length];
        content.write(blobs.resolve("sha256/cd/cde"), other);
        ByteBuffer got = ByteBuffer.allocate(data.length);
        while (got.hasRemaining() && reader.read(got) > 0) {
            // read to the end
        }
        reader.close();
        assertThat(got.array()).isEqualTo(data);
        assertThatThrownBy(() -> reader.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void movesRenameAndClearEmptiesOneDirectoryOnly() throws IOException {
        Path upload = uploads.resolve("u");
        content.create(upload);
        assertThatThrownBy(() -> content.create(upload)).isInstanceOf(FileAlreadyExistsException.class);
        try (SeekableByteChannel out = content.openForWriting(upload)) {
            out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        Path blob = blobs.resolve("sha256/00/00ff");
        content.move(upload, blob);
        assertThat(content.exists(upload)).isFalse();
        assertThat(content.readAll(blob)).containsExactly(1, 2, 3);
        content.create(uploads.resolve("v"));
        content.clear(uploads);
        assertThat(content.exists(uploads.resolve("v"))).isFalse();
        assertThat(content.exists(blob)).isTrue();
        assertThatThrownBy(() -> content.size(uploads.resolve("v"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> content.move(upload, blob)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aSmallFileTrimmedWhenCompleteGrowsAgainWhenWritten() throws IOException {
        Path upload = uploads.resolve("t");
        content.create(upload);
        try (SeekableByteChannel out = content.openForWriting(upload)) {
            out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        Path blob = blobs.resolve("sha256/11/11aa");
        content.move(upload, blob); // trimmed to three bytes here
        byte[] more = random(20 * K);
        try (SeekableByteChannel out = content.openForWriting(blob)) {
            out.position(3);
            out.write(ByteBuffer.wrap(more));
        }
        byte[] all = content.readAll(blob);
        assertThat(all).hasSize(3 + more.length).startsWith(1, 2, 3);
        assertThat(Arrays.copyOfRange(all, 3, all.length)).isEqualTo(more);
    }

    @Test
    void aWriteCannotLeaveAHole() throws IOException {
        Path file = uploads.resolve("h");
        content.create(file);
        try (SeekableByteChannel out = content.openForWriting(file)) {
            out.position(10);
            assertThatThrownBy(() -> out.write(ByteBuffer.allocate(1))).isInstanceOf(IOException.class);
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
