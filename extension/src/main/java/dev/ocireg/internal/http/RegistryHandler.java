package dev.ocireg.internal.http;

import dev.ocireg.spec.OciErrorCode;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The root handler: routes each request to the handler of its resource, and is the one seam that sees every
 * request and its outcome (request log now; journal, fault injection and auth hook in here).
 */
public final class RegistryHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger("dev.ocireg");
    private static final Map<Routes.Endpoint, Set<String>> METHODS = Map.of(
            Routes.Endpoint.BASE, Set.of("GET", "HEAD"),
            Routes.Endpoint.CATALOG, Set.of("GET", "HEAD"),
            Routes.Endpoint.UPLOADS, Set.of("POST"),
            Routes.Endpoint.UPLOAD, Set.of("GET", "HEAD", "PATCH", "PUT", "DELETE"),
            Routes.Endpoint.BLOB, Set.of("GET", "HEAD", "DELETE"),
            Routes.Endpoint.MANIFEST, Set.of("GET", "HEAD", "PUT", "DELETE"),
            Routes.Endpoint.TAGS, Set.of("GET", "HEAD"),
            Routes.Endpoint.REFERRERS, Set.of("GET", "HEAD"));

    private final RegistryConfig config;
    private final BlobHandler blobs;
    private final UploadHandler uploads;
    private final ManifestHandler manifests;
    private final ListingHandler listings;

    public RegistryHandler(RegistryConfig config) {
        this.config = config;
        this.blobs = new BlobHandler(config);
        this.uploads = new UploadHandler(config);
        this.manifests = new ManifestHandler(config);
        this.listings = new ListingHandler(config);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        Exchange ex = new Exchange(request, response);
        try {
            dispatch(ex);
            callback.succeeded();
        } catch (RegistryException e) {
            fail(ex, e, callback);
        } catch (Throwable t) {
            if (isClientAbort(t)) {
                callback.failed(t);
            } else {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "request " + request.getMethod() + " "
                                + request.getHttpURI().getPathQuery() + " failed",
                        t);
                if (response.isCommitted()) {
                    callback.failed(t);
                } else {
                    try {
                        response.reset();
                        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
                        ErrorWriter.writeInternal(ex, t);
                        callback.succeeded();
                    } catch (Throwable again) {
                        callback.failed(again);
                    }
                }
            }
        } finally {
            if (config.requestLog() != null) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                config.requestLog()
                        .accept(String.format(
                                "%s %s %d %dms",
                                request.getMethod(),
                                request.getHttpURI().getPathQuery(),
                                response.getStatus(),
                                millis));
            }
        }
        return true;
    }

    private void fail(Exchange ex, RegistryException e, Callback callback) {
        if (ex.response.isCommitted()) {
            callback.failed(e);
            return;
        }
        if (e.status() == 405 && !e.headers().containsKey("Allow")) {
            e.header("Allow", stillAllowed(ex));
        }
        try {
            ex.discardBody();
            ErrorWriter.write(ex, e);
            callback.succeeded();
        } catch (Throwable t) {
            callback.failed(t);
        }
    }

    private void dispatch(Exchange ex) throws Exception {
        String path = ex.request.getHttpURI().getDecodedPath();
        Routes.Route route = Routes.match(path);
        if (route == null) {
            throw new RegistryException(
                    OciErrorCode.UNSUPPORTED,
                    404,
                    "no such endpoint: " + ex.method() + " " + path
                            + " (see the endpoint table of the OCI distribution spec)",
                    null);
        }
        String method = ex.method();
        Set<String> allowed = METHODS.get(route.endpoint());
        if (!allowed.contains(method)) {
            throw RegistryException.of(
                            OciErrorCode.UNSUPPORTED,
                            405,
                            method + " is not supported on this endpoint; use "
                                    + String.join(", ", new java.util.TreeSet<>(allowed)))
                    .header("Allow", String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        switch (route.endpoint()) {
            case BASE -> ex.sendJson(200, "application/json", Map.of());
            case CATALOG -> listings.catalog(ex);
            case TAGS -> listings.tags(ex, route.name());
            case REFERRERS -> listings.referrers(ex, route.name(), route.reference());
            case UPLOADS -> uploads.post(ex, route.name());
            case UPLOAD -> {
                switch (method) {
                    case "PATCH" -> uploads.patch(ex, route.name(), route.reference());
                    case "PUT" -> uploads.put(ex, route.name(), route.reference());
                    case "DELETE" -> uploads.cancel(ex, route.name(), route.reference());
                    default -> uploads.status(ex, route.name(), route.reference());
                }
            }
            case BLOB -> {
                if (method.equals("DELETE")) {
                    blobs.delete(ex, route.name(), route.reference());
                } else {
                    blobs.get(ex, route.name(), route.reference());
                }
            }
            case MANIFEST -> {
                switch (method) {
                    case "PUT" -> manifests.put(ex, route.name(), route.reference());
                    case "DELETE" -> manifests.delete(ex, route.name(), route.reference());
                    default -> manifests.get(ex, route.name(), route.reference());
                }
            }
        }
    }

    /** For a 405 raised by a setting (RFC 9110: a 405 lists the methods the resource still allows). */
    private String stillAllowed(Exchange ex) {
        Routes.Route route = Routes.match(ex.request.getHttpURI().getDecodedPath());
        Set<String> still = new java.util.TreeSet<>(route == null ? Set.of() : METHODS.get(route.endpoint()));
        still.remove(ex.method());
        if (config.readOnly()) {
            still.removeAll(Set.of("POST", "PUT", "PATCH", "DELETE"));
        }
        return String.join(", ", still);
    }

    private static boolean isClientAbort(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EofException) {
                return true;
            }
        }
        return false;
    }
}
