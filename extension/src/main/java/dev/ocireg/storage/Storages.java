package dev.ocireg.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The built-in storage backends.
 *
 * <pre>{@code
 * Storage memory = Storages.inMemory();                        // Jimfs, gone when closed
 * Storage disk = Storages.directory(Path.of("build/registry")); // kept across runs
 * }</pre>
 */
public final class Storages {

    /**
     * A fresh in-memory storage on its own Jimfs file system, made when the storage is first used; closing it frees
     * the memory.
     */
    public static Storage inMemory() {
        return new InMemoryStorage();
    }

    /** A storage in a directory on disk, created when missing; content found there is served. */
    public static Storage directory(Path directory) {
        try {
            return PathStorage.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory + " as registry storage: " + e.getMessage(), e);
        }
    }

    private Storages() {}
}
