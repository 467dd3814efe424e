package dev.ocireg.internal.wire;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query strings: encoding a value, appending parameters to a URL that may have a query already. */
public final class Urls {
    private Urls() {}

    /**
     * Appends {@code name=value} pairs (already encoded, joined by {@code &}) with {@code ?} or {@code &}, keeping the
     * query there is and dropping a fragment.
     *
     * <pre>{@code
     * Urls.withQuery(URI.create("https://auth/token?x=1"), "scope=" + Urls.encode(scope)) // ...token?x=1&scope=...
     * }</pre>
     */
    public static URI withQuery(URI uri, String encodedPairs) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        String separator = s.indexOf('?') < 0 ? "?" : s.endsWith("?") || s.endsWith("&") ? "" : "&";
        return URI.create(s + separator + encodedPairs);
    }

    /** A value for a query string: {@code application/x-www-form-urlencoded}, UTF-8. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
