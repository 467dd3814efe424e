/**
 * Authentication and authorization of a registry: who is this ({@link dev.ocireg.auth.Authenticator}, from the {@code
 * Authorization} header to a {@link dev.ocireg.auth.Principal}) and may they do this ({@link
 * dev.ocireg.auth.Authorizer}, principal × repository × {@link dev.ocireg.auth.Action}).
 *
 * <p>Built in: {@link dev.ocireg.auth.Users} (Basic with plain passwords or bcrypt hashes) and {@link
 * dev.ocireg.auth.AccessRules} (rights per repository pattern). Configure them on {@code RegistryServer.Builder}:
 *
 * <pre>{@code
 * RegistryServer registry = RegistryServer.builder()
 *         .user("alice", "secret")
 *         .user("bob", "$2y$10$…")              // bcrypt, as htpasswd -B writes it
 *         .allow("alice", "*", Action.PULL, Action.PUSH, Action.DELETE)
 *         .allow(AccessRules.parseRule("bob:org/*:pull,push"))
 *         .anonymousPull(true)                  // everybody may pull
 *         .tokenAuth(true)                      // Docker token flow instead of Basic
 *         .tls(true)                            // HTTPS with a generated certificate
 *         .build()
 *         .start();
 * }</pre>
 *
 * <p>Every request passes one check before it reaches its handler: missing or wrong credentials get 401 {@code
 * UNAUTHORIZED} with a {@code WWW-Authenticate} challenge ({@code Basic realm="ocireg"}, or {@code Bearer
 * realm="URL/token",service="ocireg",scope="repository:NAME:pull,push"}); valid credentials without the right get 403
 * {@code DENIED}. The {@code Authorization} header is never recorded in the journal nor echoed in an error.
 */
package dev.ocireg.auth;
