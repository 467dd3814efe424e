package dev.ocireg.client;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The URLs of the API's endpoints on one registry. Repository names and references are checked only so far as to be
 * safe in a URL; the registry judges the rest.
 */
final class Endpoints {
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_.:=+-]{1,256}");

    private final URI base;

    Endpoints(URI base) {
        this.base = base;
    }

    /** A path of the registry, such as {@code /v2/} or {@code /v2/_catalog}. */
    URI of(String path) {
        return URI.create(base + path);
    }

    /** A path below a repository, such as {@code /tags/list} for {@code /v2/<repository>/tags/list}. */
    URI of(String repository, String path) {
        return of("/v2/" + repositoryName(repository) + path);
    }

    URI blob(String repository, Digest digest) {
        return of(repository, "/blobs/" + Objects.requireNonNull(digest, "digest"));
    }

    URI manifest(String repository, String reference) {
        return of(repository, "/manifests/" + reference(reference));
    }

    URI uploads(String repository) {
        return of(repository, "/blobs/uploads/");
    }

    /** A repository name safe to put in a URL. */
    static String repositoryName(String repository) {
        return new RepositoryName(Objects.requireNonNull(repository, "repository")).value();
    }

    /** A tag or digest safe to put in a URL. */
    static String reference(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("'" + reference + "' is neither a tag nor a digest");
        }
        return reference;
    }
}
