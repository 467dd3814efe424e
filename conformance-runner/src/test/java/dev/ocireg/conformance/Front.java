package dev.ocireg.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
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
 * A small proxy (Jetty core) in front of a registry, to give it a behaviour ocireg does not have: a response without
 * a header it must carry, a header it should not send, a redirect of blob downloads to another host. Interceptors may
 * answer a request themselves; otherwise it is forwarded (with its Authorization) and the rewriters may change the
 * response. Every request is recorded with its Authorization header.
 */
final class Front implements AutoCloseable {

    /** Answers a call itself (returning the reply) or returns null to let it be proxied. */
    interface Interceptor {
        Reply handle(Front front, Call call) throws IOException;
    }

    /** Changes a proxied response before it is sent. */
    interface Rewriter {
        void rewrite(Call call, Reply reply);
    }

    /** A request as the front received it. */
    record Seen(String method, String pathAndQuery, String authorization) {}

    /** A request. */
    static final class Call {
        final Request request;
        private byte[] body;

        Call(Request request) {
            this.request = request;
        }

        String method() {
            return request.getMethod();
        }

        String path() {
            return request.getHttpURI().getPath();
        }

        String pathAndQuery() {
            String query = request.getHttpURI().getQuery();
            return path() + (query == null ? "" : "?" + query);
        }

        String header(String name) {
            return request.getHeaders().get(name);
        }

        byte[] body() throws IOException {
            if (body == null) {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
            }
            return body;
        }
    }

    /** A response, editable before it is sent. */
    static final class Reply {
        int status;
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byte[] body;

        Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        Reply header(String name, String value) {
            headers.put(name, new ArrayList<>(List.of(value)));
            return this;
        }

        Reply addHeader(String name, String value) {
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
            "date",
            "server");

    private static final HttpClient UPSTREAM = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI upstream;
    private final Server server;
    private final ServerConnector connector;
    private final List<Interceptor> interceptors = new CopyOnWriteArrayList<>();
    private final List<Rewriter> rewriters = new CopyOnWriteArrayList<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    private Front(URI upstream) {
        this.upstream = upstream;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setDaemon(true);
        threads.setName("front");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                send(serve(new Call(request)), request.getMethod().equals("HEAD"), response, callback);
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
    static Front start(URI upstream) {
        return new Front(upstream);
    }

    /** {@code http://127.0.0.1:PORT}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** The same front under another host name, {@code http://localhost:PORT}: another origin for a client. */
    URI otherOriginUrl() {
        return URI.create("http://localhost:" + connector.getLocalPort());
    }

    Front intercept(Interceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    Front rewrite(Rewriter rewriter) {
        rewriters.add(rewriter);
        return this;
    }

    private Reply serve(Call call) throws IOException {
        seen.add(new Seen(call.method(), call.pathAndQuery(), call.header("Authorization")));
        for (Interceptor i : interceptors) {
            Reply reply = i.handle(this, call);
            if (reply != null) {
                return reply;
            }
        }
        Reply reply = proxy(call, call.pathAndQuery(), null);
        rewriters.forEach(r -> r.rewrite(call, reply));
        return reply;
    }

    /**
     * Forwards the request to {@code pathAndQuery} of the registry; with {@code authorization} that header replaces
     * the caller's.
     */
    Reply proxy(Call call, String pathAndQuery, String authorization) throws IOException {
        byte[] body = call.body();
        String method = call.method();
        boolean hasBody = body.length > 0 || Set.of("PUT", "PATCH", "POST").contains(method);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
                .method(
                        method,
                        hasBody ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
        for (HttpField field : call.request.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !(authorization != null && lower.equals("authorization"))) {
                request.header(field.getName(), field.getValue());
            }
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> r = UPSTREAM.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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

    private static void send(Reply reply, boolean head, Response response, Callback callback) {
        reply.headers.forEach(
                (name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        response.setStatus(reply.status);
        byte[] bytes = head || reply.body == null ? new byte[0] : reply.body;
        if (!head) {
            response.getHeaders().put("Content-Length", String.valueOf(bytes.length));
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
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
