package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;
import static dev.ocireg.assertions.Messages.quoted;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.Reference;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage.StoredManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;

/**
 * Assertions over one repository: its tags, manifests, blobs and referrers. Get one from {@link
 * RegistryAssert#repository(String)}.
 *
 * <pre>{@code
 * RepositoryAssert app = assertThat(registry).repository("org/app");
 * app.hasTags("1.0", "latest").tag("latest").pointsTo(digest);
 * app.hasBlob(layerDigest).withSize(1234);
 * app.manifest("1.0").hasLayerCount(2);
 * app.referrersOf(digest).withArtifactType("application/vnd.example.sig").hasSize(1);
 * }</pre>
 *
 * <p>Blobs are checked as visible in this repository: a blob pushed only to another repository is missing here.
 */
public final class RepositoryAssert {
    private static final int MAX_LISTED_BLOBS = 20;

    private final Content content;
    private final RepositoryName repository;

    RepositoryAssert(Content content, RepositoryName repository) {
        this.content = content;
        this.repository = repository;
    }

    /** Asserts that the repository has exactly these tags, in any order; the failure lists its tags. */
    public RepositoryAssert hasTags(String... tags) {
        TreeSet<String> expected = new TreeSet<>(List.of(tags));
        List<String> actual = content.tags(repository);
        if (!expected.equals(new TreeSet<>(actual))) {
            TreeSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            TreeSet<String> unexpected = new TreeSet<>(actual);
            unexpected.removeAll(expected);
            List<String> differences = new ArrayList<>();
            if (!missing.isEmpty()) {
                differences.add("missing " + missing);
            }
            if (!unexpected.isEmpty()) {
                differences.add("unexpected " + unexpected);
            }
            throw failure(
                    "expected repository " + repository + " to have exactly the tags " + expected + " but "
                            + tagList(actual) + " (" + String.join(", ", differences) + ")",
                    List.copyOf(expected),
                    actual);
        }
        return this;
    }

    /** Asserts that the repository has this tag (and maybe others); the failure lists its tags. */
    public RepositoryAssert hasTag(String tag) {
        validTag(tag);
        List<String> actual = content.tags(repository);
        if (!actual.contains(tag)) {
            throw missingTag(tag, actual);
        }
        return this;
    }

    /** Asserts that the repository does not have this tag; the failure says what it points at. */
    public RepositoryAssert doesNotHaveTag(String tag) {
        Optional<Digest> target = content.resolveTag(repository, validTag(tag));
        if (target.isPresent()) {
            throw failure("expected repository " + repository + " not to have tag " + quoted(tag) + " but it points to "
                    + target.get() + content.history("tag " + tag, manifestRequests(tag)));
        }
        return this;
    }

    /** Asserts that the repository has this tag and returns assertions over what it points at. */
    public TagAssert tag(String tag) {
        hasTag(tag);
        return new TagAssert(this, content, repository, tag);
    }

    /**
     * Asserts that a manifest is stored under this reference, a tag or a digest, and returns assertions over it; the
     * failure lists the tags and their digests.
     */
    public ManifestAssert manifest(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.indexOf(':') >= 0) {
            Digest digest = Digest.parse(reference);
            Optional<StoredManifest> stored = content.manifest(repository, digest);
            if (stored.isEmpty()) {
                throw failure("expected repository " + repository + " to have manifest " + digest
                        + " but it does not; " + tagsWithDigests()
                        + content.history("manifest " + digest, manifestRequests(reference)));
            }
            return new ManifestAssert(content, repository, repository + "@" + digest, stored.get());
        }
        Optional<Digest> digest = content.resolveTag(repository, validTag(reference));
        if (digest.isEmpty()) {
            throw missingTag(reference, content.tags(repository));
        }
        Optional<StoredManifest> stored = content.manifest(repository, digest.get());
        if (stored.isEmpty()) {
            throw failure("expected tag " + repository + ":" + reference + " to point to a stored manifest but "
                    + digest.get() + " is not stored in " + repository);
        }
        return new ManifestAssert(content, repository, repository + ":" + reference, stored.get());
    }

    /** Asserts that a blob is visible in this repository and returns assertions over it. */
    public BlobAssert hasBlob(String digest) {
        return hasBlob(Digest.parse(digest));
    }

    /**
     * Asserts that a blob is visible in this repository and returns assertions over it; the failure names the
     * repositories that do have it and the blobs this repository's tagged manifests reference.
     */
    public BlobAssert hasBlob(Digest digest) {
        OptionalLong size = content.blobSize(repository, digest);
        if (size.isEmpty()) {
            List<RepositoryName> elsewhere = new ArrayList<>();
            for (RepositoryName other : content.repositories()) {
                if (content.blobSize(other, digest).isPresent()) {
                    elsewhere.add(other);
                }
            }
            String where = elsewhere.isEmpty()
                    ? "no repository has it"
                    : "it is only in " + elsewhere + " (push or mount it into " + repository + ")";
            throw failure("expected repository " + repository + " to have blob " + digest + " but it does not; " + where
                    + referencedBlobs() + content.history("blob " + digest, blobRequests(digest)));
        }
        return new BlobAssert(repository, digest, size.getAsLong());
    }

    /** Asserts that a blob is not visible in this repository. */
    public RepositoryAssert doesNotHaveBlob(String digest) {
        Digest d = Digest.parse(digest);
        OptionalLong size = content.blobSize(repository, d);
        if (size.isPresent()) {
            throw failure("expected repository " + repository + " not to have blob " + d + " but it has it ("
                    + size.getAsLong() + " B)" + content.history("blob " + d, blobRequests(d)));
        }
        return this;
    }

    /** Returns assertions over the referrers of a subject digest (the subject itself need not be stored). */
    public ReferrersAssert referrersOf(String subject) {
        return referrersOf(Digest.parse(subject));
    }

    /** Returns assertions over the referrers of a subject digest (the subject itself need not be stored). */
    public ReferrersAssert referrersOf(Digest subject) {
        return new ReferrersAssert(repository, subject, content.referrers(repository, subject));
    }

    /** The tag, when it is one; a malformed tag is a mistake in the test, not a failed assertion. */
    private static String validTag(String tag) {
        return new Reference.Tag(tag).name();
    }

    private AssertionFailedError missingTag(String tag, List<String> tags) {
        return failure("expected repository " + repository + " to have tag " + quoted(tag) + " but " + tagList(tags)
                + content.history("tag " + tag, manifestRequests(tag)));
    }

    private String tagList(List<String> tags) {
        return tags.isEmpty() ? "it has no tags" : "its tags are " + tags;
    }

    private String tagsWithDigests() {
        List<String> tags = content.tagsWithDigests(repository);
        return tags.isEmpty() ? "it has no tags" : "its tags are" + Messages.lines(tags);
    }

    /** The blobs that the manifests of this repository's tags reference (one level into indexes). */
    private String referencedBlobs() {
        Map<String, String> blobs = new LinkedHashMap<>();
        for (String tag : content.tags(repository)) {
            Optional<StoredManifest> manifest =
                    content.resolveTag(repository, tag).flatMap(d -> content.manifest(repository, d));
            if (manifest.isEmpty()) {
                continue;
            }
            if (MediaTypes.isIndex(manifest.get().mediaType())) {
                for (JsonNode child :
                        ContentJson.readTreeOrMissing(manifest.get().content()).path("manifests")) {
                    childManifest(child).ifPresent(m -> collectBlobs(m, blobs));
                }
            } else {
                collectBlobs(manifest.get(), blobs);
            }
        }
        if (blobs.isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>(blobs.values());
        String more = lines.size() > MAX_LISTED_BLOBS
                ? Messages.lines(List.of("… and " + (lines.size() - MAX_LISTED_BLOBS) + " more"))
                : "";
        return "\nblobs referenced by its tagged manifests:"
                + Messages.lines(lines.subList(0, Math.min(lines.size(), MAX_LISTED_BLOBS))) + more;
    }

    private Optional<StoredManifest> childManifest(JsonNode descriptor) {
        return ContentJson.digestOf(descriptor).flatMap(d -> content.manifest(repository, d));
    }

    private void collectBlobs(StoredManifest manifest, Map<String, String> blobs) {
        JsonNode json = ContentJson.readTreeOrMissing(manifest.content());
        List<JsonNode> descriptors = new ArrayList<>();
        if (json.has("config")) {
            descriptors.add(json.get("config"));
        }
        json.path("layers").forEach(descriptors::add);
        for (JsonNode d : descriptors) {
            String digest = d.path("digest").asString("");
            if (blobs.containsKey(digest)) {
                continue;
            }
            String presence = ContentJson.digestOf(d)
                    .map(parsed -> content.blobSize(repository, parsed).isPresent() ? "" : ", not present")
                    .orElse(", not a valid digest");
            blobs.put(
                    digest,
                    digest + " (" + d.path("mediaType").asString("no media type") + ", "
                            + d.path("size").asLong() + " B" + presence + ")");
        }
    }

    private Predicate<RecordedRequest> manifestRequests(String reference) {
        return r -> r.endpoint() == Endpoint.MANIFEST
                && repository.value().equals(r.repository())
                && (reference.equals(r.reference())
                        || reference.equals(r.digest().orElse(null)))
                && (r.method().equals("PUT") || r.method().equals("DELETE"));
    }

    private Predicate<RecordedRequest> blobRequests(Digest digest) {
        String d = digest.toString();
        return r -> !r.method().equals("GET")
                && !r.method().equals("HEAD")
                && (r.endpoint() == Endpoint.BLOB
                        || r.endpoint() == Endpoint.UPLOADS
                        || r.endpoint() == Endpoint.UPLOAD)
                && d.equals(r.digest().orElse(null));
    }
}
