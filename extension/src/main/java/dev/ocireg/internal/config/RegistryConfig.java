package dev.ocireg.internal.config;

import dev.ocireg.faults.Faults;
import dev.ocireg.internal.journal.Journal;
import dev.ocireg.storage.Storage;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The immutable settings of one registry, made by {@code RegistryServer.Builder}. */
public record RegistryConfig(
        Storage storage,
        Pattern repositoryNamePattern,
        long maxManifestBytes,
        long maxChunkBytes,
        boolean blobDeletion,
        boolean manifestDeletion,
        boolean tagDeletion,
        boolean readOnly,
        boolean sparseIndexes,
        boolean mountWithoutFrom,
        int referrersPageSize,
        Consumer<String> requestLog,
        Journal journal,
        Faults faults) {}
