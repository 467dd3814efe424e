package dev.ocireg.internal.http;

import dev.ocireg.journal.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path patterns of the {@link Endpoint}s (which hold everything else about them: spec ids, methods, actions, writes). The name group is greedy, so a name may
 * itself contain {@code blobs}, {@code manifests} or {@code tags} segments: the endpoint is always read from the end
 * of the path.
 *
 * <p>Routing works on the path as the client sent it ({@link #decodePath}), never on the path Jetty normalises: a
 * {@code .} or {@code ..} segment stays in the name, which then fails validation with {@code NAME_INVALID}, so
 * {@code /v2/hostile/../escape/…} can never act on {@code escape}.
 */
final class Routes {

    record Route(Endpoint endpoint, String name, String reference) {}

    private static final Pattern UPLOADS = Pattern.compile("^/v2/(.+)/blobs/uploads/?$");
    private static final Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]+)$");
    private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
    private static final Pattern REFERRERS = Pattern.compile("^/v2/(.+)/referrers/([^/]+)$");

    /**
     * The raw request path with each segment percent-decoded on its own, dot segments ({@code .}, {@code ..}) and path
     * parameters ({@code ;x}) left as they are, and an encoded slash kept as the three characters {@code %2F}, so
     * that every {@code /} of the result separated two segments in the request. Null when the path is not valid
     * percent-encoded UTF-8.
     */
    static String decodePath(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c != '%') {
                if (!flush(pending, out)) {
                    return null;
                }
                out.append(c);
                i++;
                continue;
            }
            if (i + 2 >= raw.length()) {
                return null;
            }
            int high = Character.digit(raw.charAt(i + 1), 16);
            int low = Character.digit(raw.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            int b = high * 16 + low;
            if (b == '/') {
                if (!flush(pending, out)) {
                    return null;
                }
                out.append("%2F");
            } else {
                pending.write(b);
            }
            i += 3;
        }
        return flush(pending, out) ? out.toString() : null;
    }

    /** Appends the pending bytes as strict UTF-8; false when they are not. */
    private static boolean flush(ByteArrayOutputStream pending, StringBuilder out) {
        if (pending.size() == 0) {
            return true;
        }
        try {
            out.append(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(pending.toByteArray())));
            pending.reset();
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The route of a path from {@link #decodePath}, or null when the path is no endpoint. */
    static Route match(String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("/v2/") || path.equals("/v2")) {
            return new Route(Endpoint.BASE, null, null);
        }
        if (path.equals("/v2/_catalog")) {
            return new Route(Endpoint.CATALOG, null, null);
        }
        Matcher m;
        if ((m = UPLOADS.matcher(path)).matches()) {
            return new Route(Endpoint.UPLOADS, m.group(1), null);
        }
        if ((m = UPLOAD.matcher(path)).matches()) {
            return new Route(Endpoint.UPLOAD, m.group(1), m.group(2));
        }
        if ((m = BLOB.matcher(path)).matches()) {
            return new Route(Endpoint.BLOB, m.group(1), m.group(2));
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            return new Route(Endpoint.MANIFEST, m.group(1), m.group(2));
        }
        if ((m = TAGS.matcher(path)).matches()) {
            return new Route(Endpoint.TAGS, m.group(1), null);
        }
        if ((m = REFERRERS.matcher(path)).matches()) {
            return new Route(Endpoint.REFERRERS, m.group(1), m.group(2));
        }
        return null;
    }

    private Routes() {}
}
