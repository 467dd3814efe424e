package dev.ocireg.internal.warmup;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.content.ManifestValidator;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once per JVM, as soon as the first registry listens: on a background thread, one small upload into a throwaway
 * in-memory storage. It loads what the first push would otherwise wait for (Jimfs and Guava, the SHA-256 and
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

    /** Starts the warm-up unless it ran before in this JVM or is turned off. */
    public static void start() {
        if (!Boolean.parseBoolean(System.getProperty("ocireg.warmUp", "true")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(WarmUp::run, "ocireg-warm-up");
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

    private static void run() {
        byte[] layer = new byte[BYTES];
        Digest layerDigest = Digest.sha256(layer);
        RepositoryName repository = RepositoryName.parse("ocireg/warm-up");
        try (Storage storage = Storages.inMemory()) {
            String upload = storage.startUpload(repository, "sha256");
            storage.appendUpload(repository, upload, 0, new ByteArrayInputStream(layer), Long.MAX_VALUE);
            storage.completeUpload(repository, upload, layerDigest);
            storage.blobSize(repository, layerDigest);
            // The manifest path: Jackson's parser and generator, validation, tags and the referrers index.
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                            + descriptor(MediaTypes.OCI_EMPTY, Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)), 2)
                            + ",\"layers\":[" + descriptor(MediaTypes.OCI_LAYER_TAR_GZIP, layerDigest, BYTES) + "],"
                            + "\"subject\":" + descriptor(MediaTypes.OCI_MANIFEST, layerDigest, BYTES)
                            + ",\"annotations\":{\"org.opencontainers.image.title\":\"warm-up\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ManifestValidator.Parsed parsed = ManifestValidator.parse(manifest, MediaTypes.OCI_MANIFEST);
            Digest digest = Digest.sha256(manifest);
            Storage.Referrer referrer = new Storage.Referrer(
                    layerDigest, ManifestValidator.referrerDescriptor(parsed, digest, manifest.length));
            storage.putManifest(
                    repository,
                    new Storage.StoredManifest(digest, parsed.mediaType(), manifest),
                    List.of("warm-up"),
                    Optional.of(referrer));
            storage.resolveTag(repository, "warm-up");
            ContentJson.write(ContentJson.index(storage.referrers(repository, layerDigest)));
        } catch (Exception | LinkageError e) {
            // the first push does this work itself
        } finally {
            thread = null;
        }
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }
}
