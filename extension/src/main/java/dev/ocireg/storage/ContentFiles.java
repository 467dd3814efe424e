package dev.ocireg.storage;

import dev.ocireg.internal.io.FileTrees;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where {@link PathStorage} keeps the bytes of uploads and blobs (manifests included). On disk they are files under
 * the storage's root; in memory they live in {@link MemoryContent}, outside Jimfs, because Jimfs keeps file content in
 * small heap arrays that the garbage collector copies while they are young, which halves the push rate and makes a
 * 1 GiB blob need well over 1 GiB of heap. Names, links, tags and referrers stay files in both cases.
 *
 * <p>Paths are the content's place in the storage layout; a {@link MemoryContent} uses them as keys only.
 */
interface ContentFiles {

    /** Creates an empty file; fails when it exists. */
    void create(Path file) throws IOException;

    /** Opens a file for writing at a position the caller sets. */
    SeekableByteChannel openForWriting(Path file) throws IOException;

    /** Opens a file for reading; {@link NoSuchFileException} when missing. */
    SeekableByteChannel openForReading(Path file) throws IOException;

    /** The size of a file; {@link NoSuchFileException} when missing. */
    long size(Path file) throws IOException;

    boolean exists(Path file);

    /** Renames {@code from} to {@code to} atomically, replacing nothing: the caller checked {@code to} is absent. */
    void move(Path from, Path to) throws IOException;

    boolean delete(Path file) throws IOException;

    /** Writes a whole file, readers seeing the old content or the new, never a part. */
    void write(Path file, byte[] bytes) throws IOException;

    byte[] readAll(Path file) throws IOException;

    /** Removes every file under {@code directory} and leaves it empty. */
    void clear(Path directory) throws IOException;

    /** The plain file system. */
    ContentFiles FILES = new ContentFiles() {
        @Override
        public void create(Path file) throws IOException {
            Files.createFile(file);
        }

        @Override
        public SeekableByteChannel openForWriting(Path file) throws IOException {
            return Files.newByteChannel(file, StandardOpenOption.WRITE);
        }

        @Override
        public SeekableByteChannel openForReading(Path file) throws IOException {
            return Files.newByteChannel(file, StandardOpenOption.READ);
        }

        @Override
        public long size(Path file) throws IOException {
            return Files.size(file);
        }

        @Override
        public boolean exists(Path file) {
            return Files.exists(file);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public boolean delete(Path file) throws IOException {
            return Files.deleteIfExists(file);
        }

        @Override
        public void write(Path file, byte[] bytes) throws IOException {
            FileTrees.writeAtomically(file, bytes);
        }

        @Override
        public byte[] readAll(Path file) throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public void clear(Path directory) throws IOException {
            FileTrees.deleteTree(directory);
            Files.createDirectories(directory);
        }
    };
}
