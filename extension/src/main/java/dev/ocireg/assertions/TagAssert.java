package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Assertions over what one tag points at. Get one from {@link RepositoryAssert#tag(String)}.
 *
 * <pre>{@code
 * assertThat(registry).repository("org/app")
 *         .tag("1.0").pointsTo(digest)
 *         .tag("latest").pointsTo(digest);
 * }</pre>
 */
public final class TagAssert {
    private final RepositoryAssert repositoryAssert;
    private final Content content;
    private final RepositoryName repository;
    private final String tag;

    TagAssert(RepositoryAssert repositoryAssert, Content content, RepositoryName repository, String tag) {
        this.repositoryAssert = repositoryAssert;
        this.content = content;
        this.repository = repository;
        this.tag = tag;
    }

    /** Asserts that the tag points at this manifest digest and returns to the repository's assertions. */
    public RepositoryAssert pointsTo(String digest) {
        return pointsTo(Digest.parse(digest));
    }

    /**
     * Asserts that the tag points at this manifest digest and returns to the repository's assertions; the failure
     * says where it points and which tags point at the expected digest.
     */
    public RepositoryAssert pointsTo(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        Optional<Digest> actual = content.resolveTag(repository, tag);
        if (!actual.equals(Optional.of(digest))) {
            String now = actual.map(d -> "it points to " + d).orElse("the tag is gone");
            throw failure(
                    "expected tag " + repository + ":" + tag + " to point to " + digest + " but " + now + "; "
                            + whereIs(digest),
                    digest.toString(),
                    actual.map(Digest::toString).orElse(null));
        }
        return repositoryAssert;
    }

    /** Returns assertions over the manifest the tag points at. */
    public ManifestAssert manifest() {
        return repositoryAssert.manifest(tag);
    }

    private String whereIs(Digest digest) {
        if (content.manifest(repository, digest).isEmpty()) {
            return digest + " is not a manifest stored in " + repository;
        }
        List<String> tags = new ArrayList<>();
        for (String t : content.tags(repository)) {
            if (content.resolveTag(repository, t).equals(Optional.of(digest))) {
                tags.add(t);
            }
        }
        return digest + " is stored in " + repository + (tags.isEmpty() ? " untagged" : " and tagged " + tags);
    }
}
