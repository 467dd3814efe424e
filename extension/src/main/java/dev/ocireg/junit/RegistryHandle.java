package dev.ocireg.junit;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssert;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.journal.RequestJournal;
import java.net.URI;

/**
 * A running registry as a test sees it: where it is, its request journal, and a reset.
 *
 * <pre>{@code
 * @Test
 * void pushes(RegistryHandle registry) {
 *     String image = registry.host() + "/app:1";   // localhost:PORT/app:1 for Jib, skopeo, ORAS…
 *     …
 *     registry.client().pushBlob("app", bytes);
 *     registry.assertThat().repository("app").hasBlob(digest);
 * }
 * }</pre>
 */
public final class RegistryHandle {
    private final String name;
    private final RegistryServer server;
    private volatile RegistryClient client;

    RegistryHandle(String name, RegistryServer server) {
        this.name = name;
        this.server = server;
    }

    /** A client for this registry (thread-safe, shared by the tests that share the registry; made on first use). */
    public RegistryClient client() {
        RegistryClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = RegistryClient.create(server.url());
                    client = c;
                }
            }
        }
        return c;
    }

    /** Fluent assertions over what this registry stored: {@code registry.assertThat().repository("app").hasTag("1")}. */
    public RegistryAssert assertThat() {
        return RegistryAssertions.assertThat(server);
    }

    /** The registry's name ({@code default} unless given with {@link OciRegistryExtension.Builder#name}). */
    public String name() {
        return name;
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    public URI url() {
        return server.url();
    }

    /** {@code localhost:PORT}, the registry part of an image reference. */
    public String host() {
        return server.host();
    }

    /** The port. */
    public int port() {
        return server.port();
    }

    /** Every request the registry answered since it started or was last reset. */
    public RequestJournal journal() {
        return server.journal();
    }

    /** Empties the registry: content, uploads in progress and the journal. */
    public void reset() {
        server.reset();
    }

    /** The server itself, for its storage and settings. */
    public RegistryServer server() {
        return server;
    }

    @Override
    public String toString() {
        return "registry '" + name + "' at " + url();
    }
}
