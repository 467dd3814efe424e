package dev.ocireg.internal.wire;

import java.net.URI;

/**
 * The origin of a URL (RFC 6454): scheme, host and port, where no port means the scheme's default ({@code 80} for
 * {@code http}, {@code 443} for {@code https}). Credentials for a registry go only to URLs of its own origin.
 *
 * <pre>{@code
 * Origin.same(URI.create("https://r.example/v2/"), URI.create("https://R.example:443/token")) // true
 * }</pre>
 */
public final class Origin {
    private Origin() {}

    /** True when both URLs have the same scheme and host (case-insensitive) and the same port, defaults filled in. */
    public static boolean same(URI a, URI b) {
        return a.getScheme() != null
                && a.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    /** The URL's port, or its scheme's default port; -1 for a scheme without one. */
    public static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        return scheme.equalsIgnoreCase("https") ? 443 : scheme.equalsIgnoreCase("http") ? 80 : -1;
    }
}
