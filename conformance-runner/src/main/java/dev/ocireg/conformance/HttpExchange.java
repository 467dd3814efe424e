package dev.ocireg.conformance;

import java.util.List;
import java.util.Map;

/**
 * One request the suite sent and the response it got, as shown in a failure: headers in the order received, bodies
 * cut to a few kilobytes ({@code Authorization} values are redacted).
 *
 * @param method the HTTP method
 * @param url the absolute URL
 * @param requestHeaders the headers the suite set (not those the HTTP client adds, such as {@code Host})
 * @param requestBody the body as text, cut, or a note such as {@code (1024 bytes of binary data)}; empty for none
 * @param status the response status, or 0 when no response arrived
 * @param responseHeaders the response headers
 * @param responseBody the response body as text, cut, or a note for binary data
 * @param error the I/O failure when no response (or only part of its body) arrived, else null
 */
public record HttpExchange(
        String method,
        String url,
        Map<String, List<String>> requestHeaders,
        String requestBody,
        int status,
        Map<String, List<String>> responseHeaders,
        String responseBody,
        String error) {

    public HttpExchange {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** {@code PUT http://host/v2/a/manifests/v1 -> 201}. */
    public String summary() {
        if (error != null) {
            return method + " " + url + " -> " + (status == 0 ? "no response" : String.valueOf(status)) + " (" + error
                    + ")";
        }
        return method + " " + url + " -> " + status;
    }

    /** The exchange as an HTTP-like text block: request line, headers, body, then the same for the response. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("> ").append(method).append(' ').append(url).append('\n');
        requestHeaders.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue()
                        .forEach(v -> out.append("> ")
                                .append(e.getKey())
                                .append(": ")
                                .append(v)
                                .append('\n')));
        if (!requestBody.isEmpty()) {
            out.append(">\n").append(indent(requestBody, "> ")).append('\n');
        }
        if (error != null && status == 0) {
            out.append("< no response: ").append(error).append('\n');
            return out.toString();
        }
        out.append("< ").append(status).append('\n');
        responseHeaders.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue()
                        .forEach(v -> out.append("< ")
                                .append(e.getKey())
                                .append(": ")
                                .append(v)
                                .append('\n')));
        if (!responseBody.isEmpty()) {
            out.append("<\n").append(indent(responseBody, "< ")).append('\n');
        }
        if (error != null) {
            out.append("< (").append(error).append(")\n");
        }
        return out.toString();
    }

    private static String indent(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }
}
