package dev.ocireg.internal.auth;

import java.util.List;
import java.util.Locale;

/** Names an Authorization scheme in an error message without ever echoing what might be a secret. */
public final class Schemes {
    private static final List<String> KNOWN =
            List.of("Basic", "Bearer", "Digest", "Negotiate", "NTLM", "Token", "AWS4-HMAC-SHA256", "HOBA", "Mutual");

    /** {@code 'Bearer'} for a known scheme, {@code an unknown scheme} for anything else. */
    public static String describe(String scheme) {
        for (String known : KNOWN) {
            if (known.toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
                return "'" + known + "'";
            }
        }
        return "an unknown scheme";
    }

    private Schemes() {}
}
