package dev.ocireg.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * In memory, blob bytes live in direct buffers, not on the heap, so a push needs no heap in proportion to the blob
 * (the garbage collector neither holds nor copies them) and a reset hands the buffers to the next push.
 */
class InMemoryHeapTest {
    private static final int MIB = 1024 * 1024;
    private static final RepositoryName REPO = RepositoryName.parse("heap/test");

    @Test
    void a64MiBBlobTakesDirectMemoryNotHeap() throws Exception {
        try (Storage storage = Storages.inMemory()) {
            long heapBefore = heapAfterGc();
            Digest digest = push(storage, 64 * MIB);
            long heapGrowth = heapAfterGc() - heapBefore;
            assertThat(heapGrowth).as("heap growth after storing 64 MiB").isLessThan(8L * MIB);
            // the blob's buffers (all but its first 120 KiB) are direct, whether new or reused from the pool
            assertThat(direct()).as("direct memory in use").isGreaterThanOrEqualTo(63L * MIB);
            assertThat(storage.blobSize(REPO, digest)).hasValue(64L * MIB);
            assertThat(hashOf(storage, digest)).isEqualTo(digest);
        }
    }

    @Test
    void aResetHandsTheBuffersToTheNextPush() throws Exception {
        try (Storage storage = Storages.inMemory()) {
            push(storage, 32 * MIB);
            storage.clear();
            long directBefore = direct();
            Digest digest = push(storage, 32 * MIB);
            assertThat(direct() - directBefore)
                    .as("direct memory allocated by a push after a reset")
                    .isLessThan(4L * MIB);
            assertThat(hashOf(storage, digest)).isEqualTo(digest);
        }
    }

    private static Digest push(Storage storage, int size) throws IOException {
        String id = storage.startUpload(REPO, "sha256");
        MessageDigest md = Digest.newMessageDigest("sha256");
        InputStream body = new InputStream() {
            private int left = size;
            private int counter;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = Math.min(len, Math.min(left, 65_536));
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (counter++ * 31);
                }
                md.update(b, off, n);
                left -= n;
                return n;
            }
        };
        storage.appendUpload(REPO, id, 0, body, Long.MAX_VALUE);
        Digest digest = Digest.from("sha256", md);
        storage.completeUpload(REPO, id, digest);
        return digest;
    }

    private static Digest hashOf(Storage storage, Digest digest) throws IOException {
        MessageDigest md = Digest.newMessageDigest("sha256");
        try (SeekableByteChannel in = storage.openBlob(REPO, digest).orElseThrow()) {
            ByteBuffer buffer = ByteBuffer.allocate(MIB);
            while (in.read(buffer) > 0) {
                buffer.flip();
                md.update(buffer);
                buffer.clear();
            }
        }
        return Digest.from("sha256", md);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long direct() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }
}
