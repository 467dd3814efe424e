package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies between a registry and an OCI image layout directory (image-spec {@code image-layout.md}) for {@link
 * RegistryClient#copyFromLayout} and {@link RegistryClient#copyToLayout}. One instance per copy: it remembers what it
 * has already copied, so blobs shared by several manifests of an index move once.
 */
final class LayoutCopier {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final Uploads uploads;
    private final Manifests manifests;
    private final Blobs blobs;
    private final Path dir;
    private final Set<Digest> done = new HashSet<>();

    LayoutCopier(Uploads uploads, Manifests manifests, Blobs blobs, Path dir) {
        this.uploads = uploads;
        this.manifests = manifests;
        this.blobs = blobs;
        this.dir = Objects.requireNonNull(dir, "ociLayoutDir");
    }

    // ------------------------------------------------------------------ layout -> registry

    Digest push(String repository, String tag) {
        if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
            throw new IllegalArgumentException(dir + " is not an OCI image layout: it has no oci-layout file");
        }
        JsonNode index = ContentJson.readObject(
                read(dir.resolve("index.json")), dir.resolve("index.json").toString());
        List<Descriptor> entries = ContentJson.descriptors(index, "manifests", dir + "/index.json manifests");
        Descriptor chosen = choose(entries, tag);
        byte[] content = pushReferences(repository, chosen);
        manifests.push(repository, tag, chosen.mediaType(), content);
        return chosen.digest();
    }

    private Descriptor choose(List<Descriptor> entries, String tag) {
        List<String> names = new ArrayList<>();
        for (Descriptor d : entries) {
            String name = d.annotations().get(REF_NAME);
            if (tag.equals(name)) {
                return d;
            }
            names.add(name == null ? d.digest().toString() : name);
        }
        if (entries.size() == 1) {
            return entries.get(0);
        }
        throw new IllegalArgumentException(dir + "/index.json has no entry annotated " + REF_NAME + "=" + tag
                + " and more than one entry: " + names);
    }

    /** Pushes everything a manifest references and returns the manifest's bytes (not pushed yet). */
    private byte[] pushReferences(String repository, Descriptor manifest) {
        byte[] content = manifestBytes(manifest);
        JsonNode json = ContentJson.readObject(content, "manifest " + manifest.digest() + " of " + dir);
        if (MediaTypes.isIndex(manifest.mediaType()) || json.has("manifests")) {
            for (Descriptor child :
                    ContentJson.descriptors(json, "manifests", "the manifests of " + manifest.digest())) {
                if (MediaTypes.MANIFESTS.contains(child.mediaType())) {
                    pushManifest(repository, child);
                } else {
                    pushBlob(repository, child);
                }
            }
        } else {
            JsonNode config = json.get("config");
            if (config != null) {
                pushBlob(repository, ContentJson.descriptor(config, "the config of " + manifest.digest()));
            }
            for (Descriptor layer : ContentJson.descriptors(json, "layers", "the layers of " + manifest.digest())) {
                pushBlob(repository, layer);
            }
        }
        return content;
    }

    private void pushManifest(String repository, Descriptor manifest) {
        if (done.add(manifest.digest())) {
            byte[] content = pushReferences(repository, manifest);
            manifests.push(repository, manifest.digest().toString(), manifest.mediaType(), content);
        }
    }

    private void pushBlob(String repository, Descriptor blob) {
        if (done.contains(blob.digest())) {
            return;
        }
        Path file = blobPath(blob.digest());
        if (!Files.isRegularFile(file)) {
            if (MediaTypes.NON_DISTRIBUTABLE.contains(blob.mediaType())) {
                return; // the layout may leave these out (image-layout.md, "Blobs")
            }
            throw new IllegalArgumentException(dir + " has no blob " + blob.digest() + " (" + blob.mediaType() + ")");
        }
        uploads.push(repository, file, blob.digest());
        done.add(blob.digest());
    }

    private byte[] manifestBytes(Descriptor manifest) {
        Path file = blobPath(manifest.digest());
        byte[] content = read(file);
        Digest actual = Digest.of(manifest.digest().algorithm(), content);
        if (!actual.equals(manifest.digest())) {
            throw new IllegalArgumentException(file + " has digest " + actual + ", not " + manifest.digest());
        }
        return content;
    }

    // ------------------------------------------------------------------ registry -> layout

    void pull(String repository, String reference) {
        mkdirs(dir.resolve("blobs"));
        Manifest manifest = manifests.pull(repository, reference);
        pullReferences(repository, manifest);
        boolean tag = reference.indexOf(':') < 0;
        writeIndex(new Descriptor(
                manifest.mediaType(),
                manifest.digest(),
                manifest.size(),
                null,
                tag ? Map.of(REF_NAME, reference) : Map.of()));
        Path layout = dir.resolve("oci-layout");
        if (!Files.exists(layout)) {
            write(layout, OCI_LAYOUT);
        }
    }

    private void pullReferences(String repository, Manifest manifest) {
        done.add(manifest.digest());
        Path file = blobPath(manifest.digest());
        if (!Files.exists(file)) {
            write(file, manifest.content());
        }
        JsonNode json = ContentJson.readObject(manifest.content(), "manifest " + manifest.digest());
        if (MediaTypes.isIndex(manifest.mediaType()) || json.has("manifests")) {
            for (Descriptor child :
                    ContentJson.descriptors(json, "manifests", "the manifests of " + manifest.digest())) {
                if (!MediaTypes.MANIFESTS.contains(child.mediaType())) {
                    pullBlob(repository, child);
                } else if (!done.contains(child.digest())) {
                    pullReferences(
                            repository,
                            manifests.pull(repository, child.digest().toString()));
                }
            }
        } else {
            JsonNode config = json.get("config");
            if (config != null) {
                pullBlob(repository, ContentJson.descriptor(config, "the config of " + manifest.digest()));
            }
            for (Descriptor layer : ContentJson.descriptors(json, "layers", "the layers of " + manifest.digest())) {
                pullBlob(repository, layer);
            }
        }
    }

    private void pullBlob(String repository, Descriptor blob) {
        Path file = blobPath(blob.digest());
        if (!done.add(blob.digest()) || Files.isRegularFile(file)) {
            return;
        }
        try {
            blobs.pull(repository, blob.digest(), file);
        } catch (RegistryClientException e) {
            if (e.status() != 404 || !MediaTypes.NON_DISTRIBUTABLE.contains(blob.mediaType())) {
                throw e;
            }
        }
    }

    /** Adds (or replaces, by ref name or else by digest) the entry of {@code index.json}. */
    private void writeIndex(Descriptor entry) {
        Path file = dir.resolve("index.json");
        ObjectNode index;
        if (Files.exists(file)) {
            JsonNode existing = ContentJson.readObject(read(file), file.toString());
            index = (ObjectNode) existing;
        } else {
            index = ContentJson.objectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
        }
        String name = entry.annotations().get(REF_NAME);
        ArrayNode manifests = ContentJson.arrayNode();
        JsonNode old = index.get("manifests");
        if (old != null && old.isArray()) {
            for (JsonNode e : old) {
                JsonNode oldName = e.path("annotations").get(REF_NAME);
                boolean replaced = name != null
                        ? oldName != null && name.equals(oldName.stringValue(null))
                        : oldName == null && entry.digest().toString().equals(ContentJson.text(e, "digest"));
                if (!replaced) {
                    manifests.add(e);
                }
            }
        }
        manifests.add(ContentJson.toJson(entry));
        index.set("manifests", manifests);
        write(file, ContentJson.write(index));
    }

    // ------------------------------------------------------------------ files

    private Path blobPath(Digest digest) {
        return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.encoded());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            mkdirs(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".ocireg-", ".part");
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void mkdirs(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
    }
}
