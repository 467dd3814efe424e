package dev.ocireg.conformance.internal;

import dev.ocireg.conformance.ConformanceSettings;
import dev.ocireg.conformance.HttpExchange;
import dev.ocireg.internal.wire.Challenge;
import dev.ocireg.internal.wire.Origin;
import dev.ocireg.internal.wire.TokenRequest;
import dev.ocireg.internal.wire.Urls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import tools.jackson.databind.JsonNode;

/**
 * The suite's HTTP/1.1 client: every exchange is recorded for the check that sent it; a {@code 401} is answered once
 * with Basic credentials or a Bearer token from the challenge's realm; redirects are followed without carrying {@code
 * Authorization} to another origin. Challenges, token requests and origins are read as {@code RegistryClient} reads
 * them, with the wire code it shares ({@code dev.ocireg.internal.wire}); the sending stays here, to be recorded.
 */
public final class Http {
    static final int BODY_LIMIT = 4096;
    private static final long READ_LIMIT = 256L * 1024 * 1024;
    /** One header line of warnings as the spec allows them: {@code 299 - "text"}, comma-separated. */
    private static final Pattern WARNINGS;

    static {
        // possessive: a long text must not recurse once per character
        String one = "299 - \"(?:[^\"\\\\]++|\\\\.)*+\"";
        WARNINGS = Pattern.compile("\\s*" + one + "(?:\\s*,\\s*" + one + ")*\\s*");
    }

    /** The spec's limit on the bytes of all Warning headers of a response. */
    static final int WARNING_LIMIT = 4096;

    private final URI base;
    private final HttpClient client;
    private final ConformanceSettings settings;
    private final Duration timeout = Duration.ofSeconds(60);
    private final Identity identity;
    private final Identity secondIdentity;
    private final Set<String> warnings;
    private final Map<String, String> warningProblems;
    private final Map<String, Integer> oversizedWarnings;
    private final List<HttpExchange> sink;

    /** Who sends the requests: credentials and the Authorization values obtained with them, per repository. */
    private record Identity(String username, String password, Map<String, String> authCache) {
        Identity(String username, String password) {
            this(username, password, new ConcurrentHashMap<>());
        }
    }

    /** The client of a run: its exchanges are recorded nowhere until {@link #recordingInto} gives a transcript. */
    public Http(ConformanceSettings settings) {
        this.settings = settings;
        this.base = settings.url();
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (settings.insecureTls()) {
            b.sslContext(trustAll());
        }
        this.client = b.build();
        this.identity = new Identity(settings.username(), settings.password());
        this.secondIdentity = new Identity(settings.value("OCI_USERNAME2"), settings.value("OCI_PASSWORD2"));
        this.warnings = Collections.synchronizedSet(new LinkedHashSet<>());
        this.warningProblems = Collections.synchronizedMap(new LinkedHashMap<>());
        this.oversizedWarnings = Collections.synchronizedMap(new LinkedHashMap<>());
        this.sink = new ArrayList<>();
    }

    private Http(Http shared, Identity identity, List<HttpExchange> sink) {
        this.settings = shared.settings;
        this.base = shared.base;
        this.client = shared.client;
        this.identity = identity;
        this.secondIdentity = shared.secondIdentity;
        this.warnings = shared.warnings;
        this.warningProblems = shared.warningProblems;
        this.oversizedWarnings = shared.oversizedWarnings;
        this.sink = sink;
    }

    /**
     * The same client (connections, cached tokens) recording its exchanges into {@code transcript}: one per check, so
     * checks can run at the same time.
     */
    public Http recordingInto(List<HttpExchange> transcript) {
        return new Http(this, identity, Objects.requireNonNull(transcript));
    }

    /** The same client sending the credentials of {@code OCI_USERNAME2} (recording into the same transcript). */
    public Http asSecondUser() {
        return new Http(this, secondIdentity, sink);
    }

    /** Every distinct {@code Warning} header value received so far in the run, in the order first seen. */
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /**
     * What is wrong with the {@code Warning} headers received so far: values that are not {@code 299 - "text"}, and
     * responses with more than 4096 bytes of them; each once, with the first request it came with.
     */
    public List<String> warningProblems() {
        List<String> out;
        synchronized (warningProblems) {
            out = new ArrayList<>(warningProblems.values());
        }
        synchronized (oversizedWarnings) {
            if (!oversizedWarnings.isEmpty()) {
                Map.Entry<String, Integer> first =
                        oversizedWarnings.entrySet().iterator().next();
                out.add(oversizedWarnings.size() + " responses had more than " + WARNING_LIMIT
                        + " bytes of Warning headers, the first: " + first.getKey() + " (" + first.getValue()
                        + " bytes)");
            }
        }
        return out;
    }

    private void inspectWarnings(String method, URI uri, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        warnings.addAll(values);
        int bytes = 0;
        for (String value : values) {
            bytes += value.getBytes(StandardCharsets.UTF_8).length;
            if (!WARNINGS.matcher(value).matches()) {
                warningProblems.putIfAbsent(
                        value,
                        "Warning '" + value + "' (" + method + " " + uri + ") is not 299 - \"<text>\": a warn-code"
                                + " of 299, a warn-agent of -, and no warn-date");
            }
        }
        if (bytes > WARNING_LIMIT) {
            oversizedWarnings.put(method + " " + uri, bytes);
        }
    }

    /** The registry's base URL. */
    public URI base() {
        return base;
    }

    /** A request to a path such as {@code /v2/} or to a Location the registry returned (absolute or relative). */
    public Request request(String method, String target) {
        return new Request(method, resolve(target));
    }

    /** {@code target} resolved against the registry's base URL. */
    public URI resolve(String target) {
        return target.startsWith("http://") || target.startsWith("https://")
                ? URI.create(target)
                : URI.create(base + (target.startsWith("/") ? "" : "/") + target);
    }

    /** {@code location} (absolute or relative, as a registry returned it) resolved against {@code requestUri}. */
    public static URI resolve(URI requestUri, String location) {
        return requestUri.resolve(location);
    }

    /** A request being built; {@link #send()} sends it. */
    public final class Request {
        private final String method;
        private URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private boolean streamed;
        private boolean anonymous;

        private Request(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        /** Adds a query parameter (encoded), keeping those the URI has. */
        public Request query(String name, String value) {
            uri = Urls.withQuery(uri, Urls.encode(name) + "=" + Urls.encode(value));
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A body of known length: {@code Content-Length} is set. */
        public Request body(byte[] content) {
            this.body = content;
            this.streamed = false;
            return this;
        }

        /** A body of unknown length: sent with chunked transfer encoding, no {@code Content-Length}. */
        public Request streamedBody(byte[] content) {
            this.body = content;
            this.streamed = true;
            return this;
        }

        /** Sends no credentials and does not answer a 401 challenge. */
        public Request anonymous() {
            this.anonymous = true;
            return this;
        }

        public URI uri() {
            return uri;
        }

        public Response send() {
            return Http.this.send(this);
        }
    }

    /** A response; header names are case-insensitive. */
    public static final class Response {
        private final int status;
        private final Map<String, List<String>> headers;
        private final byte[] body;
        private final URI uri;
        private final String method;
        private List<String> redirects = List.of();

        Response(String method, URI uri, int status, Map<String, List<String>> headers, byte[] body) {
            this.method = method;
            this.uri = uri;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public byte[] body() {
            return body;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The URL the response came from (after redirects). */
        public URI uri() {
            return uri;
        }

        /** The redirects followed to get this response, each as {@code 307 http://other/…}; empty for none. */
        public List<String> redirects() {
            return redirects;
        }

        public String method() {
            return method;
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Every value of a header (several header lines stay separate). */
        public List<String> headers(String name) {
            return headers.getOrDefault(name, List.of());
        }

        /** The body as JSON, or null when it is not JSON. */
        public JsonNode json() {
            return Json.parseOrNull(body);
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status;
        }
    }

    /** Thrown when no response arrived; the exchange is recorded with the error. */
    public static final class NoResponse extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoResponse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Response send(Request r) {
        URI uri = r.uri;
        String method = r.method;
        byte[] body = r.body;
        Map<String, String> headers = new LinkedHashMap<>(r.headers);
        String cacheKey = cacheKey(uri);
        Map<String, String> authCache = identity.authCache();
        String cached = authCache.get(cacheKey);
        if (!r.anonymous && settings.flag("OCI_CACHE_AUTH") && cached != null && sameOrigin(uri)) {
            headers.put("Authorization", cached);
        }
        boolean answered = false;
        List<String> redirects = new ArrayList<>();
        for (int hop = 0; hop < 10; hop++) {
            Response response = exchange(method, uri, headers, body, r.streamed, false);
            int status = response.status();
            if (status == 401 && !answered && !r.anonymous && sameOrigin(uri)) {

                String authorization = answer(response);
                if (authorization != null) {
                    answered = true;
                    authCache.put(cacheKey, authorization);
                    headers.put("Authorization", authorization);
                    continue;
                }
            }
            String location = response.header("Location");
            if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                    && location != null
                    && isRedirectable(method, status)) {
                URI next = uri.resolve(location);
                if (!sameOrigin(next)) {
                    // the registry's credentials never go to another host (spec: "MUST NOT forward Authorization
                    // headers across host boundaries"), nor come back once the request has left
                    headers.remove("Authorization");
                }
                redirects.add(status + " " + next);
                if (status == 303) {
                    method = method.equals("HEAD") ? "HEAD" : "GET";
                    body = null;
                }
                uri = next;
                continue;
            }
            response.redirects = List.copyOf(redirects);
            return response;
        }
        throw new NoResponse("too many redirects or authentication rounds for " + r.method + " " + r.uri, null);
    }

    /** Redirects of uploads (POST, PATCH, PUT) carry a Location meaning something else; only reads are followed. */
    private static boolean isRedirectable(String method, int status) {
        return method.equals("GET") || method.equals("HEAD") || status == 307 || status == 308;
    }

    private String cacheKey(URI uri) {
        // Bearer scopes differ per repository; key the cache by the repository part of the path.
        String path = uri.getPath() == null ? "" : uri.getPath();
        Matcher m =
                Pattern.compile("^/v2/(.+?)/(blobs|manifests|tags|referrers)/").matcher(path);
        return m.find() ? m.group(1) : "";
    }

    private boolean sameOrigin(URI uri) {
        return Origin.same(uri, base);
    }

    /**
     * The Authorization value that answers a 401: Basic credentials for a Basic challenge, a token from the realm for a
     * Bearer challenge (the first of the two the registry offers), or null. The token request is recorded too.
     */
    private String answer(Response unauthorized) {
        String user = identity.username();
        String password = identity.password();
        for (Challenge challenge : Challenge.parse(unauthorized.headers("WWW-Authenticate"))) {
            if (challenge.is("basic") && !user.isEmpty()) {
                return TokenRequest.basic(user, password);
            }
            if (challenge.is("bearer")) {
                URI tokenUri;
                try {
                    tokenUri = TokenRequest.uri(challenge);
                } catch (IllegalArgumentException e) {
                    return null; // no usable realm: the 401 stands, and the check reports it
                }
                Map<String, String> tokenHeaders = new LinkedHashMap<>();
                if (!user.isEmpty()) {
                    tokenHeaders.put("Authorization", TokenRequest.basic(user, password));
                }
                Response token = exchange("GET", tokenUri, tokenHeaders, null, false, true);
                return token.status() != 200
                        ? null
                        : TokenRequest.token(token.body())
                                .map(t -> "Bearer " + t)
                                .orElse(null);
            }
        }
        return null;
    }

    private Response exchange(
            String method, URI uri, Map<String, String> headers, byte[] body, boolean streamed, boolean secret) {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (streamed) {
            byte[] content = body;
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method, publisher);
        headers.forEach(b::header);
        Map<String, List<String>> shownRequestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> shownRequestHeaders.put(k, List.of(redact(k, v))));
        if (body != null) {
            if (streamed) {
                shownRequestHeaders.put("Transfer-Encoding", List.of("chunked"));
            } else {
                shownRequestHeaders.put("Content-Length", List.of(String.valueOf(body.length)));
            }
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            shownRequestHeaders.put("Content-Length", List.of("0"));
        }
        String shownBody = body == null ? "" : snippet(body, headers.get("Content-Type"));
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            sink.add(new HttpExchange(method, uri.toString(), shownRequestHeaders, shownBody, 0, Map.of(), "", error));
            throw new NoResponse("no response to " + method + " " + uri + ": " + error, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoResponse("interrupted while waiting for " + method + " " + uri, e);
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        String bodyError = null;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
                if (received.size() > READ_LIMIT) {
                    bodyError = "body longer than " + READ_LIMIT + " bytes; the rest was not read";
                    break;
                }
            }
        } catch (IOException e) {
            bodyError = "the body broke off after " + received.size() + " bytes ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + ")";
        }
        byte[] responseBody = received.toByteArray();
        Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((k, v) -> {
            if (!k.equals(":status")) {
                responseHeaders.put(k, List.copyOf(v));
            }
        });
        inspectWarnings(method, uri, responseHeaders.getOrDefault("Warning", List.of()));
        String shownResponse = secret
                ? "(token response, not shown)"
                : snippet(
                        responseBody,
                        response.headers().firstValue("Content-Type").orElse(null));
        sink.add(new HttpExchange(
                method,
                uri.toString(),
                shownRequestHeaders,
                shownBody,
                response.statusCode(),
                responseHeaders,
                shownResponse,
                bodyError));
        if (bodyError != null) {
            throw new NoResponse(
                    method + " " + uri + " -> " + response.statusCode() + ", but " + bodyError
                            + responseHeaders.getOrDefault("Content-Length", List.of()).stream()
                                    .map(l -> "; Content-Length said " + l)
                                    .findFirst()
                                    .orElse(""),
                    null);
        }
        return new Response(method, uri, response.statusCode(), responseHeaders, responseBody);
    }

    private static String redact(String name, String value) {
        if (name.equalsIgnoreCase("Authorization")) {
            int space = value.indexOf(' ');
            return (space > 0 ? value.substring(0, space) : "") + " ***";
        }
        return value;
    }

    /** The body as text (cut to {@value #BODY_LIMIT} characters) or a note for binary content. */
    static String snippet(byte[] body, String contentType) {
        if (body.length == 0) {
            return "";
        }
        // only the start is shown: decode at most 4 bytes per character shown (less a split character at the end)
        int prefix = Math.min(body.length, BODY_LIMIT * 4 + 1);
        String text = null;
        for (int cut = 0; text == null && cut < 4 && cut < prefix; cut++) {
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body, 0, prefix - cut))
                        .toString();
            } catch (CharacterCodingException e) {
                if (prefix == body.length) {
                    break; // the whole body is not UTF-8
                }
            }
        }
        if (text == null) {
            return "(" + body.length + " bytes of binary data)";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return "(" + body.length + " bytes of binary data)";
            }
        }
        if (text.length() > BODY_LIMIT || prefix < body.length) {
            return text.substring(0, Math.min(BODY_LIMIT, text.length())) + "… (" + body.length + " bytes in all)";
        }
        return text;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trustAll = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an SSL context for OCI_TLS=insecure", e);
        }
    }
}
