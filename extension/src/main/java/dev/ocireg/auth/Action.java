package dev.ocireg.auth;

import java.util.Locale;

/** What a request does to a repository, as named in token scopes ({@code repository:NAME:pull,push}). */
public enum Action {
    /** Read manifests, blobs, tags and referrers. */
    PULL,
    /** Upload blobs, put manifests and tags (and mount blobs into the repository). */
    PUSH,
    /** Delete manifests, tags and blobs. */
    DELETE;

    /** The name used in scopes and rights: {@code pull}, {@code push}, {@code delete}. */
    public String scopeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action named {@code pull}, {@code push} or {@code delete} (any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Action parse(String name) {
        for (Action a : values()) {
            if (a.scopeName().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + name + "'; use pull, push or delete");
    }
}
