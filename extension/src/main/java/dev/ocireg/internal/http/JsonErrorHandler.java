package dev.ocireg.internal.http;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        error.put("code", status >= 500 ? "UNKNOWN" : "UNSUPPORTED");
        error.put("message", status >= 500 ? "internal registry error" : "bad request: " + message);
        error.put("detail", Map.of());
        byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("errors", List.of(error)));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
