package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Assertions over the referrers of a subject: the manifests whose {@code subject} is that digest, as the referrers
 * API lists them. Get one from {@link RepositoryAssert#referrersOf(String)}.
 *
 * <pre>{@code
 * assertThat(registry).repository("org/app").referrersOf(imageDigest)
 *         .hasSize(2)
 *         .withArtifactType("application/vnd.example.sig").hasSize(1);
 * }</pre>
 *
 * <p>The referrers are read once, when this object is made. A referrer without an {@code artifactType} is listed
 * with its config's media type, as the spec asks.
 */
public final class ReferrersAssert {
    private final RepositoryName repository;
    private final Digest subject;
    private final List<Descriptor> all;
    private final List<Descriptor> selected;
    private final String filter;

    ReferrersAssert(RepositoryName repository, Digest subject, List<Descriptor> referrers) {
        this(repository, subject, referrers, referrers, "");
    }

    private ReferrersAssert(
            RepositoryName repository, Digest subject, List<Descriptor> all, List<Descriptor> selected, String filter) {
        this.repository = repository;
        this.subject = subject;
        this.all = List.copyOf(all);
        this.selected = List.copyOf(selected);
        this.filter = filter;
    }

    /** Asserts how many referrers there are (after any filter); the failure lists the referrers found. */
    public ReferrersAssert hasSize(int size) {
        if (selected.size() != size) {
            throw failure(
                    "expected " + Messages.count(size, "referrer") + " of " + subject + " in " + repository + filter
                            + " but found " + found(),
                    size,
                    selected.size());
        }
        return this;
    }

    /** Asserts that there are no referrers (after any filter); the failure lists the referrers found. */
    public ReferrersAssert isEmpty() {
        if (!selected.isEmpty()) {
            throw failure(
                    "expected no referrers of " + subject + " in " + repository + filter + " but found " + found(),
                    0,
                    selected.size());
        }
        return this;
    }

    /** Asserts that this manifest digest is among the referrers (after any filter); the failure lists them. */
    public ReferrersAssert contains(String digest) {
        Digest expected = Digest.parse(digest);
        for (Descriptor d : selected) {
            if (d.digest().equals(expected)) {
                return this;
            }
        }
        throw failure("expected the referrers of " + subject + " in " + repository + filter + " to include " + expected
                + " but found " + found());
    }

    /** Narrows the assertions that follow to the referrers with this artifact type. */
    public ReferrersAssert withArtifactType(String artifactType) {
        Objects.requireNonNull(artifactType, "artifactType");
        List<Descriptor> matching = new ArrayList<>();
        for (Descriptor d : selected) {
            if (artifactType.equals(d.artifactType())) {
                matching.add(d);
            }
        }
        return new ReferrersAssert(repository, subject, all, matching, filter + " with artifactType " + artifactType);
    }

    /** What was found; with a filter, all referrers too, so a wrong artifact type is obvious. */
    private String found() {
        String out = selected.isEmpty() ? "none" : selected.size() + ":" + Messages.lines(describe(selected));
        if (!filter.isEmpty() && all.size() != selected.size()) {
            out += all.isEmpty()
                    ? "; the subject has no referrers at all"
                    : "\nall referrers of " + subject + " in " + repository + ":" + Messages.lines(describe(all));
        }
        return out;
    }

    private static List<String> describe(List<Descriptor> referrers) {
        List<String> out = new ArrayList<>();
        for (Descriptor d : referrers) {
            out.add(d.digest() + " artifactType=" + (d.artifactType() == null ? "(none)" : d.artifactType()) + " ("
                    + d.mediaType() + ", " + d.size() + " B"
                    + (d.annotations().isEmpty() ? "" : ", annotations " + new TreeMap<>(d.annotations()))
                    + ")");
        }
        return out;
    }
}
