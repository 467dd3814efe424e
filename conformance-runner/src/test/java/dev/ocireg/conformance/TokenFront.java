package dev.ocireg.conformance;

import dev.ocireg.auth.Credentials;
import dev.ocireg.testing.Front;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token-authenticating front for a registry, as Docker Hub and most hosted registries do it: {@code /v2/…} without
 * a valid Bearer token gets 401 with {@code WWW-Authenticate: Bearer realm=…/token,service=…,scope=…}; {@code /token}
 * hands out the token for Basic credentials; everything else is proxied (without the token) to the registry behind,
 * by the project's one proxy front.
 */
final class TokenFront implements AutoCloseable {
    private final String basic;
    private final String token = "token-" + System.nanoTime();
    private final Front front;
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger challenges = new AtomicInteger();
    final AtomicInteger proxied = new AtomicInteger();

    TokenFront(URI upstream, String user, String password) {
        this.basic = new Credentials(user, password).basicHeader();
        this.front = Front.start(upstream).intercept(this::authenticate);
    }

    URI url() {
        return front.url();
    }

    /** Answers /token and the 401 challenges itself; lets a request with the token through (true: answered). */
    private boolean authenticate(Front.Call call) {
        String authorization = call.header("Authorization");
        if (call.path().equals("/token")) {
            tokenRequests.incrementAndGet();
            if (!basic.equals(authorization)) {
                call.sendError(401, "DENIED", "bad credentials");
                return true;
            }
            Front.Reply reply = new Front.Reply(
                    200, ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
            call.send(reply.header("Content-Type", "application/json"));
            return true;
        }
        if (!("Bearer " + token).equals(authorization)) {
            challenges.incrementAndGet();
            String path = call.path();
            String scope = path.startsWith("/v2/") && path.length() > 4
                    ? "repository:" + path.substring(4).replaceAll("/(blobs|manifests|tags|referrers)/.*$", "")
                            + ":pull,push"
                    : "registry:catalog:*";
            call.sendError(
                    401,
                    "UNAUTHORIZED",
                    "authentication required",
                    "WWW-Authenticate",
                    "Bearer realm=\"" + url() + "/token\",service=\"front\",scope=\"" + scope + "\"");
            return true;
        }
        proxied.incrementAndGet();
        return false;
    }

    @Override
    public void close() {
        front.close();
    }
}
