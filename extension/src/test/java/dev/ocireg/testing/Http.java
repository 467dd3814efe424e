package dev.ocireg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.OciErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A tiny HTTP/1.1 client for the tests: every request goes over loopback to a real {@link RegistryServer} (or a proxy
 * in front of one). Besides the transport it holds the assertions every test shares (the spec's error body) and the
 * flows that push a blob (in one POST, in chunks, streamed, by mount) or a manifest the way a client would.
 */
public final class Http {

    /** The error codes of the spec's table (code-1 … code-14). */
    public static final Set<String> SPEC_ERROR_CODES =
            Arrays.stream(OciErrorCode.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    public static final Pattern UPLOAD_LOCATION =
            Pattern.compile("^(?:https?://[^/]+)?/v2/(.+)/blobs/uploads/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
                    + "-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:\\?.*)?$");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;
    private final int port;
    private final HttpClient client;
    /** Header name, value pairs sent with every request (an Authorization). */
    private final String[] always;

    public Http(RegistryServer registry) {
        this(
                registry.url(),
                registry.port(),
                registry.isTls() ? tlsClient(registry.sslContext()) : CLIENT,
                new String[0]);
    }

    private Http(URI base, int port, HttpClient client, String[] always) {
        this.base = base;
        this.port = port;
        this.client = client;
        this.always = always;
    }

    /** A plain-HTTP registry (or proxy) at {@code base}, such as {@code http://127.0.0.1:PORT}. */
    public static Http of(URI base) {
        return new Http(base, base.getPort(), CLIENT, new String[0]);
    }

    /** The same registry, sending {@code Authorization: <authorization>} with every request. */
    public Http with(String authorization) {
        return new Http(base, port, client, new String[] {"Authorization", authorization});
    }

    /** The same registry, sending {@code Authorization: Basic base64(user:password)} with every request. */
    public Http as(String user, String password) {
        return with("Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpClient tlsClient(javax.net.ssl.SSLContext ssl) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(ssl)
                .build();
    }

    // ------------------------------------------------------------------ transport

    /** A request with a body of known length ({@code Content-Length}); {@code body} null sends none. */
    public Response send(String method, String target, byte[] body, String... headers) {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return exchange(method, target, publisher, headers);
    }

    /** A request whose body is sent with chunked transfer encoding (no {@code Content-Length}). */
    public Response sendStreamed(String method, String target, byte[] body, String... headers) {
        return exchange(
                method,
                target,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
                headers);
    }

    public Response get(String target, String... headers) {
        return send("GET", target, null, headers);
    }

    /** The status of {@code GET target}: for tests that only ask whether something is there. */
    public int status(String target) {
        return get(target).status();
    }

    public Response head(String target, String... headers) {
        return send("HEAD", target, null, headers);
    }

    public Response delete(String target, String... headers) {
        return send("DELETE", target, null, headers);
    }

    public Response post(String target, byte[] body, String... headers) {
        return send("POST", target, body, headers);
    }

    public Response put(String target, byte[] body, String... headers) {
        return send("PUT", target, body, headers);
    }

    public Response patch(String target, byte[] body, String... headers) {
        return send("PATCH", target, body, headers);
    }

    private Response exchange(String method, String target, HttpRequest.BodyPublisher body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name, value pairs");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target))
                .timeout(Duration.ofSeconds(20))
                .method(method, body);
        for (int i = 0; i < always.length; i += 2) {
            request.header(always[i], always[i + 1]);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(
                    method, response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a request line exactly as given on a plain socket (no client-side normalisation or encoding) and reads
     * the whole response.
     */
    public Response raw(String method, String rawTarget) {
        return raw(method, rawTarget, new byte[0]);
    }

    /** {@link #raw(String, String)} with a body (sent with its {@code Content-Length}) and header name, value pairs. */
    public Response raw(String method, String rawTarget, byte[] body, String... headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
            for (int i = 0; i < always.length; i += 2) {
                request.append(always[i]).append(": ").append(always[i + 1]).append("\r\n");
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return parseRaw(method, socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + rawTarget + " failed", e);
        }
    }

    private static Response parseRaw(String method, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP response head in %s", text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        assertThat(statusLine[0]).startsWith("HTTP/1.");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
        if (encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = dechunk(body);
        }
        return new Response(method, Integer.parseInt(statusLine[1]), headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, pos);
            String sizeLine = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("malformed chunked body");
    }

    /** A path such as {@code /v2/} against the registry, or an absolute URL as given (e.g. a Location). */
    public URI uri(String target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            return URI.create(target);
        }
        return URI.create(base + target);
    }

    /** Percent-encodes a query parameter value (a media type's {@code +} must not become a space). */
    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ responses

    /** A response, with the body read in full (empty for HEAD). */
    public record Response(String method, int status, Map<String, List<String>> headerMap, byte[] body) {

        public Response {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headerMap.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            headerMap = copy;
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headerMap.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** All values of a header, comma-separated lists split up (RFC 9110 section 5.3). */
        public List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            for (String line : headerMap.getOrDefault(name, List.of())) {
                for (String v : line.split(",")) {
                    if (!v.isBlank()) {
                        values.add(v.trim());
                    }
                }
            }
            return values;
        }

        public boolean hasHeader(String name) {
            return headerMap.containsKey(name);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return Oci.JSON.readTree(body);
        }

        public long contentLength() {
            return Long.parseLong(header("Content-Length"));
        }

        @Override
        public String toString() {
            return method + " -> " + status + " " + headerMap + " " + text();
        }
    }

    // ------------------------------------------------------------------ shared assertions

    /**
     * A spec error response: the status, the API version header, and (except for HEAD) a JSON body
     * {@code {"errors":[{"code","message","detail"}]}} whose every code is one of the spec's and whose every message
     * is non-empty, with no stack trace anywhere. {@code code} null accepts any spec code as the first one.
     */
    public static JsonNode assertError(Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.header("Docker-Distribution-API-Version"))
                .as("API version header of %s", r)
                .isEqualTo("registry/2.0");
        if (r.method().equals("HEAD")) {
            assertThat(r.body()).as("HEAD has no body").isEmpty();
            return null;
        }
        assertThat(r.header("Content-Type")).as("Content-Type of %s", r).startsWith("application/json");
        String text = r.text();
        assertThat(text).doesNotContain("\tat ", "Caused by", "Exception:", "<html", "<HTML");
        JsonNode body = r.json();
        assertThat(body.isObject()).as("error body of %s is an object", r).isTrue();
        JsonNode errors = body.get("errors");
        assertThat(errors).as("errors array in %s", text).isNotNull();
        assertThat(errors.isArray()).as("errors is an array in %s", text).isTrue();
        assertThat(errors.size()).as("errors in %s", text).isPositive();
        for (JsonNode error : errors) {
            assertThat(error.path("code").asString())
                    .as("code in %s", text)
                    .matches("[A-Z_]+")
                    .isIn(SPEC_ERROR_CODES);
            assertThat(error.path("message").isString())
                    .as("message in %s", text)
                    .isTrue();
            assertThat(error.path("message").asString())
                    .as("message in %s", text)
                    .isNotBlank();
        }
        if (code != null) {
            assertThat(errors.get(0).path("code").asString())
                    .as("code in %s", text)
                    .isEqualTo(code);
        }
        return body;
    }

    /** Asserts a success status and the API version header. */
    public static Response assertStatus(Response r, int status) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.header("Docker-Distribution-API-Version"))
                .as("API version header of %s", r)
                .isEqualTo("registry/2.0");
        return r;
    }

    /** The list of the error codes of an error body, in order. */
    public static List<String> errorCodes(Response r) {
        List<String> codes = new ArrayList<>();
        for (JsonNode e : r.json().path("errors")) {
            codes.add(e.path("code").asString());
        }
        return codes;
    }

    /** The strings of a JSON array (asserting it is one). */
    public static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            assertThat(v.isString()).as("%s is a string", v).isTrue();
            values.add(v.asString());
        }
        return values;
    }

    /** The upload id of an upload Location, asserting it has the shape the spec asks for (a UUID). */
    public static String uploadId(Response r, String repository) {
        String location = r.header("Location");
        assertThat(location).as("Location of %s", r).isNotNull();
        Matcher m = UPLOAD_LOCATION.matcher(location);
        assertThat(m.matches())
                .as("%s is an upload location with a UUID", location)
                .isTrue();
        assertThat(m.group(1)).isEqualTo(repository);
        return m.group(2);
    }

    /** The target of a {@code Link: <...>; rel="next"} header, or null when there is none. */
    public static String nextLink(Response r) {
        String link = r.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = Pattern.compile("^<([^>]+)>;\\s*rel=\"next\"$").matcher(link.trim());
        assertThat(m.matches()).as("Link %s is <target>; rel=\"next\"", link).isTrue();
        return m.group(1);
    }

    // ------------------------------------------------------------------ client flows

    /** Pushes a blob with a single POST and returns its digest. */
    public String pushBlob(String repository, byte[] content) {
        String digest = Oci.sha256(content);
        Response r = post(
                "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                content,
                "Content-Type",
                "application/octet-stream");
        assertStatus(r, 201);
        return digest;
    }

    /** Pushes a blob and returns its descriptor with the given media type. */
    public Map<String, Object> pushBlob(String repository, String mediaType, byte[] content) {
        return Oci.descriptor(mediaType, pushBlob(repository, content), content.length);
    }

    /** Pushes a manifest (asserting 201) and returns its digest. */
    public String pushManifest(String repository, String reference, String mediaType, byte[] body) {
        Response r = put("/v2/" + repository + "/manifests/" + reference, body, "Content-Type", mediaType);
        assertStatus(r, 201);
        String digest = Oci.sha256(body);
        assertThat(r.header("Docker-Content-Digest")).isEqualTo(digest);
        return digest;
    }

    /** Pushes a blob as POST, one PATCH with Content-Range per chunk, closing PUT; returns its digest. */
    public String pushChunkedBlob(String repository, byte[] content, int chunkSize) {
        String digest = Oci.sha256(content);
        String location = assertStatus(post("/v2/" + repository + "/blobs/uploads/", null), 202)
                .header("Location");
        for (int start = 0; start < content.length; start += chunkSize) {
            int end = Math.min(content.length, start + chunkSize);
            location = assertStatus(
                            patch(
                                    location,
                                    Arrays.copyOfRange(content, start, end),
                                    "Content-Type",
                                    "application/octet-stream",
                                    "Content-Range",
                                    start + "-" + (end - 1)),
                            202)
                    .header("Location");
        }
        assertStatus(put(location + (location.contains("?") ? "&" : "?") + "digest=" + digest, null), 201);
        return digest;
    }

    /** Pushes a blob as POST, one PATCH without Content-Range (streamed), closing PUT; returns its digest. */
    public String pushStreamedBlob(String repository, byte[] content) {
        String digest = Oci.sha256(content);
        String location = assertStatus(post("/v2/" + repository + "/blobs/uploads/", null), 202)
                .header("Location");
        location = assertStatus(patch(location, content, "Content-Type", "application/octet-stream"), 202)
                .header("Location");
        assertStatus(put(location + (location.contains("?") ? "&" : "?") + "digest=" + digest, null), 201);
        return digest;
    }

    /** Mounts a blob from another repository (asserting 201). */
    public void mountBlob(String repository, String digest, String from) {
        assertStatus(post("/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + from, null), 201);
    }

    /** An image pushed by {@link #pushImage}. */
    public record Image(String digest, byte[] manifest, Map<String, Object> descriptor) {}

    /** Pushes a config, one layer and an OCI image manifest (tagged when {@code tag} is not null). */
    public Image pushImage(String repository, String tag, String seed) {
        Map<String, Object> config = pushBlob(
                repository,
                Oci.OCI_CONFIG,
                ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> layer =
                pushBlob(repository, Oci.OCI_LAYER, ("layer of " + seed).getBytes(StandardCharsets.UTF_8));
        byte[] manifest = Oci.imageManifest(config, List.of(layer), new LinkedHashMap<>());
        String digest = Oci.sha256(manifest);
        pushManifest(repository, tag == null ? digest : tag, Oci.OCI_MANIFEST, manifest);
        return new Image(digest, manifest, Oci.descriptor(Oci.OCI_MANIFEST, digest, manifest.length));
    }
}
