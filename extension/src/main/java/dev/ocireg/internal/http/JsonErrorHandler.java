package dev.ocireg.internal.http;

import dev.ocireg.internal.content.ContentJson;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches the registry (a malformed or ambiguous URI, a bad header) are
 * rendered in the spec's JSON shape too, never as an HTML page or a stack trace.
 */
public final class JsonErrorHandler implements Request.Handler {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._/-]+");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object statusAttr = request.getAttribute(ErrorHandler.ERROR_STATUS);
        int status = statusAttr instanceof Integer i ? i : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        Object messageAttr = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String message = messageAttr == null ? "request rejected" : messageAttr.toString();
        Map<String, Object> error = new LinkedHashMap<>();
        String name = status == 400 ? rejectedName(request) : null;
        if (name != null) {
            error.put("code", "NAME_INVALID");
            error.put(
                    "message",
                    "repository name '" + AuthGate.abbreviate(name) + "' is not a valid path component: " + message);
            error.put("detail", Map.of("name", name));
        } else {
            error.put("code", status >= 500 ? "UNKNOWN" : "UNSUPPORTED");
            error.put("message", status >= 500 ? "internal registry error" : "bad request: " + message);
            error.put("detail", Map.of());
        }
        byte[] body = ContentJson.write(Map.of("errors", List.of(error)));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * The name of a registry endpoint whose path Jetty refused when the offending part is in the name (for example
     * {@code /v2/a%5Cb/tags/list}), so that the client hears NAME_INVALID as for any other invalid name; null when the
     * path is no endpoint, cannot be read, or its name is made of plain name characters.
     */
    private static String rejectedName(Request request) {
        try {
            Routes.Route route = Routes.match(request.getHttpURI().getPath());
            if (route != null
                    && route.name() != null
                    && !PLAIN_NAME.matcher(route.name()).matches()) {
                return route.name();
            }
        } catch (RuntimeException e) {
            // no usable path (Jetty answers a request line it could not parse with a placeholder URI)
        }
        return null;
    }
}
