package dev.ocireg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A tiny HTTP server (Jetty core) in front of a real registry, for the behaviours our registry does not have:
 * authentication, a lying body, an absolute Location, a redirect to another host, an old registry without some
 * endpoints. Each request goes through the interceptors in order; the first that answers wins, otherwise the request is
 * proxied as is. Every request is recorded with its Authorization header.
 */
public final class Front implements AutoCloseable {

    /** Answers a call (returning true) or lets the next interceptor or the proxy have it (false). */
    public interface Interceptor {
        boolean handle(Call call) throws IOException;
    }

    /** Changes a proxied response before it is sent: drop a header, add one, turn a 200 into a redirect. */
    public interface Rewriter {
        void rewrite(Call call, Reply reply);
    }

    /** A request as the front received it. */
    public record Seen(String method, String pathAndQuery, String authorization) {}

    /** One request and its response. */
    public static final class Call {
        public final Request request;
        private final Response response;
        private final Callback callback;
        private byte[] body;
        private boolean answered;

        private final Front front;

        /** The front that received the call, to proxy it elsewhere from an interceptor. */
        public Front front() {
            return front;
        }

        Call(Front front, Request request, Response response, Callback callback) {
            this.front = front;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        public String method() {
            return request.getMethod();
        }

        public String path() {
            return request.getHttpURI().getPath();
        }

        /** The raw query, or null. */
        public String query() {
            return request.getHttpURI().getQuery();
        }

        public String pathAndQuery() {
            return path() + (query() == null ? "" : "?" + query());
        }

        public String header(String name) {
            return request.getHeaders().get(name);
        }

        public byte[] body() throws IOException {
            if (body == null) {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
            }
            return body;
        }

        /** Sends a reply; for HEAD, a {@code Content-Length} header in it is kept and no body is sent. */
        public void send(Reply reply) {
            reply.headers.forEach(
                    (name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
            response.setStatus(reply.status);
            boolean head = method().equals("HEAD");
            byte[] bytes = head || reply.body == null ? new byte[0] : reply.body;
            if (!head) {
                response.getHeaders().put("Content-Length", String.valueOf(bytes.length));
            }
            answered = true;
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }

        /** Sends a spec error body. */
        public void sendError(int status, String code, String message, String... headers) {
            Reply reply = new Reply(
                    status,
                    ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":{}}]}")
                            .getBytes(StandardCharsets.UTF_8));
            reply.header("Content-Type", "application/json");
            for (int i = 0; i < headers.length; i += 2) {
                reply.header(headers[i], headers[i + 1]);
            }
            send(reply);
        }
    }

    /** A response, editable before it is sent. */
    public static final class Reply {
        public int status;
        public final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        public byte[] body;

        public Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public Reply header(String name, String value) {
            headers.put(name, new ArrayList<>(List.of(value)));
            return this;
        }

        /** Adds a value beside those the header already has. */
        public Reply addHeader(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of(
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "expect",
            "upgrade",
            "keep-alive",
            "te",
            "trailer",
            "http2-settings",
            "date",
            "server");

    private static final HttpClient UPSTREAM_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI upstream;
    private final Server server;
    private final ServerConnector connector;
    private final List<Interceptor> interceptors = new CopyOnWriteArrayList<>();
    private final List<Rewriter> rewriters = new CopyOnWriteArrayList<>();
    private volatile boolean forwardAuthorization;
    public final List<Seen> seen = new CopyOnWriteArrayList<>();

    private Front(URI upstream) {
        this.upstream = upstream;
        QueuedThreadPool threads = new QueuedThreadPool(50, 2);
        threads.setDaemon(true);
        threads.setName("front");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Call call = new Call(Front.this, request, response, callback);
                try {
                    serve(call);
                } catch (Throwable t) {
                    t.printStackTrace();
                    if (!call.answered) {
                        callback.failed(t);
                    }
                }
                return true;
            }
        });
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A front proxying to {@code upstream} (a registry's base URL). */
    public static Front start(URI upstream) {
        return new Front(upstream);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** The same front under another host name, {@code http://localhost:PORT}: another origin for the client. */
    public URI otherOriginUrl() {
        return URI.create("http://localhost:" + connector.getLocalPort());
    }

    public Front intercept(Interceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    /** Applies {@code rewriter} to every proxied response (not to what interceptors answer). */
    public Front rewrite(Rewriter rewriter) {
        rewriters.add(rewriter);
        return this;
    }

    /**
     * Forwards the caller's {@code Authorization} header to the registry (by default it is dropped, so that
     * interceptors can play the authentication the registry does not have).
     */
    public Front forwardingAuthorization() {
        forwardAuthorization = true;
        return this;
    }

    private void serve(Call call) throws IOException {
        seen.add(new Seen(call.method(), call.pathAndQuery(), call.header("Authorization")));
        for (Interceptor i : interceptors) {
            if (i.handle(call)) {
                return;
            }
        }
        Reply reply = proxy(call);
        rewriters.forEach(r -> r.rewrite(call, reply));
        call.send(reply);
    }

    /** Forwards the request to the registry (path and query as received) and returns its response. */
    public Reply proxy(Call call) throws IOException {
        return proxy(call, call.pathAndQuery());
    }

    /** Forwards the request to another path and query of the registry. */
    public Reply proxy(Call call, String pathAndQuery) throws IOException {
        return proxy(call, pathAndQuery, forwardAuthorization ? call.header("Authorization") : null);
    }

    /** Forwards the request to a path and query of the registry with this {@code Authorization} (null: none). */
    public Reply proxy(Call call, String pathAndQuery, String authorization) throws IOException {
        byte[] body = call.body();
        String method = call.method();
        boolean hasBody = body.length > 0 || Set.of("PUT", "PATCH", "POST").contains(method);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
                .method(
                        method,
                        hasBody ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
        for (HttpField field : call.request.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.equals("authorization") && !lower.equals("user-agent")) {
                request.header(field.getName(), field.getValue());
            }
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> r = UPSTREAM_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Reply reply = new Reply(r.statusCode(), r.body());
            r.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    reply.headers.put(name, new ArrayList<>(values));
                }
            });
            if (method.equals("HEAD")) {
                r.headers().firstValue("Content-Length").ifPresent(v -> reply.header("Content-Length", v));
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
