package dev.ocireg.assertions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Pushes content to a real registry over HTTP, the way clients do, for the assertion tests. */
final class Push {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;

    Push(RegistryServer registry) {
        this.base = registry.url();
    }

    /** Sends a request and returns the response; {@code body} null sends none. */
    HttpResponse<byte[]> send(String method, String target, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.startsWith("http") ? URI.create(target) : URI.create(base + target))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status(String method, String target) {
        return send(method, target, null).statusCode();
    }

    /** A blob in one POST with {@code ?digest=}; returns its digest. */
    String blob(String repository, byte[] content) {
        String digest = digest(content);
        expect(201, send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content));
        return digest;
    }

    /** A blob as POST, one PATCH with Content-Range per chunk, closing PUT; returns its digest. */
    String chunkedBlob(String repository, byte[] content, int chunkSize) {
        String digest = digest(content);
        String location = location(expect(202, send("POST", "/v2/" + repository + "/blobs/uploads/", null)));
        for (int start = 0; start < content.length; start += chunkSize) {
            int end = Math.min(content.length, start + chunkSize);
            location = location(expect(
                    202,
                    send(
                            "PATCH",
                            location,
                            Arrays.copyOfRange(content, start, end),
                            "Content-Type",
                            "application/octet-stream",
                            "Content-Range",
                            start + "-" + (end - 1))));
        }
        expect(201, send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, null));
        return digest;
    }

    /** A blob as POST, one PATCH without Content-Range (streamed), closing PUT; returns its digest. */
    String streamedBlob(String repository, byte[] content) {
        String digest = digest(content);
        String location = location(expect(202, send("POST", "/v2/" + repository + "/blobs/uploads/", null)));
        location = location(expect(202, send("PATCH", location, content, "Content-Type", "application/octet-stream")));
        expect(201, send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, null));
        return digest;
    }

    /** Mounts a blob from another repository (asserting 201). */
    void mount(String repository, String digest, String from) {
        expect(201, send("POST", "/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + from, null));
    }

    /** Pushes a manifest under a tag or its digest (asserting 201) and returns its digest. */
    String manifest(String repository, String reference, String mediaType, byte[] body) {
        expect(201, send("PUT", "/v2/" + repository + "/manifests/" + reference, body, "Content-Type", mediaType));
        return digest(body);
    }

    /** Pushes a blob and returns its descriptor. */
    Map<String, Object> blobDescriptor(String repository, String mediaType, String content) {
        byte[] bytes = bytes(content);
        return descriptor(mediaType, blob(repository, bytes), bytes.length);
    }

    static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    /** An image manifest of the given media type; {@code extra} (artifactType, subject, annotations) at the end. */
    static byte[] imageManifest(
            String mediaType, Map<String, Object> config, List<Map<String, Object>> layers, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", mediaType);
        m.put("config", config);
        m.put("layers", layers);
        m.putAll(extra);
        return JSON.writeValueAsBytes(m);
    }

    /** An index (or manifest list) of the given media type. */
    static byte[] index(String mediaType, List<Map<String, Object>> manifests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", mediaType);
        m.put("manifests", manifests);
        return JSON.writeValueAsBytes(m);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String digest(byte[] content) {
        return Digest.sha256(content).toString();
    }

    private static HttpResponse<byte[]> expect(int status, HttpResponse<byte[]> response) {
        assertEquals(
                status,
                response.statusCode(),
                () -> response.request().method() + " " + response.request().uri() + " -> " + response.statusCode()
                        + " " + new String(response.body(), StandardCharsets.UTF_8));
        return response;
    }

    private static String location(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }
}
