package dev.ocireg.auth;

/**
 * May they do this: decides whether a {@link Principal} may perform an {@link Action} on a repository.
 *
 * <pre>{@code
 * Authorizer readOnlyForBob = (who, repository, action) ->
 *         !who.name().equals("bob") || action == Action.PULL;
 * }</pre>
 *
 * <p>Asked for every registry request in Basic mode, and by the token endpoint when it decides which of the requested
 * scopes go into a token. A caller without the right gets 401 with a challenge when anonymous, 403 {@code DENIED}
 * otherwise. Must be thread-safe. {@link AccessRules} is the built-in implementation.
 */
@FunctionalInterface
public interface Authorizer {

    /** Whether {@code principal} may do {@code action} to {@code repository} (a valid name such as {@code org/app}). */
    boolean allows(Principal principal, String repository, Action action);

    /**
     * Whether {@code principal} may call {@code GET /v2/_catalog} (scope {@code registry:catalog:*}); the list then
     * shows only the repositories it may pull. By default every authenticated user may.
     */
    default boolean allowsCatalog(Principal principal) {
        return !principal.isAnonymous();
    }

    /** Every authenticated user may do everything; anonymous callers nothing. */
    static Authorizer authenticatedUsers() {
        return (principal, repository, action) -> !principal.isAnonymous();
    }
}
