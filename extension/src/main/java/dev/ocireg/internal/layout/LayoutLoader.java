package dev.ocireg.internal.layout;

import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.content.InvalidContentException;
import dev.ocireg.internal.content.ManifestValidator;
import dev.ocireg.internal.io.FileTrees;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.Reference;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads an OCI image layout (a directory, or a {@code .tar} of one) straight into storage, with the same checks a
 * push gets: every blob is hashed against its digest, every manifest validated, referrers indexed. Images are tagged
 * with the {@code org.opencontainers.image.ref.name} annotation of their {@code index.json} entry.
 */
public final class LayoutLoader {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final RegistryConfig config;
    private final RepositoryName repository;
    private final Path root;
    private final Set<Digest> done = new HashSet<>();

    private LayoutLoader(RegistryConfig config, RepositoryName repository, Path root) {
        this.config = config;
        this.repository = repository;
        this.root = root;
    }

    /** Loads {@code layout} (a directory or a tar file) into {@code repository}; returns the tags it set. */
    public static List<String> load(RegistryConfig config, String repository, Path layout) {
        RepositoryName name = RepositoryName.parse(repository, config.repositoryNamePattern());
        try {
            if (Files.isDirectory(layout)) {
                return new LayoutLoader(config, name, layout).loadIndex();
            }
            if (!Files.isRegularFile(layout)) {
                throw new NoSuchFileException(layout.toString(), null, "no OCI layout directory or tar file there");
            }
            Path temp = Files.createTempDirectory("ocireg-layout");
            try {
                Tar.extract(layout, temp);
                return new LayoutLoader(config, name, temp).loadIndex();
            } finally {
                FileTrees.deleteTree(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load OCI layout " + layout + ": " + e.getMessage(), e);
        } catch (InvalidContentException e) {
            throw new UncheckedIOException(
                    new IOException("OCI layout " + layout + " holds invalid content: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(
                    new IOException("cannot load OCI layout " + layout + ": " + e.getMessage(), e));
        }
    }

    private List<String> loadIndex() throws IOException {
        Path marker = root.resolve("oci-layout");
        if (!Files.isRegularFile(marker)) {
            throw new IOException("not an OCI image layout: " + marker + " is missing");
        }
        List<Descriptor> entries = ContentJson.readIndex(Files.readAllBytes(root.resolve("index.json")), "index.json");
        List<String> tags = new ArrayList<>();
        for (Descriptor entry : entries) {
            String ref = entry.annotations().getOrDefault(REF_NAME, "");
            List<String> entryTags = new ArrayList<>();
            if (!ref.isEmpty() && Reference.TAG_PATTERN.matcher(ref).matches()) {
                entryTags.add(ref);
            }
            loadManifest(entry.digest(), entry.mediaType(), entryTags);
            tags.addAll(entryTags);
        }
        return tags;
    }

    private void loadManifest(Digest digest, String mediaType, List<String> tags) throws IOException {
        if (done.contains(digest) && tags.isEmpty()) {
            return;
        }
        Path file = blob(digest);
        if (Files.size(file) > config.maxManifestBytes()) {
            throw new IOException("manifest " + digest + " is larger than the registry's maximum manifest size");
        }
        byte[] content = Files.readAllBytes(file);
        if (!Digest.of(digest.algorithm(), content).equals(digest)) {
            throw new IOException("the layout's blob " + digest + " does not match its digest");
        }
        ManifestValidator.Parsed parsed = ManifestValidator.parse(content, mediaType);
        for (Descriptor d : parsed.blobs()) {
            loadBlob(d);
        }
        for (Descriptor child : parsed.children()) {
            if (Files.exists(blob(child.digest()))) {
                loadManifest(child.digest(), child.mediaType(), List.of());
            } else if (!config.sparseIndexes()) {
                throw new IOException("the index " + digest + " names manifest " + child.digest()
                        + ", which the layout does not hold (enable sparse indexes to accept that)");
            }
        }
        Optional<Storage.Referrer> referrer = parsed.subject()
                .map(s -> new Storage.Referrer(
                        s.digest(), ManifestValidator.referrerDescriptor(parsed, digest, content.length)));
        config.storage()
                .putManifest(
                        repository, new Storage.StoredManifest(digest, parsed.mediaType(), content), tags, referrer);
        done.add(digest);
    }

    private void loadBlob(Descriptor d) throws IOException {
        Storage storage = config.storage();
        if (storage.blobSize(repository, d.digest()).isPresent()) {
            return;
        }
        String id = storage.startUpload(repository, d.digest().algorithm());
        try (InputStream in = Files.newInputStream(blob(d.digest()))) {
            storage.appendUpload(repository, id, 0, in, Long.MAX_VALUE);
            storage.completeUpload(repository, id, d.digest());
        } finally {
            storage.cancelUpload(repository, id);
        }
    }

    private Path blob(Digest digest) throws NoSuchFileException {
        Path file = root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.encoded());
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "the layout does not hold blob " + digest);
        }
        return file;
    }

    /** A minimal reader of POSIX ustar (and GNU long-name) archives: enough for OCI layouts. */
    static final class Tar {
        static void extract(Path tar, Path target) throws IOException {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(tar), 1 << 16)) {
                String longName = null;
                byte[] header = new byte[512];
                while (in.readNBytes(header, 0, 512) == 512) {
                    if (isZero(header)) {
                        break;
                    }
                    String name = longName != null ? longName : text(header, 0, 100);
                    longName = null;
                    String prefix = text(header, 345, 155);
                    if (!prefix.isEmpty() && name.equals(text(header, 0, 100))) {
                        name = prefix + "/" + name;
                    }
                    long size = Long.parseLong(
                            text(header, 124, 12).trim().isEmpty()
                                    ? "0"
                                    : text(header, 124, 12).trim(),
                            8);
                    char type = (char) header[156];
                    long padded = (size + 511) / 512 * 512;
                    if (type == 'L') {
                        longName = new String(in.readNBytes((int) size), java.nio.charset.StandardCharsets.UTF_8)
                                .replace("\0", "");
                        in.skipNBytes(padded - size);
                        continue;
                    }
                    Path out = target.resolve(name).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("tar entry " + name + " would land outside the layout");
                    }
                    if (type == '0' || type == '\0') {
                        Files.createDirectories(out.getParent());
                        try (var os = Files.newOutputStream(out)) {
                            copy(in, os, size);
                        }
                        in.skipNBytes(padded - size);
                    } else {
                        if (type == '5') {
                            Files.createDirectories(out);
                        }
                        in.skipNBytes(padded);
                    }
                }
            }
        }

        private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
            byte[] buffer = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the tar archive ends inside an entry");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }

        private static String text(byte[] b, int offset, int length) {
            int end = offset;
            while (end < offset + length && b[end] != 0) {
                end++;
            }
            return new String(b, offset, end - offset, java.nio.charset.StandardCharsets.UTF_8);
        }

        private static boolean isZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
