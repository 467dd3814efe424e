package dev.ocireg.auth;

import java.util.List;
import java.util.Locale;

/**
 * Thrown by an {@link Authenticator} when credentials were sent but are malformed or wrong. The registry answers 401
 * {@code UNAUTHORIZED} with this message and a challenge, so say what is wrong (never echo the password).
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final List<String> KNOWN_SCHEMES =
            List.of("Basic", "Bearer", "Digest", "Negotiate", "NTLM", "Token", "AWS4-HMAC-SHA256", "HOBA", "Mutual");

    public AuthenticationException(String message) {
        super(message, null, false, false);
    }

    /**
     * Names the scheme of an {@code Authorization} header for a message without ever echoing what might be a secret:
     * {@code 'Bearer'} for a registered scheme (in its registered spelling), {@code an unknown scheme} for anything
     * else.
     *
     * <pre>{@code
     * throw new AuthenticationException("the Authorization scheme " + AuthenticationException.describeScheme(scheme)
     *         + " is not accepted here; send an API key");
     * }</pre>
     */
    public static String describeScheme(String scheme) {
        for (String known : KNOWN_SCHEMES) {
            if (known.toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
                return "'" + known + "'";
            }
        }
        return "an unknown scheme";
    }
}
