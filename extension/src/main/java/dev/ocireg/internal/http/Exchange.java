package dev.ocireg.internal.http;

import dev.ocireg.internal.content.ContentJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Fields;

/** One request and its response, with the few blocking helpers the handlers need. */
final class Exchange {
    final Request request;
    final Response response;
    private Fields query;
    /** The path the request is routed on ({@link Routes#decodePath}), once known. */
    String path;
    /** The matched route, once known (for the journal). */
    Routes.Route route;
    /** What the caller may do, set by the auth seam; everything without authentication. */
    Access access = Access.ALL;
    /** Whether this is a request to the token endpoint (for the journal). */
    boolean tokenEndpoint;
    /** The fault that hit the request, if any (for the journal). */
    dev.ocireg.faults.Fault fault;
    /** Whether a fault closed the connection before any response. */
    boolean closedByFault;

    Exchange(Request request, Response response) {
        this.request = request;
        this.response = response;
    }

    private Fields query() {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request);
            } catch (RuntimeException e) {
                throw RegistryException.of(
                        dev.ocireg.spec.OciErrorCode.UNSUPPORTED, 400, "the query string cannot be decoded");
            }
        }
        return query;
    }

    String method() {
        return request.getMethod();
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        Fields.Field field = query().get(name);
        return field == null ? null : field.getValue();
    }

    /** All values of a query parameter. */
    List<String> params(String name) {
        Fields.Field field = query().get(name);
        return field == null ? List.of() : field.getValues();
    }

    boolean hasParam(String name) {
        return query().get(name) != null;
    }

    /** The declared request body length, or -1. */
    long contentLength() {
        return request.getLength();
    }

    InputStream body() {
        return Content.Source.asInputStream(request);
    }

    /**
     * Reads and drops what is left of a request body of at most 64 MiB, before an error response: otherwise Jetty
     * closes the connection after the response, and a client still sending the body sees a reset instead of the error,
     * or a client that pooled the connection sends its next request into the closing socket. A client waiting for
     * {@code 100 Continue} has sent nothing, so its body is left alone.
     */
    void discardBody() {
        long length = contentLength();
        String expect = header("Expect");
        if (length > 0 && length <= 64L * 1024 * 1024 && (expect == null || !expect.equalsIgnoreCase("100-continue"))) {
            try (InputStream in = body()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client went away; the error will not reach it either
            }
        }
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    /** A response with no body. */
    void sendEmpty(int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        write(ByteBuffer.allocate(0), true);
    }

    /** A response with a body (left out for HEAD, {@code Content-Length} kept). */
    void sendBytes(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        write(ByteBuffer.wrap(isHead() ? new byte[0] : body), true);
    }

    void sendJson(int status, String contentType, Object value) {
        sendBytes(status, contentType, ContentJson.write(value));
    }

    /** Writes a buffer and blocks until it is written. */
    void write(ByteBuffer buffer, boolean last) {
        try (Blocker.Callback callback = Blocker.callback()) {
            response.write(last, buffer, callback);
            callback.block();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
