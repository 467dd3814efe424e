package dev.ocireg.internal.auth;

/** A bearer or refresh token that cannot be used, with the reason in words. */
public final class TokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenException(String message) {
        super(message, null, false, false);
    }
}
