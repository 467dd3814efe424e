package dev.ocireg.internal.wire;

import dev.ocireg.internal.content.ContentJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The token request that answers a {@code Bearer} challenge (the distribution project's token authentication: {@code
 * GET <realm>?service=<service>&scope=<scope>&scope=<scope>}), and the token in its response. A challenge's {@code
 * scope} may list several scopes separated by spaces; each becomes its own {@code scope} parameter.
 *
 * <pre>{@code
 * URI uri = TokenRequest.uri(challenge);          // then GET it, with Basic credentials if there are any
 * Optional<String> token = TokenRequest.token(body);
 * }</pre>
 */
public final class TokenRequest {
    private TokenRequest() {}

    /**
     * The URL to fetch a token from for a Bearer challenge: its realm with {@code service} and one {@code scope} per
     * scope of the challenge, keeping any query the realm has. Throws {@link IllegalArgumentException} when the realm
     * is missing or not an {@code http(s)} URL.
     */
    public static URI uri(Challenge bearer) {
        String realm = bearer.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("the Bearer challenge has no realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token realm '" + realm + "' is not a URL", e);
        }
        String scheme = realmUri.getScheme() == null ? "" : realmUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || realmUri.getHost() == null) {
            throw new IllegalArgumentException("the token realm '" + realm + "' is not an http(s) URL");
        }
        List<String> pairs = new ArrayList<>();
        if (bearer.param("service") != null) {
            pairs.add("service=" + Urls.encode(bearer.param("service")));
        }
        for (String scope : scopes(bearer)) {
            pairs.add("scope=" + Urls.encode(scope));
        }
        return pairs.isEmpty() ? realmUri : Urls.withQuery(realmUri, String.join("&", pairs));
    }

    /** The scopes of a challenge's {@code scope} parameter (space-separated), in order; empty when it has none. */
    public static List<String> scopes(Challenge bearer) {
        String scope = bearer.param("scope");
        List<String> scopes = new ArrayList<>();
        if (scope != null) {
            for (String each : scope.trim().split("\\s+")) {
                if (!each.isEmpty()) {
                    scopes.add(each);
                }
            }
        }
        return List.copyOf(scopes);
    }

    /**
     * The token of a token response: its {@code token}, or else its {@code access_token} (OAuth 2 style); empty when
     * the body is not a JSON object or has neither.
     */
    public static Optional<String> token(byte[] responseBody) {
        JsonNode json = ContentJson.readTreeOrMissing(responseBody);
        for (String field : List.of("token", "access_token")) {
            JsonNode value = json.get(field);
            if (value != null && value.isString() && !value.stringValue().isEmpty()) {
                return Optional.of(value.stringValue());
            }
        }
        return Optional.empty();
    }

    /** The {@code Authorization} value of Basic credentials: {@code Basic base64(user:password)}, UTF-8. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
