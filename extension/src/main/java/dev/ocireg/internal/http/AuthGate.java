package dev.ocireg.internal.http;

import dev.ocireg.auth.Action;
import dev.ocireg.auth.AuthenticationException;
import dev.ocireg.auth.Principal;
import dev.ocireg.internal.auth.Scope;
import dev.ocireg.internal.auth.TokenException;
import dev.ocireg.internal.auth.Tokens;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.spec.OciErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * Authentication and authorization of every routed request, called by {@link RegistryHandler} before dispatch: sets
 * the request's {@link Access} or throws 401 (no or bad credentials, with a {@code WWW-Authenticate} challenge) or
 * 403 {@code DENIED} (valid credentials without the right).
 */
final class AuthGate {
    static final String TOKEN_PATH = "/token";
    static final String BASIC_CHALLENGE = "Basic realm=\"ocireg\", charset=\"UTF-8\"";

    /** What a request needs: to be logged in ({@code /v2/}), the catalog, or an action on a repository. */
    record Need(String repository, Action action, boolean catalog) {
        static final Need LOGIN = new Need(null, null, false);
        static final Need CATALOG = new Need(null, null, true);

        Scope scope() {
            if (catalog) {
                return Scope.catalog();
            }
            if (repository == null) {
                return null;
            }
            return action == Action.PUSH
                    ? Scope.repository(repository, Action.PULL, Action.PUSH)
                    : Scope.repository(repository, action);
        }

        String describe() {
            if (catalog) {
                return "list the catalog";
            }
            if (repository == null) {
                return "use this registry";
            }
            return switch (action) {
                case PULL -> "pull from " + repository;
                case PUSH -> "push to " + repository;
                case DELETE -> "delete in " + repository;
            };
        }
    }

    private final RegistryConfig config;
    private final AuthSettings settings;

    AuthGate(RegistryConfig config, AuthSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    void check(Exchange ex, Routes.Route route) {
        Need need = need(route, ex.method());
        if (settings.tokens() == null) {
            checkBasic(ex, need);
        } else {
            checkBearer(ex, need, settings.tokens());
        }
    }

    /** The challenge this gate would send with a 401 for the request (for a 401 fault); Basic when unsure. */
    String challengeFor(Exchange ex, Routes.Route route) {
        if (settings.tokens() == null) {
            return BASIC_CHALLENGE;
        }
        Need need = Need.LOGIN;
        if (route != null) {
            try {
                need = need(route, ex.method());
            } catch (RegistryException invalidName) {
                need = Need.LOGIN;
            }
        }
        return challenge(realm(ex.request), settings.tokens(), need, null);
    }

    private Need need(Routes.Route route, String method) {
        return switch (route.endpoint()) {
            case BASE -> Need.LOGIN;
            case CATALOG -> Need.CATALOG;
            default -> {
                // validated first, so that a name never reaches a challenge header unchecked
                String name = Params.name(config, route.name()).value();
                yield new Need(name, route.endpoint().action(method).orElse(Action.PULL), false);
            }
        };
    }

    private boolean allowed(Principal who, Need need) {
        if (need.catalog()) {
            return settings.authorizer().allowsCatalog(who);
        }
        if (need.repository() == null) {
            return !who.isAnonymous();
        }
        return settings.authorizer().allows(who, need.repository(), need.action());
    }

    private Access rightsOf(Principal who) {
        return (repository, action) -> settings.authorizer().allows(who, repository, action);
    }

    // ------------------------------------------------------------------ Basic (or a custom authenticator)

    private void checkBasic(Exchange ex, Need need) {
        Principal who;
        try {
            who = settings.authenticator().authenticate(ex.header("Authorization"));
        } catch (AuthenticationException e) {
            throw unauthorized(e.getMessage(), need).header("WWW-Authenticate", BASIC_CHALLENGE);
        }
        if (allowed(who, need)) {
            ex.access = rightsOf(who);
            return;
        }
        if (who.isAnonymous()) {
            throw unauthorized("authentication required to " + need.describe() + "; send Basic credentials", need)
                    .header("WWW-Authenticate", BASIC_CHALLENGE);
        }
        throw denied(who, need);
    }

    // ------------------------------------------------------------------ Bearer tokens

    private void checkBearer(Exchange ex, Need need, Tokens tokens) {
        String header = ex.header("Authorization");
        String realm = realm(ex.request);
        if (header == null || header.isBlank()) {
            if (need.repository() != null && allowed(Principal.ANONYMOUS, need)) {
                ex.access = rightsOf(Principal.ANONYMOUS); // anonymous rights need no token
                return;
            }
            throw unauthorized("authentication required to " + need.describe() + "; get a token from " + realm, need)
                    .header("WWW-Authenticate", challenge(realm, tokens, need, null));
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            throw unauthorized(
                            "this registry takes Bearer tokens, not credentials of "
                                    + AuthenticationException.describeScheme(scheme) + "; get a token from " + realm,
                            need)
                    .header("WWW-Authenticate", challenge(realm, tokens, need, null));
        }
        String token = space < 0 ? "" : value.substring(space + 1).trim();
        Tokens.Verified verified;
        try {
            if (token.isEmpty()) {
                throw new TokenException("the Bearer token is empty");
            }
            verified = tokens.verify(token);
        } catch (TokenException e) {
            throw unauthorized(e.getMessage(), need)
                    .header("WWW-Authenticate", challenge(realm, tokens, need, "invalid_token"));
        }
        Principal who = verified.subject();
        if (grants(verified.access(), need)) {
            // a catalog lists what the subject may pull; other requests may use what the token grants
            ex.access = need.catalog()
                    ? rightsOf(who)
                    : (repository, action) -> grants(verified.access(), new Need(repository, action, false));
            return;
        }
        if (who.isAnonymous() || allowed(who, need)) {
            // a token with more scope would do: the client asks the token endpoint again
            throw unauthorized(
                            "the token does not grant " + need.scope() + "; get one for that scope from " + realm, need)
                    .header("WWW-Authenticate", challenge(realm, tokens, need, "insufficient_scope"));
        }
        throw denied(who, need);
    }

    private static boolean grants(List<Scope> access, Need need) {
        if (need.repository() == null && !need.catalog()) {
            return true; // /v2/: any valid token
        }
        for (Scope scope : access) {
            if (need.catalog() ? scope.grantsCatalog() : scope.grants(need.repository(), need.action())) {
                return true;
            }
        }
        return false;
    }

    private static String challenge(String realm, Tokens tokens, Need need, String error) {
        StringBuilder c = new StringBuilder("Bearer realm=\"")
                .append(realm)
                .append("\",service=\"")
                .append(tokens.service())
                .append('"');
        Scope scope = need.scope();
        if (scope != null) {
            c.append(",scope=\"").append(scope).append('"');
        }
        if (error != null) {
            c.append(",error=\"").append(error).append('"');
        }
        return c.toString();
    }

    /** The token endpoint's URL as the client reached this registry: its scheme and Host. */
    static String realm(Request request) {
        String scheme = request.getHttpURI().getScheme();
        if (scheme == null) {
            scheme = request.isSecure() ? "https" : "http";
        }
        String host = Request.getServerName(request);
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + ":" + Request.getServerPort(request) + TOKEN_PATH;
    }

    // ------------------------------------------------------------------ errors

    private static RegistryException unauthorized(String message, Need need) {
        return new RegistryException(OciErrorCode.UNAUTHORIZED, 401, message, detail(need));
    }

    private static RegistryException denied(Principal who, Need need) {
        return new RegistryException(
                OciErrorCode.DENIED, 403, "user " + who.name() + " may not " + need.describe(), detail(need));
    }

    /** The detail distribution sends: the access that was needed. */
    private static Object detail(Need need) {
        Scope scope = need.scope();
        if (scope == null) {
            return null;
        }
        List<Map<String, String>> entries = new ArrayList<>();
        for (String action : scope.toString()
                .substring(scope.toString().lastIndexOf(':') + 1)
                .split(",")) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("Type", scope.type());
            entry.put("Name", scope.name());
            entry.put("Action", action);
            entries.add(entry);
        }
        return entries;
    }

    static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() > 20 ? printable.substring(0, 20) + "…" : printable;
    }
}
