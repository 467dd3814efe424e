package dev.ocireg.internal.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table: the spec's endpoints (end-1 … end-14) as path patterns. The name group is greedy, so a name may
 * itself contain {@code blobs}, {@code manifests} or {@code tags} segments: the endpoint is always read from the end
 * of the path.
 */
final class Routes {

    enum Endpoint {
        BASE,
        CATALOG,
        UPLOADS,
        UPLOAD,
        BLOB,
        MANIFEST,
        TAGS,
        REFERRERS
    }

    record Route(Endpoint endpoint, String name, String reference) {}

    private static final Pattern UPLOADS = Pattern.compile("^/v2/(.+)/blobs/uploads/?$");
    private static final Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]+)$");
    private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
    private static final Pattern REFERRERS = Pattern.compile("^/v2/(.+)/referrers/([^/]+)$");

    /** The route of a decoded path, or null when the path is no endpoint. */
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
