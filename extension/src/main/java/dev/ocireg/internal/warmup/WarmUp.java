package dev.ocireg.internal.warmup;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.content.ManifestValidator;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once per JVM, as soon as the first registry listens: on a background thread, a manifest validated and written, and
 * (for a registry on the default in-memory storage) one small upload into a throwaway in-memory storage. It loads
 * what the first push would otherwise wait for (Jimfs and Guava, the SHA-256 and
 * SecureRandom providers, the upload path: about 400 classes, 60–100 ms in a fresh JVM) and the first manifest PUT
 * would (Jackson's streaming parser and generator, validation, tags, referrers) while the test is still setting up. The
 * registry's own storage is left alone: it is still made when first used.
 *
 * <p>{@code -Docireg.warmUp=false} turns it off. The thread ({@code ocireg-warm-up}, a daemon) ends by itself;
 * whatever fails in it is ignored, since the first real push would do the same work again.
 */
public final class WarmUp {
    /** Small: SHA-256 runs interpreted here, before the JIT has compiled it. */
    private static final int BYTES = 16 * 1024;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private static volatile Thread thread;

    private WarmUp() {}

    /**
     * Starts the warm-up unless it ran before in this JVM or is turned off. The storage part runs only for a registry
     * on the default in-memory storage: a directory or your own storage needs no Jimfs.
     */
    public static void start(boolean inMemoryStorage) {
        if (!Boolean.parseBoolean(System.getProperty("ocireg.warmUp", "true")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> run(inMemoryStorage), "ocireg-warm-up");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Waits for a running warm-up to end (for tests that count threads). */
    public static void await() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    private static void run(boolean inMemoryStorage) {
        try {
            byte[] layer = new byte[BYTES];
            Digest layerDigest = Digest.sha256(layer);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                            + descriptor(MediaTypes.OCI_EMPTY, Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)), 2)
                            + ",\"layers\":[" + descriptor(MediaTypes.OCI_LAYER_TAR_GZIP, layerDigest, BYTES) + "],"
                            + "\"subject\":" + descriptor(MediaTypes.OCI_MANIFEST, layerDigest, BYTES)
                            + ",\"annotations\":{\"org.opencontainers.image.title\":\"warm-up\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            // The manifest path: Jackson's parser and generator, validation, the referrers entry.
            ManifestValidator.Parsed parsed = ManifestValidator.parse(manifest, MediaTypes.OCI_MANIFEST);
            Digest digest = Digest.sha256(manifest);
            Storage.Referrer referrer = new Storage.Referrer(
                    layerDigest, ManifestValidator.referrerDescriptor(parsed, digest, manifest.length));
            ContentJson.write(ContentJson.index(List.of(referrer.descriptor())));
            UUID.randomUUID(); // upload ids: SecureRandom's provider and seed
            if (inMemoryStorage) {
                storageRoundTrip(layer, layerDigest, manifest, parsed, referrer);
            }
        } catch (Exception | LinkageError e) {
            // the first push does this work itself
        } finally {
            thread = null;
        }
    }

    /** Jimfs, Guava, the upload path and the indexes of an in-memory storage: a throwaway one. */
    private static void storageRoundTrip(
            byte[] layer,
            Digest layerDigest,
            byte[] manifest,
            ManifestValidator.Parsed parsed,
            Storage.Referrer referrer)
            throws IOException {
        RepositoryName repository = RepositoryName.parse("ocireg/warm-up");
        try (Storage storage = Storages.inMemory()) {
            String upload = storage.startUpload(repository, "sha256");
            storage.appendUpload(repository, upload, 0, new ByteArrayInputStream(layer), Long.MAX_VALUE);
            storage.completeUpload(repository, upload, layerDigest);
            storage.blobSize(repository, layerDigest);
            storage.putManifest(
                    repository,
                    new Storage.StoredManifest(Digest.sha256(manifest), parsed.mediaType(), manifest),
                    List.of("warm-up"),
                    Optional.of(referrer));
            storage.resolveTag(repository, "warm-up");
            storage.referrers(repository, layerDigest);
        }
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }
}
