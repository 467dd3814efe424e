package dev.ocireg.internal.http;

import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.OciErrorCode;
import dev.ocireg.spec.RepositoryName;

/** Parsing of path and query values into spec types, each failure a spec error. */
final class Params {

    static RepositoryName name(RegistryConfig config, String name) {
        try {
            return RepositoryName.parse(name, config.repositoryNamePattern());
        } catch (IllegalArgumentException e) {
            String message = name.contains("%2F")
                    ? "repository name '" + AuthGate.abbreviate(name) + "' has an encoded '/' (%2F) in a component;"
                            + " separate the components with a plain '/'"
                    : e.getMessage();
            throw new RegistryException(OciErrorCode.NAME_INVALID, 400, message, java.util.Map.of("name", name));
        }
    }

    static Digest digest(String text) {
        if (text == null || text.isEmpty()) {
            throw RegistryException.of(OciErrorCode.DIGEST_INVALID, "a digest is required");
        }
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(OciErrorCode.DIGEST_INVALID, e.getMessage());
        }
    }

    /** A non-negative page size from {@code n}, or -1 when absent. */
    static int pageSize(Exchange exchange) {
        String n = exchange.param("n");
        if (n == null || n.isEmpty()) {
            return -1;
        }
        try {
            int value = Integer.parseInt(n);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw RegistryException.of(OciErrorCode.UNSUPPORTED, 400, "n must be a non-negative integer, not '" + n + "'");
    }

    /** NAME_UNKNOWN for a repository that holds nothing. */
    static RegistryException nameUnknown(RepositoryName name) {
        return new RegistryException(
                OciErrorCode.NAME_UNKNOWN,
                404,
                "repository " + name + " is not known",
                java.util.Map.of("name", name.value()));
    }

    private Params() {}
}
