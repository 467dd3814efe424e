package dev.ocireg.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upload and blob bytes of an in-memory storage, kept where the garbage collector does not copy them: a file's first
 * 120 KiB in four small heap arrays (8, 16, 32 and 64 KiB; a complete file smaller than 8 KiB, such as a manifest or
 * a config, keeps an array of its exact size), the rest in 1 MiB direct buffers. Direct buffers freed by deletes and resets are kept (up to {@value #KEPT_MIB} MiB per JVM)
 * for the next registry or push; when the JVM refuses more direct memory ({@code -XX:MaxDirectMemorySize}, by
 * default the heap's maximum) the content goes to heap buffers instead.
 *
 * <p>A file's buffers go back to the pool when it is deleted and its last channel is closed, so a pull that is still
 * streaming a blob someone deleted reads the blob to its end.
 */
final class MemoryContent implements ContentFiles {
    static final int LARGE = 1 << 20;
    private static final int FIRST = 8 * 1024;
    private static final int SMALL_CHUNKS = 4;
    private static final long SMALL_TOTAL = FIRST * 15L; // 8 + 16 + 32 + 64 KiB
    private static final int KEPT_MIB = 256;

    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicLong POOLED = new AtomicLong();
    /** After the JVM refused a direct buffer, heap buffers are used for a second (System.nanoTime of the refusal). */
    private static volatile boolean directRefused;

    private static volatile long directRefusedAt;

    private final Map<Path, MemoryFile> files = new ConcurrentHashMap<>();

    @Override
    public void create(Path file) throws IOException {
        if (files.putIfAbsent(file, new MemoryFile()) != null) {
            throw new FileAlreadyExistsException(file.toString());
        }
    }

    @Override
    public SeekableByteChannel openForWriting(Path file) throws IOException {
        return new Channel(existing(file).retain(), true);
    }

    @Override
    public SeekableByteChannel openForReading(Path file) throws IOException {
        return new Channel(existing(file).retain(), false);
    }

    @Override
    public long size(Path file) throws IOException {
        return existing(file).size();
    }

    @Override
    public boolean exists(Path file) {
        return files.containsKey(file);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        MemoryFile moved = files.remove(from);
        if (moved == null) {
            throw new NoSuchFileException(from.toString());
        }
        moved.trim();
        MemoryFile replaced = files.put(to, moved);
        if (replaced != null) {
            replaced.delete();
        }
    }

    @Override
    public boolean delete(Path file) {
        MemoryFile removed = files.remove(file);
        if (removed == null) {
            return false;
        }
        removed.delete();
        return true;
    }

    @Override
    public void write(Path file, byte[] bytes) throws IOException {
        MemoryFile written = new MemoryFile();
        written.write(0, ByteBuffer.wrap(bytes));
        written.trim();
        MemoryFile replaced = files.put(file, written);
        if (replaced != null) {
            replaced.delete();
        }
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        MemoryFile f = existing(file);
        synchronized (f) {
            if (f.size > Integer.MAX_VALUE - 16) {
                throw new IOException(file + " is too large to read at once");
            }
            byte[] bytes = new byte[(int) f.size];
            f.read(0, ByteBuffer.wrap(bytes));
            return bytes;
        }
    }

    @Override
    public void clear(Path directory) {
        for (Iterator<Map.Entry<Path, MemoryFile>> it = files.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, MemoryFile> e = it.next();
            if (e.getKey().startsWith(directory)) {
                it.remove();
                e.getValue().delete();
            }
        }
    }

    private MemoryFile existing(Path file) throws NoSuchFileException {
        MemoryFile f = files.get(file);
        if (f == null) {
            throw new NoSuchFileException(file.toString());
        }
        return f;
    }

    /** Where chunk {@code k} starts. */
    static long chunkStart(int k) {
        return k < SMALL_CHUNKS ? FIRST * ((1L << k) - 1) : SMALL_TOTAL + (long) (k - SMALL_CHUNKS) * LARGE;
    }

    static int chunkCapacity(int k) {
        return k < SMALL_CHUNKS ? FIRST << k : LARGE;
    }

    /** The chunk that holds byte {@code position}. */
    static int chunkIndex(long position) {
        if (position >= SMALL_TOTAL) {
            return SMALL_CHUNKS + (int) ((position - SMALL_TOTAL) / LARGE);
        }
        int k = 0;
        while (chunkStart(k + 1) <= position) {
            k++;
        }
        return k;
    }

    private static final System.Logger LOG = System.getLogger("dev.ocireg.storage");

    private static ByteBuffer largeChunk() throws IOException {
        ByteBuffer pooled = POOL.poll();
        if (pooled != null) {
            POOLED.addAndGet(-LARGE);
            return pooled;
        }
        if (!directRefused || System.nanoTime() - directRefusedAt > 1_000_000_000L) {
            try {
                ByteBuffer chunk = ByteBuffer.allocateDirect(LARGE);
                directRefused = false;
                return chunk;
            } catch (OutOfMemoryError refused) { // over -XX:MaxDirectMemorySize: use the heap for a while
                if (!directRefused) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "the JVM refused more direct memory (-XX:MaxDirectMemorySize, by default -Xmx); in-memory"
                                    + " blob content goes to the heap now");
                }
                directRefusedAt = System.nanoTime();
                directRefused = true;
            }
        }
        try {
            return ByteBuffer.allocate(LARGE);
        } catch (OutOfMemoryError full) {
            throw new IOException("the in-memory storage is full: neither direct memory nor the heap has room for more"
                    + " blob content; raise -Xmx or -XX:MaxDirectMemorySize, or use directory storage");
        }
    }

    private static void giveBack(ByteBuffer chunk) {
        if (chunk.isDirect() && POOLED.addAndGet(LARGE) <= (long) KEPT_MIB << 20) {
            POOL.add(chunk);
        } else if (chunk.isDirect()) {
            POOLED.addAndGet(-LARGE);
        }
    }

    /** The bytes of one file. Guarded by its own monitor. */
    static final class MemoryFile {
        private ByteBuffer[] chunks = new ByteBuffer[SMALL_CHUNKS];
        private int count;
        private long size;
        private int references;
        private boolean deleted;

        synchronized long size() {
            return size;
        }

        synchronized MemoryFile retain() {
            references++;
            return this;
        }

        synchronized void release() {
            references--;
            if (deleted && references == 0) {
                freeFrom(0);
            }
        }

        synchronized void delete() {
            deleted = true;
            if (references == 0) {
                freeFrom(0);
            }
        }

        /** Writes all of {@code src} at {@code position} (at most the current size: files have no holes). */
        synchronized int write(long position, ByteBuffer src) throws IOException {
            if (position > size) {
                throw new IOException("cannot write at " + position + " past the end of a " + size + "-byte file");
            }
            int written = 0;
            while (src.hasRemaining()) {
                int k = chunkIndex(position);
                while (count <= k) {
                    add(count < SMALL_CHUNKS ? ByteBuffer.allocate(chunkCapacity(count)) : largeChunk());
                }
                if (chunks[k].capacity() < chunkCapacity(k)) { // trimmed, and written again
                    chunks[k] = ByteBuffer.allocate(chunkCapacity(k)).put(0, chunks[k], 0, chunks[k].capacity());
                }
                int offset = (int) (position - chunkStart(k));
                int n = Math.min(src.remaining(), chunkCapacity(k) - offset);
                chunks[k].put(offset, src, src.position(), n);
                src.position(src.position() + n);
                position += n;
                written += n;
            }
            size = Math.max(size, position);
            return written;
        }

        /** Reads from {@code position} into {@code dst}; -1 at the end. */
        synchronized int read(long position, ByteBuffer dst) {
            if (position >= size) {
                return dst.hasRemaining() ? -1 : 0;
            }
            int read = 0;
            while (dst.hasRemaining() && position < size) {
                int k = chunkIndex(position);
                int offset = (int) (position - chunkStart(k));
                int n = (int) Math.min(Math.min(dst.remaining(), chunkCapacity(k) - offset), size - position);
                dst.put(dst.position(), chunks[k], offset, n);
                dst.position(dst.position() + n);
                position += n;
                read += n;
            }
            return read;
        }

        /** A complete small file keeps an array of its exact size instead of the 8 KiB first chunk. */
        synchronized void trim() {
            if (count == 1 && size < chunks[0].capacity()) {
                chunks[0] = ByteBuffer.allocate((int) size).put(0, chunks[0], 0, (int) size);
            }
        }

        synchronized void truncate(long newSize) {
            if (newSize >= size) {
                return;
            }
            size = newSize;
            freeFrom(newSize == 0 ? 0 : chunkIndex(newSize - 1) + 1);
        }

        private void add(ByteBuffer chunk) {
            if (count == chunks.length) {
                chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
            }
            chunks[count++] = chunk;
        }

        private void freeFrom(int first) {
            for (int k = first; k < count; k++) {
                giveBack(chunks[k]);
                chunks[k] = null;
            }
            count = Math.min(count, first);
        }
    }

    /** A channel on one file; closing it lets a deleted file's buffers go. */
    static final class Channel implements SeekableByteChannel {
        private final MemoryFile file;
        private final boolean writable;
        private long position;
        private boolean open = true;

        Channel(MemoryFile file, boolean writable) {
            this.file = file;
            this.writable = writable;
        }

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            ensureOpen();
            if (writable) {
                throw new NonReadableChannelException();
            }
            int n = file.read(position, dst);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            ensureOpen();
            if (!writable) {
                throw new NonWritableChannelException();
            }
            int n = file.write(position, src);
            position += n;
            return n;
        }

        @Override
        public synchronized long position() throws IOException {
            ensureOpen();
            return position;
        }

        @Override
        public synchronized SeekableByteChannel position(long newPosition) throws IOException {
            ensureOpen();
            if (newPosition < 0) {
                throw new IllegalArgumentException("negative position " + newPosition);
            }
            position = newPosition;
            return this;
        }

        @Override
        public synchronized long size() throws IOException {
            ensureOpen();
            return file.size();
        }

        @Override
        public synchronized SeekableByteChannel truncate(long size) throws IOException {
            ensureOpen();
            if (!writable) {
                throw new NonWritableChannelException();
            }
            file.truncate(size);
            position = Math.min(position, size);
            return this;
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                file.release();
            }
        }

        private void ensureOpen() throws ClosedChannelException {
            if (!open) {
                throw new ClosedChannelException();
            }
        }
    }
}
