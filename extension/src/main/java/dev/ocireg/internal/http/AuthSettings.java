package dev.ocireg.internal.http;

import dev.ocireg.auth.AccessRules;
import dev.ocireg.auth.Action;
import dev.ocireg.auth.Authenticator;
import dev.ocireg.auth.Authorizer;
import dev.ocireg.auth.Principal;
import dev.ocireg.auth.Users;
import dev.ocireg.internal.auth.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a registry authenticates and authorizes: Basic (or a custom scheme) when {@code tokens} is null, the Docker
 * token flow otherwise.
 */
public record AuthSettings(Authenticator authenticator, Authorizer authorizer, Tokens tokens) {

    public AuthSettings {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(authorizer, "authorizer");
    }

    /**
     * The settings a {@code RegistryServer.Builder} describes, or null when nothing turns authentication on.
     * Without an authorizer or rules every authenticated user may do everything; anonymous pull adds pull on every
     * repository for everybody.
     */
    public static AuthSettings of(
            Users users,
            Authenticator authenticator,
            Authorizer authorizer,
            List<AccessRules.Rule> rules,
            boolean anonymousPull,
            boolean tokenAuth,
            String tokenService,
            Duration tokenLifetime) {
        boolean enabled = users != null
                || authenticator != null
                || authorizer != null
                || tokenAuth
                || !rules.isEmpty()
                || anonymousPull;
        if (!enabled) {
            return null;
        }
        Authorizer rights;
        if (authorizer != null) {
            rights = anonymousPull ? withAnonymousPull(authorizer) : authorizer;
        } else {
            AccessRules.Builder b = AccessRules.builder();
            if (rules.isEmpty()) {
                b.allow(AccessRules.ANY_USER, "*", Action.values());
            } else {
                rules.forEach(b::rule);
            }
            if (anonymousPull) {
                b.allowAnonymous("*", Action.PULL);
            }
            rights = b.build();
        }
        Tokens tokens =
                tokenAuth ? new Tokens("ocireg token server", tokenService, tokenLifetime, Clock.systemUTC()) : null;
        Authenticator who = authenticator != null
                ? authenticator
                : users != null ? users : Users.builder().build();
        return new AuthSettings(who, rights, tokens);
    }

    private static Authorizer withAnonymousPull(Authorizer custom) {
        return new Authorizer() {
            @Override
            public boolean allows(Principal who, String repository, Action action) {
                return action == Action.PULL || custom.allows(who, repository, action);
            }

            @Override
            public boolean allowsCatalog(Principal who) {
                return true;
            }
        };
    }
}
