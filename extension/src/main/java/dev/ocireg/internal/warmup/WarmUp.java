package dev.ocireg.internal.warmup;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.content.ManifestValidator;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

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
            Descriptor layerDescriptor =
                    new Descriptor(MediaTypes.OCI_LAYER_TAR_GZIP, layerDigest, BYTES, null, Map.of());
            // The manifest path: Jackson's parser and generator, validation, the referrers entry.
            ObjectNode json = ContentJson.objectNode();
            json.put("schemaVersion", 2);
            json.put("mediaType", MediaTypes.OCI_MANIFEST);
            json.set(
                    "config",
                    ContentJson.toJson(new Descriptor(
                            MediaTypes.OCI_EMPTY,
                            Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)),
                            2,
                            null,
                            Map.of())));
            json.putArray("layers").add(ContentJson.toJson(layerDescriptor));
            json.set(
                    "subject",
                    ContentJson.toJson(new Descriptor(MediaTypes.OCI_MANIFEST, layerDigest, BYTES, null, Map.of())));
            json.putObject("annotations").put("org.opencontainers.image.title", "warm-up");
            byte[] manifest = ContentJson.write(json);
            ManifestValidator.Parsed parsed = ManifestValidator.parse(manifest, MediaTypes.OCI_MANIFEST);
            Storage.StoredManifest stored =
                    new Storage.StoredManifest(Digest.sha256(manifest), parsed.mediaType(), manifest);
            Storage.Referrer referrer = new Storage.Referrer(
                    layerDigest, ManifestValidator.referrerDescriptor(parsed, stored.digest(), manifest.length));
            ContentJson.write(ContentJson.index(List.of(referrer.descriptor())));
            UUID.randomUUID(); // upload ids: SecureRandom's provider and seed
            if (inMemoryStorage) {
                storageRoundTrip(layer, layerDigest, stored, referrer);
            }
        } catch (Exception | LinkageError e) {
            // the first push does this work itself
        } finally {
            thread = null;
        }
    }

    /** Jimfs, Guava, the upload path and the indexes of an in-memory storage: a throwaway one. */
    private static void storageRoundTrip(
            byte[] layer, Digest layerDigest, Storage.StoredManifest manifest, Storage.Referrer referrer)
            throws IOException {
        RepositoryName repository = RepositoryName.parse("ocireg/warm-up");
        try (Storage storage = Storages.inMemory()) {
            String upload = storage.startUpload(repository, "sha256");
            storage.appendUpload(repository, upload, 0, new ByteArrayInputStream(layer), Long.MAX_VALUE);
            storage.completeUpload(repository, upload, layerDigest);
            storage.blobSize(repository, layerDigest);
            storage.putManifest(repository, manifest, List.of("warm-up"), Optional.of(referrer));
            storage.resolveTag(repository, "warm-up");
            storage.referrers(repository, layerDigest);
        }
    }
}
