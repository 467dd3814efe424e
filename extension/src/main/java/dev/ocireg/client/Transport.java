package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP layer of {@link RegistryClient}: sends a request, answers one {@code 401} challenge (Basic, or a Bearer
 * token fetched from the challenge's realm and cached per scope), follows redirects itself, and attaches credentials
 * only to requests for the registry's own origin. Turns failures into {@link RegistryClientException}s. Thread-safe.
 */
final class Transport {
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final String USER_AGENT = "ocireg-client";

    /** The repository of an endpoint path; the endpoint is read from the end, as names may contain its words. */
    private static final List<Pattern> REPOSITORY_PATHS = List.of(
            Pattern.compile("/v2/(.+)/blobs/uploads/[^/]*$"),
            Pattern.compile("/v2/(.+)/(?:blobs|manifests|referrers)/[^/]+$"),
            Pattern.compile("/v2/(.+)/tags/list$"));

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final String basic;
    private final String staticBearer;
    /** Token cache: "realm service scope" to an Authorization value. */
    private final ConcurrentMap<String, String> tokens = new ConcurrentHashMap<>();
    /** Which token answered the last challenge for a kind of request ("push:repo", "pull:repo", "catalog"). */
    private final ConcurrentMap<String, String> tokenForRequest = new ConcurrentHashMap<>();

    private volatile boolean basicFirst;

    Transport(URI base, HttpClient http, Duration timeout, String user, String password, String bearerToken) {
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.basic = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.staticBearer = bearerToken == null ? null : "Bearer " + bearerToken;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends a request and returns the response, whatever its status; the caller closes the body. {@code headers} are
     * name, value pairs; {@code body} must be re-subscribable (it is sent again after a challenge or a 307).
     */
    HttpResponse<InputStream> send(String method, URI uri, BodyPublisher body, String... headers) {
        String kind = requestKind(method, uri);
        String authorization = authorizationFor(kind);
        HttpResponse<InputStream> response = follow(method, uri, body, headers, authorization);
        if (response.statusCode() == 401 && sameOrigin(response.uri())) {
            String answer = answer(response, kind, authorization);
            if (answer != null) {
                close(response);
                response = follow(method, uri, body, headers, answer);
            }
        }
        return response;
    }

    /** {@link #send}, then throws the registry's error unless the status is one of {@code expected}. */
    HttpResponse<InputStream> expect(String method, URI uri, BodyPublisher body, int[] expected, String... headers) {
        HttpResponse<InputStream> response = send(method, uri, body, headers);
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw error(response);
    }

    private HttpResponse<InputStream> follow(
            String method, URI uri, BodyPublisher body, String[] headers, String authorization) {
        String currentMethod = method;
        BodyPublisher currentBody = body;
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .timeout(timeout)
                    .method(currentMethod, currentBody == null ? BodyPublishers.noBody() : currentBody)
                    .header("User-Agent", USER_AGENT);
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            if (authorization != null && sameOrigin(current)) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = exchange(currentMethod, current, request.build());
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            boolean redirect = location != null
                    && (status == 303
                            || status == 307
                            || status == 308
                            || ((status == 301 || status == 302) && isRead(currentMethod)));
            if (!redirect) {
                return response;
            }
            close(response);
            if (hop >= MAX_REDIRECTS) {
                throw failure(currentMethod, current, status, "more than " + MAX_REDIRECTS + " redirects", null);
            }
            if (status == 303 && !currentMethod.equals("HEAD")) {
                currentMethod = "GET";
                currentBody = null;
            }
            current = resolve(current, location);
        }
    }

    private HttpResponse<InputStream> exchange(String method, URI uri, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(method, uri, -1, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(method, uri, -1, "interrupted", e);
        }
    }

    // ------------------------------------------------------------------ authentication

    private String authorizationFor(String kind) {
        if (staticBearer != null) {
            return staticBearer;
        }
        String tokenKey = tokenForRequest.get(kind);
        String token = tokenKey == null ? null : tokens.get(tokenKey);
        if (token != null) {
            return token;
        }
        return basicFirst ? basic : null;
    }

    /** The Authorization value that answers the challenge of a 401, or null when there is nothing better to send. */
    private String answer(HttpResponse<InputStream> response, String kind, String sent) {
        if (staticBearer != null) {
            return null;
        }
        List<AuthChallenge> challenges = AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
        for (AuthChallenge c : challenges) {
            if (c.scheme().equals("bearer") && c.param("realm") != null) {
                String tokenKey = c.param("realm") + " " + c.param("service") + " " + c.param("scope");
                String cached = tokens.get(tokenKey);
                String token = cached != null && !cached.equals(sent) ? cached : fetchToken(c);
                tokens.put(tokenKey, token);
                tokenForRequest.put(kind, tokenKey);
                return token;
            }
        }
        for (AuthChallenge c : challenges) {
            if (c.scheme().equals("basic") && basic != null && !basic.equals(sent)) {
                basicFirst = true;
                return basic;
            }
        }
        return null;
    }

    private String fetchToken(AuthChallenge challenge) {
        String realm = challenge.param("realm");
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw failure("GET", base, 401, "the token realm '" + realm + "' is not a URL", e);
        }
        String scheme = realmUri.getScheme() == null ? "" : realmUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw failure("GET", base, 401, "the token realm '" + realm + "' is not an http(s) URL", null);
        }
        StringBuilder query = new StringBuilder();
        if (challenge.param("service") != null) {
            query.append("service=").append(encode(challenge.param("service")));
        }
        String scope = challenge.param("scope");
        if (scope != null) {
            for (String each : scope.trim().split("\\s+")) {
                if (!each.isEmpty()) {
                    query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(each));
                }
            }
        }
        URI tokenUri = query.length() == 0 ? realmUri : withQuery(realmUri, query.toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .GET()
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        if (basic != null) {
            request.header("Authorization", basic);
        }
        HttpResponse<InputStream> response = exchange("GET", tokenUri, request.build());
        if (response.statusCode() != 200) {
            throw error(response, "the token request for scope '" + scope + "' failed");
        }
        byte[] body = readAll(response);
        String token = null;
        try {
            JsonNode json = ContentJson.MAPPER.readTree(body);
            token = ContentJson.text(json, "token");
            if (token == null || token.isEmpty()) {
                token = ContentJson.text(json, "access_token");
            }
        } catch (JacksonException e) {
            // reported below
        }
        if (token == null || token.isEmpty()) {
            throw failure("GET", tokenUri, 200, "the token response has neither 'token' nor 'access_token'", null);
        }
        return "Bearer " + token;
    }

    /** What a request needs access to, as the key of the token that last answered such a request. */
    private static String requestKind(String method, URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/v2/_catalog")) {
            return "catalog";
        }
        for (Pattern p : REPOSITORY_PATHS) {
            Matcher m = p.matcher(path);
            if (m.find()) {
                return (isRead(method) ? "pull:" : "push:") + m.group(1);
            }
        }
        return "base";
    }

    // ------------------------------------------------------------------ responses and errors

    /** The registry's error from a response with an unexpected status; reads and closes the body. */
    RegistryClientException error(HttpResponse<InputStream> response) {
        return error(response, null);
    }

    private RegistryClientException error(HttpResponse<InputStream> response, String problem) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        List<RegistryClientException.ErrorEntry> errors = new ArrayList<>();
        try {
            if (body.length > 0) {
                for (JsonNode e : ContentJson.MAPPER.readTree(body).path("errors")) {
                    errors.add(new RegistryClientException.ErrorEntry(
                            ContentJson.text(e, "code"), ContentJson.text(e, "message")));
                }
            }
        } catch (JacksonException e) {
            // not the spec's error body
        }
        String detail = problem;
        if (errors.isEmpty() && body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            text = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            detail = (problem == null ? "" : problem + ": ") + "body: " + text;
        }
        if (response.statusCode() == 401 && detail == null) {
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            if (!challenges.isEmpty()) {
                detail = "WWW-Authenticate: " + String.join(", ", challenges);
            }
        }
        HttpRequest request = response.request();
        return new RegistryClientException(
                request.method(), response.uri(), response.statusCode(), errors, detail, null);
    }

    /** A failure without an error body (I/O, digest mismatch, a missing header). */
    static RegistryClientException failure(String method, URI uri, int status, String problem, Throwable cause) {
        return new RegistryClientException(method, uri, status, List.of(), problem, cause);
    }

    /** {@link #failure} for a response. */
    static RegistryClientException failure(HttpResponse<?> response, String problem) {
        return failure(response.request().method(), response.uri(), response.statusCode(), problem, null);
    }

    /** The whole body; closes it. */
    static byte[] readAll(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure(response.request().method(), response.uri(), response.statusCode(), e.toString(), e);
        }
    }

    /** Closes a body without reading it. */
    static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // nothing left to read from it
        }
    }

    // ------------------------------------------------------------------ URLs

    /** True when {@code uri} has the registry's scheme, host and port: only those requests carry credentials. */
    boolean sameOrigin(URI uri) {
        return Objects.equals(lower(uri.getScheme()), lower(base.getScheme()))
                && Objects.equals(lower(uri.getHost()), lower(base.getHost()))
                && port(uri) == port(base);
    }

    /** A Location (absolute, or relative to the URL of the request that received it) as an absolute URL. */
    static URI resolve(URI requestUri, String location) {
        try {
            return requestUri.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw failure("GET", requestUri, -1, "the registry sent an invalid Location '" + location + "'", e);
        }
    }

    /** Appends {@code name=value} pairs (already encoded) with {@code ?} or {@code &}, keeping any query there is. */
    static URI withQuery(URI uri, String encodedPairs) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        String separator = s.indexOf('?') < 0 ? "?" : s.endsWith("?") || s.endsWith("&") ? "" : "&";
        return URI.create(s + separator + encodedPairs);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
