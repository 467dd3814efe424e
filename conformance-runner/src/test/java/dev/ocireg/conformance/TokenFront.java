package dev.ocireg.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A token-authenticating front for a registry, as Docker Hub and most hosted registries do it: {@code /v2/…} without
 * a valid Bearer token gets 401 with {@code WWW-Authenticate: Bearer realm=…/token,service=…,scope=…}; {@code /token}
 * hands out the token for Basic credentials; everything else is proxied to the registry behind.
 */
final class TokenFront implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "host", "expect", "upgrade");

    private final URI upstream;
    private final String basic;
    private final String token = "token-" + System.nanoTime();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger challenges = new AtomicInteger();
    final AtomicInteger proxied = new AtomicInteger();

    TokenFront(URI upstream, String user, String password) throws Exception {
        this.upstream = upstream;
        this.basic =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                TokenFront.this.handle(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private void handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String authorization = request.getHeaders().get("Authorization");
        if (path.equals("/token")) {
            tokenRequests.incrementAndGet();
            if (!basic.equals(authorization)) {
                send(response, callback, 401, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"bad credentials\"}]}");
                return;
            }
            send(response, callback, 200, "{\"token\":\"" + token + "\",\"expires_in\":300}");
            return;
        }
        if (!("Bearer " + token).equals(authorization)) {
            challenges.incrementAndGet();
            String scope = path.startsWith("/v2/") && path.length() > 4
                    ? "repository:" + path.substring(4).replaceAll("/(blobs|manifests|tags|referrers)/.*$", "")
                            + ":pull,push"
                    : "registry:catalog:*";
            response.getHeaders()
                    .put(
                            "WWW-Authenticate",
                            "Bearer realm=\"" + url() + "/token\",service=\"front\",scope=\"" + scope + "\"");
            send(
                    response,
                    callback,
                    401,
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return;
        }
        proxied.incrementAndGet();
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(
                        URI.create(upstream + request.getHttpURI().getPathQuery()))
                .method(
                        request.getMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (HttpField field : request.getHeaders()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equals("authorization")) {
                forward.header(field.getName(), field.getValue());
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            send(response, callback, 502, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"" + e + "\"}]}");
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                for (String v : values) {
                    response.getHeaders().add(name, v);
                }
            }
        });
        if (request.getMethod().equals("HEAD")) {
            answer.headers()
                    .firstValue("Content-Length")
                    .ifPresent(l -> response.getHeaders().put("Content-Length", l));
            callback.succeeded();
            return;
        }
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    private static void send(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
