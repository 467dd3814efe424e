package dev.ocireg.internal.http;

import dev.ocireg.auth.Action;
import dev.ocireg.auth.AuthenticationException;
import dev.ocireg.auth.Principal;
import dev.ocireg.internal.auth.Scope;
import dev.ocireg.internal.auth.TokenException;
import dev.ocireg.internal.auth.Tokens;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.spec.OciErrorCode;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in token server at {@code /token}: {@code GET} with Basic credentials or none ({@code token.md}) and the
 * OAuth2 {@code POST} form with {@code grant_type=password} or {@code refresh_token} ({@code oauth.md}). The token
 * holds the intersection of the scopes asked for and the caller's rights; asking for more than one may have is not an
 * error.
 */
final class TokenEndpoint {
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String BASIC_CHALLENGE = "Basic realm=\"ocireg token server\", charset=\"UTF-8\"";

    private final RegistryConfig config;
    private final AuthSettings settings;
    private final Tokens tokens;

    TokenEndpoint(RegistryConfig config, AuthSettings settings) {
        this.config = config;
        this.settings = settings;
        this.tokens = settings.tokens();
    }

    void handle(Exchange ex) throws IOException {
        switch (ex.method()) {
            case "GET" -> get(ex);
            case "POST" -> post(ex);
            default ->
                throw RegistryException.of(
                                OciErrorCode.UNSUPPORTED,
                                405,
                                ex.method() + " is not supported by the token endpoint; use GET or POST")
                        .header("Allow", "GET, POST");
        }
    }

    private void get(Exchange ex) {
        checkService(ex.param("service"));
        Principal who = authenticate(ex.header("Authorization"));
        List<Scope> requested = new ArrayList<>();
        for (String scope : ex.params("scope")) {
            requested.addAll(Scope.parseList(scope));
        }
        boolean offline = "true".equalsIgnoreCase(ex.param("offline_token"));
        answer(ex, who, requested, offline ? tokens.issueRefresh(who, tokens.now()) : null);
    }

    private void post(Exchange ex) throws IOException {
        Map<String, String> form = form(ex);
        checkService(form.get("service"));
        String grant = form.getOrDefault("grant_type", "");
        Principal who;
        String refresh = null;
        switch (grant) {
            case "password" -> {
                String user = form.getOrDefault("username", "");
                String password = form.getOrDefault("password", "");
                if (user.isEmpty()) {
                    throw unauthorized("grant_type=password needs a username and a password");
                }
                who = authenticate("Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
                if ("offline".equals(form.get("access_type"))) {
                    refresh = tokens.issueRefresh(who, tokens.now());
                }
            }
            case "refresh_token" -> {
                refresh = form.getOrDefault("refresh_token", "");
                try {
                    if (refresh.isEmpty()) {
                        throw new TokenException("grant_type=refresh_token needs a refresh_token");
                    }
                    who = tokens.verifyRefresh(refresh);
                } catch (TokenException e) {
                    throw unauthorized(e.getMessage());
                }
            }
            default ->
                throw RegistryException.of(
                        OciErrorCode.UNSUPPORTED,
                        400,
                        "grant_type must be password or refresh_token, not '" + AuthGate.abbreviate(grant) + "'");
        }
        answer(ex, who, Scope.parseList(form.get("scope")), refresh);
    }

    private void answer(Exchange ex, Principal who, List<Scope> requested, String refresh) {
        List<Scope> granted = grant(who, requested);
        Instant now = tokens.now();
        String token = tokens.issue(who, granted, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", tokens.lifetime().toSeconds());
        body.put("issued_at", now.truncatedTo(ChronoUnit.SECONDS).toString());
        List<String> scopes = new ArrayList<>();
        granted.forEach(s -> scopes.add(s.toString()));
        body.put("scope", String.join(" ", scopes));
        if (refresh != null) {
            body.put("refresh_token", refresh);
        }
        ex.header("Cache-Control", "no-store");
        ex.sendJson(200, "application/json", body);
    }

    /** The requested scopes intersected with the caller's rights, one entry per resource. */
    private List<Scope> grant(Principal who, List<Scope> requested) {
        Map<String, Set<String>> repositories = new LinkedHashMap<>();
        boolean catalog = false;
        for (Scope scope : requested) {
            if (scope.grantsCatalog()) {
                catalog |= settings.authorizer().allowsCatalog(who);
                continue;
            }
            if (!scope.type().equals(Scope.REPOSITORY) || !validName(scope.name())) {
                continue; // nothing to grant on resources this registry does not have
            }
            Set<Action> asked = EnumSet.noneOf(Action.class);
            for (String action : scope.actions()) {
                if (action.equals("*")) {
                    asked.addAll(EnumSet.allOf(Action.class));
                } else {
                    for (Action a : Action.values()) {
                        if (a.scopeName().equals(action)) {
                            asked.add(a);
                        }
                    }
                }
            }
            Set<String> actions = repositories.computeIfAbsent(scope.name(), k -> new LinkedHashSet<>());
            for (Action a : asked) {
                if (settings.authorizer().allows(who, scope.name(), a)) {
                    actions.add(a.scopeName());
                }
            }
        }
        List<Scope> granted = new ArrayList<>();
        repositories.forEach((name, actions) -> {
            if (!actions.isEmpty()) {
                granted.add(new Scope(Scope.REPOSITORY, name, actions));
            }
        });
        if (catalog) {
            granted.add(Scope.catalog());
        }
        return granted;
    }

    private boolean validName(String name) {
        try {
            RepositoryName.parse(name, config.repositoryNamePattern());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void checkService(String service) {
        if (service != null && !service.isEmpty() && !service.equals(tokens.service())) {
            throw RegistryException.of(
                    OciErrorCode.DENIED,
                    403,
                    "this token server issues tokens for the service '" + tokens.service() + "', not '"
                            + AuthGate.abbreviate(service) + "'");
        }
    }

    /**
     * The caller of a GET: Basic credentials (or none) through the authenticator, or an access token this registry
     * issued, which stands for its subject (clients such as ORAS Java send the token they hold when they come back for
     * more scope; what they get is still limited to the subject's rights).
     */
    private Principal authenticate(String authorization) {
        String value = authorization == null ? "" : authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                return tokens.verify(value.substring(7).trim()).subject();
            } catch (TokenException e) {
                throw unauthorized(e.getMessage());
            }
        }
        try {
            return settings.authenticator().authenticate(authorization);
        } catch (AuthenticationException e) {
            throw unauthorized(e.getMessage());
        }
    }

    private static RegistryException unauthorized(String message) {
        return RegistryException.of(OciErrorCode.UNAUTHORIZED, 401, message)
                .header("WWW-Authenticate", BASIC_CHALLENGE);
    }

    private static Map<String, String> form(Exchange ex) throws IOException {
        String type = ex.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw RegistryException.of(
                    OciErrorCode.UNSUPPORTED,
                    400,
                    "a POST to the token endpoint needs Content-Type: application/x-www-form-urlencoded");
        }
        byte[] bytes;
        try (InputStream in = ex.body()) {
            bytes = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (bytes.length > MAX_FORM_BYTES) {
            throw RegistryException.of(OciErrorCode.UNSUPPORTED, 413, "the token request form is too large");
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw RegistryException.of(OciErrorCode.UNSUPPORTED, 400, "the token request form is not URL-encoded");
            }
        }
        return form;
    }
}
