package dev.ocireg.auth;

/**
 * Thrown by an {@link Authenticator} when credentials were sent but are malformed or wrong. The registry answers 401
 * {@code UNAUTHORIZED} with this message and a challenge, so say what is wrong (never echo the password).
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}
