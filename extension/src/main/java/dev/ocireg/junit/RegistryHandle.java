package dev.ocireg.junit;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssert;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.auth.Credentials;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.faults.Faults;
import dev.ocireg.journal.RequestJournal;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

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
    /** Every client this handle made; closed with the registry. */
    private final List<RegistryClient> clients = new CopyOnWriteArrayList<>();

    RegistryHandle(String name, RegistryServer server) {
        this.name = name;
        this.server = server;
    }

    /**
     * A client for this registry (thread-safe, shared by the tests that share the registry; made on first use). It
     * trusts the registry's TLS certificate and logs in as the first user given with a plain password, if any.
     */
    public RegistryClient client() {
        RegistryClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = newClient(credentials().orElse(null));
                    client = c;
                }
            }
        }
        return c;
    }

    /** A client that logs in as {@code username} (trusting the registry's certificate when it has TLS). */
    public RegistryClient clientAs(String username, String password) {
        return newClient(new Credentials(username, password));
    }

    /** A client that sends no credentials (trusting the registry's certificate when it has TLS). */
    public RegistryClient anonymousClient() {
        return newClient(null);
    }

    /** The first user given with a plain password ({@code @OciRegistry(users = "alice:secret")}), if any. */
    public Optional<Credentials> credentials() {
        return server.credentials().stream().findFirst();
    }

    /** Whether the registry serves HTTPS. */
    public boolean isTls() {
        return server.isTls();
    }

    /**
     * An SSL context trusting the registry's certificate, for your own HTTP clients.
     *
     * @throws IllegalStateException without TLS
     */
    public SSLContext sslContext() {
        return server.sslContext();
    }

    /**
     * The registry's certificate as a PEM file {@code ca.crt} alone in its directory: {@code skopeo --cert-dir
     * file.getParent()}, {@code curl --cacert file}.
     *
     * @throws IllegalStateException without TLS
     */
    public Path certificateFile() {
        return server.certificateFile();
    }

    /** Closes the clients this handle made, then the registry; JUnit calls it when the registry's scope ends. */
    void close() {
        clients.forEach(RegistryClient::close);
        server.close();
    }

    private RegistryClient newClient(Credentials credentials) {
        RegistryClient.Builder builder = RegistryClient.builder(server.url());
        if (credentials != null) {
            builder.basicAuth(credentials.username(), credentials.password());
        }
        if (server.isTls()) {
            builder.sslContext(server.sslContext());
        }
        RegistryClient made = builder.build();
        clients.add(made);
        return made;
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

    /**
     * {@code HOST:PORT} of the registry as a container on Docker's default bridge network reaches it (the bridge's
     * gateway on Linux, {@code host.docker.internal} on Docker Desktop); see {@link RegistryServer#containerHost()}.
     * On Linux the registry must listen beyond loopback: {@code configurer} or {@code configure(b ->
     * b.bindAddress("0.0.0.0"))}.
     *
     * @throws IllegalStateException when no container can reach the registry
     */
    public String containerHost() {
        return server.containerHost();
    }

    /**
     * Writes the registry's certificate as {@code certsDirectory/HOST:PORT/ca.crt} for the Docker daemon ({@code
     * /etc/docker/certs.d} on Linux); deleted when the registry closes. See {@link
     * RegistryServer#writeDockerCertsDir(Path)}.
     *
     * @return the {@code HOST:PORT} directories written
     * @throws IllegalStateException without TLS
     */
    public List<Path> writeDockerCertsDir(Path certsDirectory) {
        return server.writeDockerCertsDir(certsDirectory);
    }

    /** The port. */
    public int port() {
        return server.port();
    }

    /** Every request the registry answered since it started or was last reset. */
    public RequestJournal journal() {
        return server.journal();
    }

    /**
     * The faults of this registry only: {@code registry.faults().on("PUT", Endpoint.MANIFEST).times(1).respond(503)}.
     * Cleared by {@link #reset()}, so before each test unless the registry is not reset between tests.
     */
    public Faults faults() {
        return server.faults();
    }

    /** Empties the registry: content, uploads in progress, faults and the journal. */
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
