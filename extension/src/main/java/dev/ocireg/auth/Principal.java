package dev.ocireg.auth;

import java.util.Objects;

/**
 * Who sent a request: an authenticated user by name, or {@link #ANONYMOUS} (the empty name, as in a token's {@code
 * sub} claim when the client did not authenticate).
 */
public record Principal(String name) {

    /** A caller that sent no credentials. */
    public static final Principal ANONYMOUS = new Principal("");

    public Principal {
        Objects.requireNonNull(name, "name");
    }

    /** A user of this name. */
    public static Principal of(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a user name must not be empty");
        }
        return new Principal(name);
    }

    /** Whether this is the caller without credentials. */
    public boolean isAnonymous() {
        return name.isEmpty();
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : name;
    }
}
