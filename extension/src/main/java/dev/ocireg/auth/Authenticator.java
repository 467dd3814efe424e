package dev.ocireg.auth;

/**
 * Who is this: turns the {@code Authorization} header of a request into a {@link Principal}.
 *
 * <pre>{@code
 * // a fixed API key as a Bearer token, on a registry in Basic mode
 * Authenticator apiKey = header -> {
 *     if (header == null) return Principal.ANONYMOUS;
 *     if (header.equals("Bearer s3cr3t")) return Principal.of("ci");
 *     throw new AuthenticationException("unknown API key");
 * };
 * RegistryServer.builder().authenticator(apiKey).build();
 * }</pre>
 *
 * <p>In Basic mode every registry request passes through it; with {@linkplain
 * dev.ocireg.RegistryServer.Builder#tokenAuth(boolean) token authentication} only requests to the token endpoint do
 * (the OAuth2 {@code POST} form's {@code username} and {@code password} arrive as a {@code Basic} header). Must be
 * thread-safe.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * The caller of a request.
     *
     * @param authorization the {@code Authorization} header as received, or null when there is none
     * @return the caller; {@link Principal#ANONYMOUS} when no credentials were sent
     * @throws AuthenticationException when credentials were sent but are malformed or wrong (answered with 401)
     */
    Principal authenticate(String authorization);
}
