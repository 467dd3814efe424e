package dev.ocireg.internal.http;

import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.internal.content.InvalidContentException;
import dev.ocireg.internal.content.ManifestValidator;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.OciErrorCode;
import dev.ocireg.spec.Reference;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storage.StoredManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** end-3 (GET/HEAD), end-7 (PUT, with {@code ?tag=}) and end-9 (DELETE) of manifests. */
final class ManifestHandler {
    private final RegistryConfig config;
    private final Storage storage;

    ManifestHandler(RegistryConfig config) {
        this.config = config;
        this.storage = config.storage();
    }

    void get(Exchange ex, String rawName, String rawReference) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Reference reference = lookup(name, rawReference);
        Digest digest = resolve(name, reference);
        StoredManifest manifest = storage.manifest(name, digest).orElseThrow(() -> unknown(name, reference));
        ex.header("Docker-Content-Digest", digest.toString());
        ex.header("ETag", "\"" + digest + "\"");
        ex.sendBytes(200, manifest.mediaType(), manifest.content());
    }

    void put(Exchange ex, String rawName, String rawReference) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Reference reference = reference(rawReference);
        byte[] body = readBody(ex);
        String algorithm =
                reference instanceof Reference.ByDigest d ? d.digest().algorithm() : "sha256";
        Digest digest = Digest.of(algorithm, body);
        if (reference instanceof Reference.ByDigest d && !d.digest().equals(digest)) {
            throw new RegistryException(
                    OciErrorCode.DIGEST_INVALID,
                    400,
                    "the manifest's digest is " + digest + ", not " + d.digest() + " as the URL says",
                    Map.of("expected", d.digest().toString(), "actual", digest.toString()));
        }
        Set<String> tags = new LinkedHashSet<>();
        if (reference instanceof Reference.Tag t) {
            tags.add(t.name());
        }
        List<String> queryTags = new ArrayList<>();
        for (String tag : ex.params("tag")) {
            try {
                queryTags.add(new Reference.Tag(tag).name());
            } catch (IllegalArgumentException e) {
                throw invalid("?tag=: " + e.getMessage());
            }
        }
        tags.addAll(queryTags);

        ManifestValidator.Parsed parsed;
        try {
            parsed = ManifestValidator.parse(body, ex.header("Content-Type"));
        } catch (InvalidContentException e) {
            throw invalid(e.getMessage());
        }
        checkReferences(name, parsed);

        Optional<Storage.Referrer> referrer = parsed.subject()
                .map(s -> new Storage.Referrer(
                        s.digest(), ManifestValidator.referrerDescriptor(parsed, digest, body.length)));
        storage.putManifest(name, new StoredManifest(digest, parsed.mediaType(), body), List.copyOf(tags), referrer);

        ex.header("Location", "/v2/" + name + "/manifests/" + digest);
        ex.header("Docker-Content-Digest", digest.toString());
        parsed.subject().ifPresent(s -> ex.header("OCI-Subject", s.digest().toString()));
        for (String tag : queryTags) {
            ex.addHeader("OCI-Tag", tag);
        }
        ex.sendEmpty(201);
    }

    private byte[] readBody(Exchange ex) throws IOException {
        long max = config.maxManifestBytes();
        long length = ex.contentLength();
        if (length > max) {
            throw tooLarge(length);
        }
        try (InputStream in = ex.body()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(-1);
            }
            return body;
        }
    }

    private static RegistryException invalid(String message) {
        return RegistryException.of(OciErrorCode.MANIFEST_INVALID, message);
    }

    private RegistryException tooLarge(long length) {
        return RegistryException.of(
                OciErrorCode.MANIFEST_INVALID,
                413,
                "the manifest" + (length >= 0 ? " is " + length + " bytes and" : "")
                        + " exceeds this registry's maximum manifest size of " + config.maxManifestBytes() + " bytes");
    }

    /** Config and layers must be blobs of the repository, an index's children its manifests. */
    private void checkReferences(RepositoryName name, ManifestValidator.Parsed parsed) throws IOException {
        RegistryException missing = null;
        for (Descriptor blob : parsed.blobs()) {
            OptionalLong size = storage.blobSize(name, blob.digest());
            if (size.isEmpty()) {
                missing = add(missing, "blob " + blob.digest() + " (" + blob.mediaType() + ")", name, blob);
            } else if (size.getAsLong() != blob.size()) {
                throw invalid("the manifest says blob " + blob.digest() + " has " + blob.size() + " bytes, but it has "
                        + size.getAsLong());
            }
        }
        if (!config.sparseIndexes()) {
            for (Descriptor child : parsed.children()) {
                Optional<Descriptor> stored = storage.manifestDescriptor(name, child.digest());
                if (stored.isEmpty()) {
                    missing = add(missing, "manifest " + child.digest(), name, child);
                } else if (stored.get().size() != child.size()) {
                    throw invalid("the index says manifest " + child.digest() + " has " + child.size()
                            + " bytes, but it has " + stored.get().size());
                }
            }
        }
        if (missing != null) {
            throw missing;
        }
    }

    private static RegistryException add(
            RegistryException first, String what, RepositoryName name, Descriptor descriptor) {
        RegistryException e = new RegistryException(
                OciErrorCode.MANIFEST_BLOB_UNKNOWN,
                400,
                "the manifest references " + what + ", which is not in repository " + name + "; push it first",
                Map.of("digest", descriptor.digest().toString()));
        return first == null ? e : first.and(e);
    }

    void delete(Exchange ex, String rawName, String rawReference) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Reference reference = lookup(name, rawReference);
        if (reference instanceof Reference.Tag tag) {
            if (!config.tagDeletion()) {
                throw RegistryException.of(OciErrorCode.UNSUPPORTED, "tag deletion is disabled on this registry");
            }
            if (!storage.deleteTag(name, tag.name())) {
                throw unknown(name, reference);
            }
        } else {
            Digest digest = ((Reference.ByDigest) reference).digest();
            if (!config.manifestDeletion()) {
                throw RegistryException.of(OciErrorCode.UNSUPPORTED, "manifest deletion is disabled on this registry");
            }
            if (!storage.deleteManifest(name, digest)) {
                throw unknown(name, reference);
            }
        }
        ex.sendEmpty(202);
    }

    private Digest resolve(RepositoryName name, Reference reference) throws IOException {
        if (reference instanceof Reference.ByDigest d) {
            return d.digest();
        }
        return storage.resolveTag(name, ((Reference.Tag) reference).name()).orElseThrow(() -> unknown(name, reference));
    }

    private RegistryException unknown(RepositoryName name, Reference reference) {
        return manifestUnknown(
                name,
                "manifest " + reference + " is not in repository " + name,
                Map.of(reference instanceof Reference.Tag ? "tag" : "digest", reference.toString()));
    }

    /** 404: {@code NAME_UNKNOWN} when the repository does not exist, else {@code MANIFEST_UNKNOWN} with this message. */
    private RegistryException manifestUnknown(RepositoryName name, String message, Map<String, String> detail) {
        try {
            if (!storage.repositoryExists(name)) {
                return Params.nameUnknown(name);
            }
        } catch (IOException e) {
            // report the manifest as unknown
        }
        return new RegistryException(OciErrorCode.MANIFEST_UNKNOWN, 404, message, detail);
    }

    /**
     * The reference of a GET, HEAD or DELETE. One that is neither a valid tag nor a valid digest names no manifest
     * that can exist, so it is answered like any other absent manifest: 404 ({@code MANIFEST_UNKNOWN}, or
     * {@code NAME_UNKNOWN} for an unknown repository), with the reason. The official v1.1 conformance suite asks
     * for exactly this with {@code .INVALID_MANIFEST_NAME}.
     */
    private Reference lookup(RepositoryName name, String raw) {
        try {
            return Reference.parse(raw);
        } catch (IllegalArgumentException e) {
            throw manifestUnknown(
                    name,
                    "no manifest in repository " + name + " can have this reference: " + e.getMessage(),
                    Map.of("reference", raw));
        }
    }

    /** The reference of a PUT: a malformed one is a 400 (end-7 lists no 404 for it). */
    private static Reference reference(String raw) {
        try {
            return Reference.parse(raw);
        } catch (IllegalArgumentException e) {
            if (raw != null && raw.indexOf(':') >= 0) {
                throw RegistryException.of(OciErrorCode.DIGEST_INVALID, e.getMessage());
            }
            throw RegistryException.of(OciErrorCode.MANIFEST_INVALID, e.getMessage());
        }
    }
}
