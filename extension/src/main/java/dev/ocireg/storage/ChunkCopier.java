package dev.ocireg.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies one upload chunk from a request body into the upload file while hashing it. A chunk that fits one buffer is
 * done on the calling thread. A larger one runs as three stages over a ring of buffers: the calling thread reads the
 * body, one worker hashes, another writes, and a buffer is read into again once both are done with it. SHA-256 is
 * the slowest stage; this way it runs alone on its core instead of after the read and before the write.
 */
final class ChunkCopier {
    static final int BUFFER = 256 * 1024;
    private static final int SLOTS = 4;
    /** Buffers kept between chunks, so a stream of small PATCH requests does not allocate one each. */
    private static final int SPARE_BUFFERS = 8;

    private final ExecutorService workers;
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spareCount = new AtomicInteger();

    ChunkCopier(ExecutorService workers) {
        this.workers = workers;
    }

    /** Thrown when a chunk grows past its limit; nothing has been reported as written. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("chunk too large");
        }
    }

    /**
     * Reads {@code in} to its end, hashing into {@code hasher} and writing at the channel's position, and returns the
     * number of bytes. When it throws, both workers have stopped: the caller may roll back the file and the hash.
     *
     * @throws TooLarge when more than {@code maxBytes} arrive
     */
    long copy(InputStream in, MessageDigest hasher, WritableByteChannel out, long maxBytes) throws IOException {
        byte[] first = buffer();
        int n = fill(in, first);
        if (n < first.length) { // the stream ended within one buffer: not worth two thread hand-overs
            try {
                if (n > maxBytes) {
                    throw new TooLarge();
                }
                hasher.update(first, 0, n);
                writeFully(out, first, n);
                return n;
            } finally {
                release(first);
            }
        }
        return pipelined(in, hasher, out, maxBytes, first, n);
    }

    private long pipelined(
            InputStream in, MessageDigest hasher, WritableByteChannel out, long maxBytes, byte[] first, int n)
            throws IOException {
        BlockingQueue<Slot> free = new ArrayBlockingQueue<>(SLOTS);
        BlockingQueue<Slot> toHash = new ArrayBlockingQueue<>(SLOTS + 1);
        BlockingQueue<Slot> toWrite = new ArrayBlockingQueue<>(SLOTS + 1);
        Stage hashing = new Stage(toHash, free, s -> hasher.update(s.data, 0, s.length));
        Stage writing = new Stage(toWrite, free, s -> writeFully(out, s.data, s.length));
        Future<?> hashed;
        Future<?> written;
        try {
            hashed = workers.submit(hashing);
        } catch (RejectedExecutionException e) {
            release(first);
            throw new IOException("the storage is closed", e);
        }
        try {
            written = workers.submit(writing);
        } catch (RejectedExecutionException e) {
            hashing.stopped = true;
            toHash.add(Slot.END);
            await(hashed);
            release(first);
            throw new IOException("the storage is closed", e);
        }
        int made = 1;
        Slot slot = new Slot(first);
        long total = 0;
        Throwable failure = null;
        try {
            while (n > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge();
                }
                if (hashing.stopped || writing.stopped) {
                    break; // a stage failed; its error is reported below
                }
                slot.length = n;
                slot.users.set(2);
                toHash.add(slot);
                toWrite.add(slot);
                slot = free.poll();
                if (slot == null && made < SLOTS) {
                    made++;
                    slot = new Slot(buffer());
                } else if (slot == null) {
                    slot = free.take();
                }
                n = fill(in, slot.data);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted while copying an upload chunk");
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            toHash.add(Slot.END);
            toWrite.add(Slot.END);
        }
        failure = first(failure, await(hashed));
        failure = first(failure, await(written));
        failure = first(failure, hashing.failure);
        failure = first(failure, writing.failure);
        // Every slot is back (or was never handed out): keep their buffers for the next chunks.
        if (slot != null) {
            release(slot.data); // the slot that was being read into was never handed out
        }
        for (Slot s; (s = free.poll()) != null; ) {
            release(s.data);
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return total;
    }

    private static Throwable first(Throwable a, Throwable b) {
        if (a == null) {
            return b;
        }
        if (b != null && b != a) {
            a.addSuppressed(b);
        }
        return a;
    }

    /** Waits for a stage; its own failure is in {@link Stage#failure}, so only an interrupt is returned here. */
    private static Throwable await(Future<?> stage) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    stage.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true; // the stage ends by itself at END; its buffers must not be reused before
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private byte[] buffer() {
        byte[] b = spare.poll();
        if (b == null) {
            return new byte[BUFFER];
        }
        spareCount.decrementAndGet();
        return b;
    }

    private void release(byte[] b) {
        if (spareCount.incrementAndGet() <= SPARE_BUFFERS) {
            spare.add(b);
        } else {
            spareCount.decrementAndGet();
        }
    }

    private static void writeFully(WritableByteChannel out, byte[] data, int length) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(data, 0, length);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
    }

    /** Reads until the buffer is full or the stream ends, so the hash and the file see few, large writes. */
    static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static final class Slot {
        static final Slot END = new Slot(new byte[0]);
        final byte[] data;
        final AtomicInteger users = new AtomicInteger();
        int length;

        Slot(byte[] data) {
            this.data = data;
        }
    }

    private interface Work {
        void on(Slot slot) throws IOException;
    }

    /** One worker: takes slots until END, gives each back when the other stage is done with it too. */
    private static final class Stage implements Runnable {
        private final BlockingQueue<Slot> in;
        private final BlockingQueue<Slot> free;
        private final Work work;
        volatile boolean stopped;
        volatile Throwable failure;

        Stage(BlockingQueue<Slot> in, BlockingQueue<Slot> free, Work work) {
            this.in = in;
            this.free = free;
            this.work = work;
        }

        @Override
        public void run() {
            while (true) {
                Slot slot;
                try {
                    slot = in.take();
                } catch (InterruptedException e) {
                    // The storage is closing: stop working but keep draining, so the reader is never left waiting.
                    stopped = true;
                    if (failure == null) {
                        failure = new InterruptedIOException("the storage closed during an upload");
                    }
                    continue;
                }
                if (slot == Slot.END) {
                    return;
                }
                try {
                    if (!stopped) {
                        work.on(slot);
                    }
                } catch (Throwable t) {
                    failure = t;
                    stopped = true;
                } finally {
                    if (slot.users.decrementAndGet() == 0) {
                        free.add(slot);
                    }
                }
            }
        }
    }
}
