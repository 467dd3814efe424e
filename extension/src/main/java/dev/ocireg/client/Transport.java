package dev.ocireg.client;

import dev.ocireg.internal.wire.Challenge;
import dev.ocireg.internal.wire.Origin;
import dev.ocireg.internal.wire.TokenRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP layer of {@link RegistryClient}: sends a request, answers one {@code 401} challenge (Basic, or a Bearer
 * token fetched from the challenge's realm and cached per scope), follows redirects itself, and attaches credentials
 * only to requests for the registry's own origin. Turns failures into {@link RegistryClientException}s. Thread-safe.
 */
final class Transport {
    // The successful statuses of the API's endpoints, for expect(...).
    static final int[] OK = {200};
    static final int[] CREATED = {201};
    static final int[] ACCEPTED = {202};
    static final int[] DELETED = {200, 202, 204};

    private static final int MAX_REDIRECTS = 10;
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
    /** Which token answered the last challenge for a kind of request ("push:<repository>", "pull:<repository>", "catalog"). */
    private final ConcurrentMap<String, String> tokenForRequest = new ConcurrentHashMap<>();

    private volatile boolean basicFirst;

    /** Retries after the first attempt of an idempotent request; 0: none. */
    private final int retries;
    /** The wait before the first retry, doubled for each next one (when the registry sends no Retry-After). */
    private final Duration backoff;
    /** The longest wait a Retry-After may ask for; a longer one ends the retries. */
    private final Duration maxRetryWait;

    Transport(URI base, HttpClient http, Duration timeout, String user, String password, String bearerToken) {
        this(base, http, timeout, user, password, bearerToken, 0, Duration.ZERO, Duration.ZERO);
    }

    Transport(
            URI base,
            HttpClient http,
            Duration timeout,
            String user,
            String password,
            String bearerToken,
            int retries,
            Duration backoff,
            Duration maxRetryWait) {
        this.retries = retries;
        this.backoff = backoff;
        this.maxRetryWait = maxRetryWait;
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.basic = user == null ? null : TokenRequest.basic(user, password);
        this.staticBearer = bearerToken == null ? null : "Bearer " + bearerToken;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends a request and returns the response, whatever its status; the caller closes the body. {@code headers} are
     * name, value pairs; {@code body} must be re-subscribable (it is sent again after a challenge or a 307).
     */
    HttpResponse<InputStream> send(String method, URI uri, BodyPublisher body, String... headers) {
        boolean idempotent = IDEMPOTENT.contains(method);
        for (int attempt = 0; ; attempt++) {
            boolean mayRetry = idempotent && attempt < retries;
            HttpResponse<InputStream> response;
            try {
                response = sendOnce(method, uri, body, headers);
            } catch (RegistryClientException e) {
                if (mayRetry && isBrokenConnection(e)) {
                    pause(backoff(attempt), method, uri, e);
                    continue;
                }
                throw e;
            }
            int status = response.statusCode();
            if (mayRetry && RETRIED_STATUSES.contains(status)) {
                Duration wait = retryAfter(response).orElse(backoff(attempt));
                if (wait.compareTo(maxRetryWait) <= 0) {
                    Responses.close(response);
                    pause(wait, method, uri, null);
                    continue;
                }
            }
            return response;
        }
    }

    private static final java.util.Set<String> IDEMPOTENT = java.util.Set.of("GET", "HEAD", "PUT", "DELETE");
    private static final java.util.Set<Integer> RETRIED_STATUSES = java.util.Set.of(429, 502, 503, 504);

    /** How many times a failed request may be tried again (0: retries are off). */
    int retries() {
        return retries;
    }

    /**
     * Whether a request that failed this way may be worth another try: a 429, 502, 503 or 504, or a connection that
     * broke before the response.
     */
    static boolean isRetryable(RegistryClientException e) {
        return RETRIED_STATUSES.contains(e.status()) || isBrokenConnection(e);
    }

    /** Waits the backoff before retry number {@code attempt} (from 0). */
    void pauseBeforeRetry(int attempt, RegistryClientException failure) {
        pause(backoff(attempt), failure.method(), failure.uri(), failure);
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt, 10));
    }

    /** A connection that broke or closed without a response; not a refused connection or a timeout. */
    private static boolean isBrokenConnection(RegistryClientException e) {
        Throwable cause = e.getCause();
        return e.status() == -1
                && cause instanceof IOException
                && !(cause instanceof java.net.ConnectException)
                && !(cause instanceof java.net.http.HttpTimeoutException);
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        java.util.Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty()) {
            return java.util.Optional.empty();
        }
        String v = value.get().trim();
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at =
                        java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(java.time.Instant.now(), at.toInstant());
                return java.util.Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (java.time.format.DateTimeParseException neither) {
                return java.util.Optional.empty();
            }
        }
    }

    private static void pause(Duration wait, String method, URI uri, RegistryClientException failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (failure != null) {
                throw failure;
            }
            throw Responses.failure(method, uri, -1, "interrupted while waiting to retry", e);
        }
    }

    private HttpResponse<InputStream> sendOnce(String method, URI uri, BodyPublisher body, String... headers) {
        String kind = requestKind(method, uri);
        String authorization = authorizationFor(kind);
        HttpResponse<InputStream> response = follow(method, uri, body, headers, authorization);
        if (response.statusCode() == 401 && Origin.same(response.uri(), base)) {
            String answer = answer(response, kind, authorization);
            if (answer != null) {
                Responses.close(response);
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
        throw Responses.error(response);
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
            if (authorization != null && Origin.same(current, base)) {
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
            Responses.close(response);
            if (hop >= MAX_REDIRECTS) {
                throw Responses.failure(
                        currentMethod, current, status, "more than " + MAX_REDIRECTS + " redirects", null);
            }
            if (status == 303 && !currentMethod.equals("HEAD")) {
                currentMethod = "GET";
                currentBody = null;
            }
            current = Responses.resolve(current, location);
        }
    }

    private HttpResponse<InputStream> exchange(String method, URI uri, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw Responses.failure(method, uri, -1, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Responses.failure(method, uri, -1, "interrupted", e);
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
        List<Challenge> challenges = Challenge.parse(response.headers().allValues("WWW-Authenticate"));
        for (Challenge c : challenges) {
            if (c.is("bearer") && c.param("realm") != null) {
                String tokenKey = c.param("realm") + " " + c.param("service") + " " + c.param("scope");
                String cached = tokens.get(tokenKey);
                String token = cached != null && !cached.equals(sent) ? cached : fetchToken(c);
                tokens.put(tokenKey, token);
                tokenForRequest.put(kind, tokenKey);
                return token;
            }
        }
        for (Challenge c : challenges) {
            if (c.is("basic") && basic != null && !basic.equals(sent)) {
                basicFirst = true;
                return basic;
            }
        }
        return null;
    }

    private String fetchToken(Challenge challenge) {
        URI tokenUri;
        try {
            tokenUri = TokenRequest.uri(challenge);
        } catch (IllegalArgumentException e) {
            throw Responses.failure("GET", base, 401, e.getMessage(), e.getCause());
        }
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
            throw Responses.error(response, "the token request for scope '" + challenge.param("scope") + "' failed");
        }
        return "Bearer "
                + TokenRequest.token(Responses.readAll(response))
                        .orElseThrow(() -> Responses.failure(
                                "GET",
                                tokenUri,
                                200,
                                "the token response has neither 'token' nor 'access_token'",
                                null));
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

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }
}
