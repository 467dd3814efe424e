package dev.ocireg.internal.http;

import dev.ocireg.auth.Action;

/** What the caller of one request may do, decided at the seam; handlers ask it about other repositories. */
interface Access {

    /** No authentication configured: everything is allowed. */
    Access ALL = new Access() {
        @Override
        public boolean allows(String repository, Action action) {
            return true;
        }

        @Override
        public boolean unrestricted() {
            return true;
        }
    };

    boolean allows(String repository, Action action);

    /** Whether every repository is allowed, so a handler need not ask per repository. */
    default boolean unrestricted() {
        return false;
    }
}
