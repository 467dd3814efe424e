package dev.ocireg.internal.http;

import dev.ocireg.faults.Fault;
import dev.ocireg.faults.FaultRequest;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.spec.OciErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
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
    /** Where requests are logged when no {@code requestLog} consumer is set: off unless its level is DEBUG. */
    private static final System.Logger REQUESTS = System.getLogger("dev.ocireg.requests");

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final RegistryConfig config;
    private final BlobHandler blobs;
    private final UploadHandler uploads;
    private final ManifestHandler manifests;
    private final ListingHandler listings;
    /** Null when the registry has no authentication. */
    private final AuthGate auth;

    private final TokenEndpoint tokens;
    /** Null when the admin API is off. */
    private final AdminApi admin;

    public RegistryHandler(RegistryConfig config) {
        this(config, null, null);
    }

    /** A registry with authentication ({@code auth} null for none) and an admin API ({@code admin} null for none). */
    public RegistryHandler(RegistryConfig config, AuthSettings auth, AdminApi admin) {
        this.config = config;
        this.admin = admin;
        this.auth = auth == null ? null : new AuthGate(config, auth);
        this.tokens = auth == null || auth.tokens() == null ? null : new TokenEndpoint(config, auth);
        this.blobs = new BlobHandler(config);
        this.uploads = new UploadHandler(config);
        this.manifests = new ManifestHandler(config);
        this.listings = new ListingHandler(config);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (admin != null) {
            String raw = request.getHttpURI().getPath();
            if (raw != null && raw.startsWith(AdminApi.PREFIX)) {
                return handleAdmin(request, response, callback, raw);
            }
        }
        long started = System.nanoTime();
        Instant arrived = Instant.now();
        long ticket = config.journal().begin();
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        CapturingRequest in = new CapturingRequest(request);
        ShapedResponse out = new ShapedResponse(in, response);
        Exchange ex = new Exchange(in, out);
        Throwable failure = null;
        try {
            dispatch(ex);
        } catch (ClosedByFault e) {
            // Before the status line: the client sees the connection end with no response at all.
            ex.closedByFault = true;
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            failure = new EofException("connection closed by fault " + ex.fault.id());
        } catch (RegistryException e) {
            failure = answer(ex, e);
        } catch (Throwable t) {
            failure = answer(ex, t);
        }
        // Record while the request is still ours: once the callback completes, Jetty recycles it.
        long nanos = System.nanoTime() - started;
        config.journal().record(ticket, record(ex, request, response, arrived, nanos));
        if (config.requestLog() != null || REQUESTS.isLoggable(System.Logger.Level.DEBUG)) {
            String line = String.format(
                    "%s %s %d %dms",
                    request.getMethod(), request.getHttpURI().getPathQuery(), response.getStatus(), nanos / 1_000_000);
            if (config.requestLog() != null) {
                config.requestLog().accept(line);
            } else {
                REQUESTS.log(System.Logger.Level.DEBUG, line);
            }
        }
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
        return true;
    }

    /** The admin API: never journaled, never faulted. */
    private boolean handleAdmin(Request request, Response response, Callback callback, String path) {
        Exchange ex = new Exchange(request, response);
        ex.path = path;
        Throwable failure = null;
        try {
            admin.handle(ex);
        } catch (RegistryException e) {
            failure = answer(ex, e);
        } catch (Throwable t) {
            failure = answer(ex, t);
        }
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
        return true;
    }

    /** Writes a spec error; returns what to fail the request with when the response can no longer carry it. */
    private Throwable answer(Exchange ex, RegistryException e) {
        if (ex.response.isCommitted()) {
            return e;
        }
        if (e.status() == 405 && !e.headers().containsKey("Allow")) {
            e.header("Allow", stillAllowed(ex));
        }
        try {
            ex.discardBody();
            if (hasUnreadBody(ex.request)) {
                // A body too large to drain: end the connection rather than let the client reuse one out of step.
                ex.response.getHeaders().put("Connection", "close");
            }
            ErrorWriter.write(ex, e);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** An unexpected failure: logged once, answered with a JSON 500 when still possible. */
    private static Throwable answer(Exchange ex, Throwable t) {
        if (isClientAbort(t)) {
            return t;
        }
        LOG.log(
                System.Logger.Level.ERROR,
                "request " + ex.request.getMethod() + " "
                        + ex.request.getHttpURI().getPathQuery() + " failed",
                t);
        if (ex.response.isCommitted()) {
            return t;
        }
        try {
            ex.response.reset();
            ex.response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
            ErrorWriter.writeInternal(ex, t);
            return null;
        } catch (Throwable again) {
            return again;
        }
    }

    private static final List<String> REQUEST_HEADERS =
            List.of("Content-Type", "Content-Length", "Content-Range", "Range", "Accept", "User-Agent");
    private static final List<String> RESPONSE_HEADERS =
            List.of("Location", "Docker-Content-Digest", "Content-Type", "Range", "OCI-Subject", "WWW-Authenticate");

    private static RecordedRequest record(
            Exchange ex, Request request, Response response, Instant arrived, long nanos) {
        Routes.Route route = ex.route;
        String query = ex.request.getHttpURI().getQuery();
        String path = ex.path != null ? ex.path : ex.request.getHttpURI().getPath();
        return new RecordedRequest(
                arrived,
                ex.request.getMethod(),
                path == null ? "" : path,
                query,
                route == null ? (ex.tokenEndpoint ? Endpoint.TOKEN : Endpoint.UNKNOWN) : route.endpoint(),
                route == null ? null : route.name(),
                route == null ? null : route.reference(),
                ex.closedByFault ? 0 : response.getStatus(),
                select(request.getHeaders(), REQUEST_HEADERS),
                select(response.getHeaders(), RESPONSE_HEADERS),
                Request.getContentBytesRead(request),
                Response.getContentBytesWritten(response),
                Duration.ofNanos(nanos),
                Optional.ofNullable(ex.fault).map(f -> f.id() + ": " + f.actionText()),
                Optional.ofNullable(((CapturingRequest) ex.request).body()),
                Optional.ofNullable(((ShapedResponse) ex.response).body()));
    }

    private static Map<String, List<String>> select(HttpFields fields, List<String> names) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String name : names) {
            List<String> values = fields.getValuesList(name);
            if (!values.isEmpty()) {
                selected.put(name, List.copyOf(values));
            }
        }
        return selected;
    }

    private void dispatch(Exchange ex) throws Exception {
        // The path as sent, never Jetty's normalised one: /v2/a/../b must not become /v2/b (see Routes).
        String path = Routes.decodePath(ex.request.getHttpURI().getPath());
        if (path == null) {
            throw RegistryException.of(
                    OciErrorCode.UNSUPPORTED, 400, "the request path is not valid percent-encoded UTF-8");
        }
        ex.path = path;
        boolean token = tokens != null && AuthGate.TOKEN_PATH.equals(path);
        Routes.Route route = token ? null : Routes.match(path);
        ex.route = route;
        ex.tokenEndpoint = token;
        if (!config.faults().isEmpty() && applyFault(ex)) {
            return;
        }
        if (token) {
            tokens.handle(ex);
            return;
        }
        if (route == null) {
            throw new RegistryException(
                    OciErrorCode.UNSUPPORTED,
                    404,
                    "no such endpoint: " + ex.method() + " " + path
                            + " (see the endpoint table of the OCI distribution spec)",
                    null);
        }
        String method = ex.method();
        Endpoint endpoint = route.endpoint();
        if (!endpoint.allows(method)) {
            String allowed = String.join(", ", new TreeSet<>(endpoint.methods()));
            throw RegistryException.of(
                            OciErrorCode.UNSUPPORTED,
                            405,
                            method + " is not supported on this endpoint; use " + allowed)
                    .header("Allow", allowed);
        }
        if (auth != null) {
            auth.check(ex, route); // 401 or 403 unless the caller may do this; sets ex.access
        }
        if (config.readOnly() && endpoint.writes(method)) {
            throw RegistryException.of(OciErrorCode.UNSUPPORTED, "the registry is read-only");
        }
        switch (route.endpoint()) {
            case BASE -> ex.sendBytes(200, "application/json", EMPTY_OBJECT); // no JSON library needed for {}
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

    /** Applies the fault that hits this request, if any; true when it answered the request itself. */
    private boolean applyFault(Exchange ex) throws InterruptedException {
        Routes.Route route = ex.route;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : ex.request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new java.util.ArrayList<>())
                    .add(field.getValue());
        }
        Optional<Fault> hit = config.faults()
                .trigger(new FaultRequest(
                        ex.method(),
                        ex.path,
                        route == null ? (ex.tokenEndpoint ? Endpoint.TOKEN : Endpoint.UNKNOWN) : route.endpoint(),
                        route == null ? null : route.name(),
                        route == null ? null : route.reference(),
                        headers));
        if (hit.isEmpty()) {
            return false;
        }
        Fault fault = hit.get();
        ex.fault = fault;
        if (!fault.delay().isZero()) {
            Thread.sleep(fault.delay().toMillis());
        }
        switch (fault.action()) {
            case STATUS -> {
                answerFault(ex, fault);
                return true;
            }
            case CLOSE -> throw new ClosedByFault();
            case DELAY -> {
                return false;
            }
            default -> {
                ((ShapedResponse) ex.response).shape(fault);
                return false;
            }
        }
    }

    /** A fault's status with the spec's error body, as the registry (or an auth layer in front of it) would send. */
    private void answerFault(Exchange ex, Fault fault) {
        int status = fault.status();
        String code = switch (status) {
            case 401 -> OciErrorCode.UNAUTHORIZED.name();
            case 403 -> OciErrorCode.DENIED.name();
            case 429 -> OciErrorCode.TOOMANYREQUESTS.name();
            case 405 -> OciErrorCode.UNSUPPORTED.name();
            case 404 ->
                ex.route == null
                        ? OciErrorCode.NAME_UNKNOWN.name()
                        : switch (ex.route.endpoint()) {
                            case BLOB -> OciErrorCode.BLOB_UNKNOWN.name();
                            case UPLOAD -> OciErrorCode.BLOB_UPLOAD_UNKNOWN.name();
                            case MANIFEST, REFERRERS -> OciErrorCode.MANIFEST_UNKNOWN.name();
                            default -> OciErrorCode.NAME_UNKNOWN.name();
                        };
            default -> "UNKNOWN";
        };
        String message = switch (status) {
            case 401 -> OciErrorCode.UNAUTHORIZED.description();
            case 403 -> OciErrorCode.DENIED.description();
            case 429 -> OciErrorCode.TOOMANYREQUESTS.description();
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "service unavailable";
            case 504 -> "gateway timeout";
            default -> "error " + status;
        };
        ex.discardBody();
        if (hasUnreadBody(ex.request)) {
            ex.response.getHeaders().put("Connection", "close");
        }
        if (status == 401) {
            ex.header("WWW-Authenticate", auth == null ? AuthGate.BASIC_CHALLENGE : auth.challengeFor(ex, ex.route));
        }
        fault.retryAfter().ifPresent(d -> ex.header("Retry-After", Long.toString(Math.max(0, d.toSeconds()))));
        ErrorWriter.write(ex, status, code, message + " (injected by fault " + fault.id() + ")");
    }

    /** Thrown to close the connection without a response. */
    private static final class ClosedByFault extends RuntimeException {
        ClosedByFault() {
            super(null, null, false, false);
        }
    }

    /** For a 405 raised by a setting (RFC 9110: a 405 lists the methods the resource still allows). */
    private String stillAllowed(Exchange ex) {
        Routes.Route route = ex.route;
        Set<String> still = new TreeSet<>();
        if (route != null) {
            for (String method : route.endpoint().methods()) {
                if (!method.equals(ex.method())
                        && !(config.readOnly() && route.endpoint().writes(method))) {
                    still.add(method);
                }
            }
        }
        return String.join(", ", still);
    }

    private static boolean hasUnreadBody(Request request) {
        long length = request.getLength();
        boolean chunked = length < 0 && request.getHeaders().contains("Transfer-Encoding");
        return chunked || (length > 0 && Request.getContentBytesRead(request) < length);
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
