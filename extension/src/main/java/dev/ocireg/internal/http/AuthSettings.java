package dev.ocireg.internal.http;

import dev.ocireg.auth.Authenticator;
import dev.ocireg.auth.Authorizer;
import dev.ocireg.internal.auth.Tokens;
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
}
