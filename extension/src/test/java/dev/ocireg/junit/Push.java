package dev.ocireg.junit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Tiny HTTP helpers for the extension tests (the extension is what is under test, not the client). */
final class Push {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Pushes a blob with a single POST; returns its digest. */
    static String blob(URI registry, String repository, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String digest = dev.ocireg.spec.Digest.sha256(bytes).toString();
        int status = send(HttpRequest.newBuilder(
                                registry.resolve("/v2/" + repository + "/blobs/uploads/?digest=" + digest))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build())
                .statusCode();
        if (status != 201) {
            throw new AssertionError("blob push gave " + status);
        }
        return digest;
    }

    /** The status of GET path. */
    static int get(URI registry, String path) {
        return send(HttpRequest.newBuilder(registry.resolve(path)).build()).statusCode();
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Push() {}
}
