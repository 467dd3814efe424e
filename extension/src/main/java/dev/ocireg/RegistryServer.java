package dev.ocireg;

import dev.ocireg.auth.AccessRules;
import dev.ocireg.auth.Action;
import dev.ocireg.auth.Authenticator;
import dev.ocireg.auth.Authorizer;
import dev.ocireg.auth.Credentials;
import dev.ocireg.auth.Users;
import dev.ocireg.faults.Faults;
import dev.ocireg.internal.auth.TlsMaterial;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.internal.http.AdminApi;
import dev.ocireg.internal.http.AuthSettings;
import dev.ocireg.internal.http.JsonErrorHandler;
import dev.ocireg.internal.http.RegistryHandler;
import dev.ocireg.internal.journal.Journal;
import dev.ocireg.internal.layout.LayoutLoader;
import dev.ocireg.internal.net.ContainerNetwork;
import dev.ocireg.internal.preload.Preload;
import dev.ocireg.internal.warmup.WarmUp;
import dev.ocireg.journal.RequestJournal;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An OCI Distribution Spec v1.1 registry on Jetty 12, usable without JUnit.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder().build().start()) {
 *     URI url = registry.url();          // http://127.0.0.1:41234
 *     String host = registry.host();     // localhost:41234, for image references
 * }
 * }</pre>
 *
 * <p>Defaults: a random free port on 127.0.0.1, in-memory storage, the spec's repository-name pattern, manifests up
 * to 4 MiB, chunks of any size, every kind of deletion enabled, sparse indexes refused. A server is started once and
 * closed once; its settings never change after {@link #start()}.
 *
 * <p>Authentication and TLS are off by default. {@code .user("alice", "secret")} turns on Basic authentication,
 * {@code .allow("bob", "org/*", Action.PULL)} limits rights, {@code .tokenAuth(true)} switches to the Docker token flow, and
 * {@code .tls(true)} serves HTTPS with a generated certificate that {@link #sslContext()} and {@link
 * #certificateFile()} let clients trust:
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder().user("alice", "secret").tokenAuth(true).tls(true).build().start()) {
 *     RegistryClient client = RegistryClient.builder(registry.url())
 *             .basicAuth("alice", "secret")
 *             .sslContext(registry.sslContext())
 *             .build();
 * }
 * }</pre>
 *
 * <p>For Docker and containers: {@link #host()} is the registry part of image names the Docker daemon pulls and
 * pushes; a container reaches the registry at {@link #containerHost()} once it listens beyond loopback ({@code
 * .bindAddress("0.0.0.0")}); {@link #writeDockerCertsDir(Path)} makes the daemon trust a TLS registry.
 *
 * <p>Run {@link #main(String[])} (or {@code java -jar ocireg-junit-VERSION.jar}) for a standalone registry
 * on port 5000.
 */
public final class RegistryServer implements AutoCloseable {

    static {
        // Jetty sizes a queue's padding by asking the platform MBean server whether oops are compressed, which costs
        // ~150 ms of JMX class loading in a fresh JVM. Padding for 16 references per cache line is right with
        // compressed oops and merely generous without them.
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    /** 4 MiB, the size the spec says clients and registries should expect to handle. */
    public static final long DEFAULT_MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

    /** The address the connectors bind; {@link #host()} is the image-reference host. */
    private final String bindAddress;

    private final int requestedPort;
    private final RegistryConfig config;
    private final Storage storage;
    private final boolean ownsStorage;
    /** The default storage, made by the builder: what the warm-up prepares for. */
    private final boolean inMemoryStorage;

    private final List<Preload> preload;
    private Server server;
    private ServerConnector connector;
    private final Users users;
    /** Null without authentication. */
    private final AuthSettings auth;
    /** Null without TLS. */
    private final TlsMaterial tls;

    private final int requestedHttpPort;
    private ServerConnector plainConnector;
    private Path certificateFile;
    /** {@code containerHost(String)} from the builder; null: work it out. */
    private final String containerHostName;
    /** {@code ca.crt} files written by {@link #writeDockerCertsDir(Path)}, deleted on close. */
    private final List<Path> dockerCertificates = new CopyOnWriteArrayList<>();

    private final boolean adminApi;
    /** Null: none (the admin API is then refused when the registry has authentication). */
    private final String adminToken;

    private RegistryServer(Builder builder) {
        this.users = builder.users.build();
        this.auth = builder.authSettings(users);
        this.containerHostName = builder.containerHost;
        this.tls = builder.tlsMaterial != null
                ? builder.tlsMaterial
                : builder.tls ? TlsMaterial.forHosts(certificateHosts(builder)) : null;
        this.requestedHttpPort = builder.httpPort;
        this.bindAddress = builder.bindAddress;
        this.requestedPort = builder.port;
        this.ownsStorage = builder.storage == null;
        this.inMemoryStorage = builder.storage == null && builder.storageDirectory == null;
        this.preload = List.copyOf(builder.preload);
        this.storage = builder.storage != null
                ? builder.storage
                : builder.storageDirectory != null ? Storages.directory(builder.storageDirectory) : Storages.inMemory();
        this.config = new RegistryConfig(
                storage,
                builder.repositoryNamePattern,
                builder.maxManifestBytes,
                builder.maxChunkBytes,
                builder.blobDeletion,
                builder.manifestDeletion,
                builder.tagDeletion,
                builder.readOnly,
                builder.sparseIndexes,
                builder.mountWithoutFrom,
                builder.referrersPageSize,
                builder.requestLog,
                new Journal(builder.journalCapacity),
                new Faults());
        this.adminApi = builder.adminApi;
        this.adminToken = builder.adminToken;
    }

    /**
     * The names a generated certificate is valid for besides loopback: the bind address, and when the registry
     * listens beyond loopback, the names containers reach this machine by.
     */
    private static List<String> certificateHosts(Builder builder) {
        List<String> hosts = new ArrayList<>();
        hosts.add(builder.bindAddress);
        if (builder.containerHost != null) {
            hosts.add(builder.containerHost);
        }
        if (!ContainerNetwork.isLoopback(builder.bindAddress)) {
            ContainerNetwork.bridgeGateway().ifPresent(hosts::add);
            hosts.add(ContainerNetwork.HOST_DOCKER_INTERNAL);
        }
        return hosts;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; returns this. */
    public synchronized RegistryServer start() {
        if (server != null) {
            throw new IllegalStateException("the registry is already started");
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 2);
        threads.setReservedThreads(0);
        threads.setName("ocireg");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Ambiguous paths (a//b, %2e%2e, %2F, ..;, %25) reach the registry, which routes on the path as sent and
        // refuses such a name with NAME_INVALID (a reference with 404 or 400), instead of a bare Jetty 400. Jetty
        // still rejects what cannot be a path at all (bad %-encoding or UTF-8, %u, control or suspicious characters).
        http.setUriCompliance(UriCompliance.DEFAULT.with(
                "ocireg",
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        factory.setInputBufferSize(64 * 1024);
        ServerConnector c = tls == null
                ? new ServerConnector(jetty, 0, 1, factory) // the selector accepts
                : tls.connector(jetty, http);
        c.setHost(bindAddress);
        c.setPort(requestedPort);
        jetty.addConnector(c);
        ServerConnector plain = null;
        if (tls != null && requestedHttpPort >= 0) {
            plain = new ServerConnector(jetty, 0, 1, factory);
            plain.setHost(bindAddress);
            plain.setPort(requestedHttpPort);
            jetty.addConnector(plain);
        }
        AdminApi admin = adminApi ? new AdminApi(config, this::reset, adminToken, auth != null) : null;
        jetty.setHandler(new RegistryHandler(config, auth, admin));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(0);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IllegalStateException(
                    "cannot start the registry on " + bindAddress + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        this.server = jetty;
        this.connector = c;
        this.plainConnector = plain;
        WarmUp.start(inMemoryStorage);
        try {
            if (tls != null) {
                certificateFile = tls.writePemFile();
            }
            for (Preload layout : preload) {
                layout.loadWith(this::load);
            }
        } catch (RuntimeException e) {
            // The caller never gets this object, so nobody else could close it.
            try {
                close();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return this;
    }

    /** The port the registry listens on. */
    public int port() {
        requireStarted();
        return connector.getLocalPort();
    }

    /** The base URL, such as {@code http://127.0.0.1:41234} (no trailing slash). */
    public URI url() {
        String address = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
        if (address.contains(":")) {
            address = "[" + address + "]";
        }
        return URI.create((tls == null ? "http://" : "https://") + address + ":" + port());
    }

    /**
     * {@code localhost:PORT}: the registry part of an image reference such as {@code localhost:41234/app:1}, for
     * clients on this machine (Jib, skopeo, the Docker daemon on Linux). When the registry listens on one address
     * that is not loopback, that address: {@code 172.17.0.1:41234}.
     */
    public String host() {
        if (ContainerNetwork.isWildcard(bindAddress) || ContainerNetwork.isLoopback(bindAddress)) {
            return "localhost:" + port();
        }
        return (bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress) + ":" + port();
    }

    /**
     * {@code HOST:PORT} of this registry as a container on Docker's default bridge network reaches it, for a build
     * tool, crane or skopeo running in a container, or for {@code docker} image names the daemon must resolve from
     * its side:
     *
     * <ul>
     *   <li>the host given to {@link Builder#containerHost(String)}, if any;
     *   <li>on Linux, the address of the {@code docker0} bridge (the bridge's gateway, usually {@code
     *       172.17.0.1}) — the registry must then listen there: {@code .bindAddress("0.0.0.0")};
     *   <li>elsewhere (Docker Desktop on macOS and Windows) {@code host.docker.internal}.
     * </ul>
     *
     * <p>A generated TLS certificate ({@link Builder#tls(boolean)}) of a registry listening beyond loopback is valid
     * for these names too.
     *
     * @throws IllegalStateException on Linux when the registry listens on loopback only, so no container can reach it
     */
    public String containerHost() {
        requireStarted();
        if (containerHostName != null) {
            return containerHostName + ":" + port();
        }
        Optional<String> gateway = ContainerNetwork.bridgeGateway();
        if (gateway.isEmpty()) {
            return ContainerNetwork.HOST_DOCKER_INTERNAL + ":" + port();
        }
        String bridge = gateway.get();
        if (!ContainerNetwork.isWildcard(bindAddress) && !bindAddress.equals(bridge)) {
            throw new IllegalStateException("containers on Docker's bridge network reach this machine at " + bridge
                    + ", but the registry listens on " + bindAddress + " only: build it with bindAddress(\"0.0.0.0\")"
                    + " (or bindAddress(\"" + bridge + "\"))");
        }
        return bridge + ":" + port();
    }

    /** Whether the registry listens on more than loopback (for the standalone registry's start-up lines). */
    boolean listensBeyondLoopback() {
        return !ContainerNetwork.isLoopback(bindAddress);
    }

    /**
     * Writes the registry's certificate where the Docker daemon looks for the certificate authority of a registry,
     * {@code certsDirectory/HOST:PORT/ca.crt}, for {@link #host()} and, when a container can reach the registry,
     * {@link #containerHost()}. Pass the daemon's directory: {@code /etc/docker/certs.d} for the daemon on Linux
     * (writable by root), {@code ~/.docker/certs.d} for Docker Desktop. The daemon reads it on each connection, so
     * nothing needs restarting. The files (and the {@code HOST:PORT} directories, when empty) are deleted when the
     * registry closes.
     *
     * <p>The Docker daemon skips certificate checks for loopback registries ({@code localhost:PORT}, 127.0.0.0/8 are
     * insecure registries by default); the certificate matters for every other address, such as {@code
     * 172.17.0.1:PORT}.
     *
     * @return the {@code HOST:PORT} directories written
     * @throws IllegalStateException without TLS, or before {@link #start()}
     * @throws UncheckedIOException when a directory cannot be written
     */
    public List<Path> writeDockerCertsDir(Path certsDirectory) {
        Objects.requireNonNull(certsDirectory, "certsDirectory");
        String pem = requireTls().certificatesPem();
        requireStarted();
        List<String> hosts = new ArrayList<>(List.of(host()));
        try {
            String reachable = containerHost();
            if (!hosts.contains(reachable)) {
                hosts.add(reachable);
            }
        } catch (IllegalStateException loopbackOnly) {
            // no container reaches this registry: host() alone
        }
        List<Path> written = new ArrayList<>();
        for (String hostAndPort : hosts) {
            Path dir = certsDirectory.resolve(hostAndPort);
            try {
                Files.createDirectories(dir);
                Path file = Files.writeString(dir.resolve("ca.crt"), pem);
                dockerCertificates.add(file);
                written.add(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve("ca.crt") + ": " + e, e);
            }
        }
        return List.copyOf(written);
    }

    /** Every request this registry answered (the newest {@link Builder#journalCapacity} of them). */
    public RequestJournal journal() {
        return config.journal();
    }

    /**
     * The faults of this registry: requests it answers wrongly on purpose ({@code
     * registry.faults().on("PUT", Endpoint.MANIFEST).times(1).respond(503)}). Cleared by {@link #reset()}.
     */
    public Faults faults() {
        return config.faults();
    }

    /** Whether the admin API under {@code /_ocireg/} is on ({@link Builder#adminApi(boolean)}). */
    public boolean hasAdminApi() {
        return adminApi;
    }

    /**
     * Empties the registry: all content and uploads in progress are removed, faults removed and the journal is cleared; layouts given
     * to {@link Builder#preload} and {@link Builder#preloadResource} are loaded again, so every reset (the extension's
     * before each test, {@code RegistryHandle.reset()}, this one) restores the same content. The server keeps running
     * on the same port.
     */
    public void reset() {
        try {
            storage.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the registry's storage: " + e.getMessage(), e);
        }
        for (Preload layout : preload) {
            layout.loadWith(this::load);
        }
        config.faults().clear();
        config.journal().clear();
    }

    /**
     * Loads an OCI image layout — a directory, or a {@code .tar} of one — into {@code repository}, straight into
     * storage (so it works on a read-only registry too). Blobs are checked against their digests and manifests
     * validated as if pushed; each image is tagged with the {@code org.opencontainers.image.ref.name} annotation of
     * its {@code index.json} entry.
     *
     * @return the tags set
     * @throws java.io.UncheckedIOException when the layout cannot be read or holds invalid content
     */
    public List<String> load(String repository, Path layout) {
        return LayoutLoader.load(config, repository, layout);
    }

    /** The storage this registry serves. */
    public Storage storage() {
        return storage;
    }

    /**
     * The plain HTTP URL: {@link #url()} without TLS; with TLS, the URL of the extra HTTP port asked for with {@link
     * Builder#httpPort(int)}.
     *
     * @throws IllegalStateException when the registry serves HTTPS only
     */
    public URI httpUrl() {
        requireStarted();
        if (tls == null) {
            return url();
        }
        if (plainConnector == null) {
            throw new IllegalStateException("the registry serves HTTPS only; ask for plain HTTP too with httpPort(0)");
        }
        return URI.create(url().toString()
                .replaceFirst("^https://", "http://")
                .replaceFirst(":" + port() + "$", ":" + plainConnector.getLocalPort()));
    }

    /** Whether the registry serves HTTPS ({@link #url()} is then {@code https://…}). */
    public boolean isTls() {
        return tls != null;
    }

    /**
     * An {@link SSLContext} that trusts this registry's certificate (and nothing else), for {@code java.net.http},
     * {@code RegistryClient.builder(url).sslContext(…)} or any JSSE client.
     *
     * @throws IllegalStateException without TLS
     */
    public SSLContext sslContext() {
        return requireTls().trustingContext();
    }

    /** The registry's TLS certificate (self-signed unless one was supplied). */
    public X509Certificate certificate() {
        return requireTls().certificate();
    }

    /**
     * The registry's certificate chain as a PEM file named {@code ca.crt}, alone in its directory, so CLI clients can
     * trust it: {@code skopeo --cert-dir DIR} (the file's parent), {@code curl --cacert FILE}. Written when the
     * registry starts, deleted when it closes.
     *
     * @throws IllegalStateException without TLS, or before {@link #start()}
     */
    public Path certificateFile() {
        requireTls();
        requireStarted();
        return certificateFile;
    }

    /** The users given with plain passwords (bcrypt users are left out: their passwords are not known). */
    public List<Credentials> credentials() {
        return users.plainCredentials();
    }

    /** Whether requests need credentials ({@code user}, {@code tokenAuth}, an authenticator … were configured). */
    public boolean requiresAuthentication() {
        return auth != null;
    }

    /** Whether clients authenticate with tokens from the built-in token endpoint ({@code url() + "/token"}). */
    public boolean isTokenAuth() {
        return auth != null && auth.tokens() != null;
    }

    private TlsMaterial requireTls() {
        if (tls == null) {
            throw new IllegalStateException("the registry has no TLS; build it with tls(true)");
        }
        return tls;
    }

    /** Stops listening; in-memory storage created by the builder is freed. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the registry: " + e.getMessage(), e);
            } finally {
                server = null;
                TlsMaterial.deletePemFile(certificateFile);
                certificateFile = null;
                dockerCertificates.forEach(TlsMaterial::deletePemFile);
                dockerCertificates.clear();
            }
        }
        if (ownsStorage) {
            try {
                storage.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the registry is not started; call start() first");
        }
    }

    /** Starts a standalone registry; see {@code --help}. */
    public static void main(String[] args) {
        StandaloneMain.run(args);
    }

    /** Settings of a {@link RegistryServer}. Every setter returns this builder. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 0;
        private Storage storage;
        private Path storageDirectory;
        private Pattern repositoryNamePattern = RepositoryName.SPEC_PATTERN;
        private long maxManifestBytes = DEFAULT_MAX_MANIFEST_BYTES;
        private long maxChunkBytes = Long.MAX_VALUE;
        private boolean blobDeletion = true;
        private boolean manifestDeletion = true;
        private boolean tagDeletion = true;
        private boolean readOnly;
        private boolean sparseIndexes;
        private boolean mountWithoutFrom = true;
        private int referrersPageSize = 1000;
        private Consumer<String> requestLog;
        private int journalCapacity = RequestJournal.DEFAULT_CAPACITY;
        private boolean adminApi;
        private String adminToken;
        private final List<Preload> preload = new ArrayList<>();
        private final Users.Builder users = Users.builder();
        private boolean anyUser;
        private final List<AccessRules.Rule> rules = new ArrayList<>();
        private boolean anonymousPull;
        private Authenticator authenticator;
        private Authorizer authorizer;
        private boolean tokenAuth;
        private String tokenService = "ocireg";
        private Duration tokenLifetime = Duration.ofMinutes(5);
        private boolean tls;
        private TlsMaterial tlsMaterial;
        private int httpPort = -1;
        private String containerHost;

        private Builder() {}

        /**
         * The address to listen on, {@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface. (Not to be
         * confused with {@link RegistryServer#host()}, the {@code localhost:PORT} of image references.)
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The host name or address containers use to reach this machine, when {@link RegistryServer#containerHost()}
         * cannot work it out: {@code host.containers.internal} for Podman, the gateway of your own Docker network,
         * the address of this machine for a remote daemon. A generated TLS certificate is valid for it too.
         */
        public Builder containerHost(String host) {
            if (host == null || host.isEmpty() || host.contains("/") || host.contains(" ")) {
                throw new IllegalArgumentException("a container host is a host name or address, not " + host);
            }
            this.containerHost = host;
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** A storage to serve; the caller keeps ownership and closes it. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            this.storageDirectory = null;
            return this;
        }

        /** Keeps content in a directory on disk instead of memory. */
        public Builder storageDirectory(Path directory) {
            this.storageDirectory = Objects.requireNonNull(directory, "directory");
            this.storage = null;
            return this;
        }

        /**
         * The pattern repository names must match (whole match); the spec's by default. Names are in any case limited
         * to {@code [A-Za-z0-9._-]} components separated by {@code /}.
         */
        public Builder repositoryNamePattern(String regex) {
            this.repositoryNamePattern = Pattern.compile(Objects.requireNonNull(regex, "regex"));
            return this;
        }

        /** Largest manifest accepted; larger ones get 413. Default 4 MiB. */
        public Builder maxManifestBytes(long bytes) {
            this.maxManifestBytes = positive(bytes, "maxManifestBytes");
            return this;
        }

        /** Largest body of one upload request (PATCH chunk, closing PUT, single POST); larger ones get 413. */
        public Builder maxChunkBytes(long bytes) {
            this.maxChunkBytes = positive(bytes, "maxChunkBytes");
            return this;
        }

        /** Whether {@code DELETE /v2/<name>/blobs/<digest>} is allowed (default true; else 405 UNSUPPORTED). */
        public Builder blobDeletion(boolean enabled) {
            this.blobDeletion = enabled;
            return this;
        }

        /** Whether manifests may be deleted by digest (default true; else 405 UNSUPPORTED). */
        public Builder manifestDeletion(boolean enabled) {
            this.manifestDeletion = enabled;
            return this;
        }

        /** Whether tags may be deleted (default true; else 405 UNSUPPORTED). */
        public Builder tagDeletion(boolean enabled) {
            this.tagDeletion = enabled;
            return this;
        }

        /** Refuses every write with 405 UNSUPPORTED (default false). */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Accepts indexes whose child manifests are not in the repository (default false). */
        public Builder sparseIndexes(boolean allowed) {
            this.sparseIndexes = allowed;
            return this;
        }

        /** Whether {@code ?mount=} without {@code from} finds the blob in any repository (default true). */
        public Builder mountWithoutFrom(boolean allowed) {
            this.mountWithoutFrom = allowed;
            return this;
        }

        /** Most descriptors in one referrers response; more are paged with a {@code Link} header. Default 1000. */
        public Builder referrersPageSize(int size) {
            this.referrersPageSize = (int) positive(size, "referrersPageSize");
            return this;
        }

        /** Receives one line per request ({@code GET /v2/ 200 1ms}); off by default. */
        public Builder requestLog(Consumer<String> log) {
            this.requestLog = log;
            return this;
        }

        /**
         * Serves the admin API under {@code /_ocireg/} (faults, journal, reset as JSON over HTTP, for clients that are
         * not Java); off by default. On a registry with authentication it also needs {@link #adminToken(String)}:
         * registry credentials never open it.
         */
        public Builder adminApi(boolean on) {
            this.adminApi = on;
            return this;
        }

        /**
         * The token the admin API asks for ({@code Authorization: Bearer TOKEN}); null (the default) for none, which
         * a registry with authentication refuses (403).
         */
        public Builder adminToken(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("adminToken must not be blank");
            }
            this.adminToken = token;
            return this;
        }

        /** How many requests the {@linkplain RegistryServer#journal() journal} keeps (newest first); default 10000. */
        public Builder journalCapacity(int capacity) {
            this.journalCapacity = (int) positive(capacity, "journalCapacity");
            return this;
        }

        /** Loads an OCI image layout (directory or tar) into {@code repository} at start and after each reset. */
        public Builder preload(String repository, Path layout) {
            preload.add(Preload.file(repository, layout));
            return this;
        }

        /**
         * Loads an OCI image layout from the class path ({@code layouts/app}, a directory or a {@code .tar}, in a
         * directory or a jar) into {@code repository} at start and after each reset.
         */
        public Builder preloadResource(String repository, String resource) {
            preload.add(Preload.resource(repository, resource));
            return this;
        }

        // ------------------------------------------------------------------ authentication

        /**
         * Adds a user for Basic authentication (and the token endpoint) with a plain password or a bcrypt hash ({@code
         * $2a$}, {@code $2b$}, {@code $2y$}, as {@code htpasswd -B} writes). Any user turns authentication on; without
         * {@link #allow rights}, every user may pull, push and delete everywhere.
         */
        public Builder user(String name, String password) {
            users.user(name, password);
            anyUser = true;
            return this;
        }

        /**
         * Grants {@code user} ({@code *} for every authenticated user) {@code actions} on the repositories matching
         * {@code repositoryPattern} (an exact name, or with {@code *} for any run of characters: {@code org/*}). Once
         * any right is given, users have exactly the rights given.
         */
        public Builder allow(String user, String repositoryPattern, Action... actions) {
            rules.add(AccessRules.builder()
                    .allow(user, repositoryPattern, actions)
                    .build()
                    .rules()
                    .get(0));
            return this;
        }

        /**
         * Grants a right, such as one parsed from {@code USER:PATTERN:ACTIONS} with {@link AccessRules#parseRule}
         * ({@code bob:org/*:pull,push}; an empty user for anonymous callers).
         */
        public Builder allow(AccessRules.Rule right) {
            rules.add(Objects.requireNonNull(right, "right"));
            return this;
        }

        /** Lets callers without credentials pull every repository (default false once authentication is on). */
        public Builder anonymousPull(boolean allowed) {
            this.anonymousPull = allowed;
            return this;
        }

        /** Replaces the user table with your own {@link Authenticator} (which turns authentication on). */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** Replaces the rights with your own {@link Authorizer} (which turns authentication on). */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * The Docker token flow instead of Basic: 401s carry {@code WWW-Authenticate: Bearer realm="URL/token",
         * service="…",scope="repository:NAME:pull,push"}, and the registry's own token endpoint ({@code GET} with
         * Basic credentials or none, OAuth2 {@code POST}) issues signed ES256 JWTs holding the rights asked for and
         * held. Default false.
         */
        public Builder tokenAuth(boolean enabled) {
            this.tokenAuth = enabled;
            return this;
        }

        /** The {@code service} of challenges and the {@code aud} of tokens; default {@code ocireg}. */
        public Builder tokenService(String service) {
            if (service == null || service.isEmpty() || service.contains("\"") || service.contains("\\")) {
                throw new IllegalArgumentException("a token service must be non-empty and without quotes");
            }
            this.tokenService = service;
            return this;
        }

        /** How long a token is valid ({@code expires_in}); default 5 minutes, at least 1 second. */
        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("tokenLifetime must be at least 1 second, not " + lifetime);
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        // ------------------------------------------------------------------ TLS

        /**
         * Serves HTTPS with a self-signed certificate generated at build time for {@code localhost}, {@code 127.0.0.1}
         * and {@code ::1}; trust it with {@link RegistryServer#sslContext()} or {@link
         * RegistryServer#certificateFile()}. Default false.
         */
        public Builder tls(boolean enabled) {
            this.tls = enabled;
            if (!enabled) {
                this.tlsMaterial = null;
            }
            return this;
        }

        /** Serves HTTPS with the first private key and its chain from a key store (PKCS12 or JKS). */
        public Builder tlsKeyStore(KeyStore keyStore, char[] password) {
            this.tlsMaterial = TlsMaterial.fromKeyStore(keyStore, password);
            this.tls = true;
            return this;
        }

        /** Serves HTTPS with the first private key and its chain from a key store file (PKCS12 or JKS). */
        public Builder tlsKeyStore(Path keyStore, String password) {
            this.tlsMaterial = TlsMaterial.fromKeyStoreFile(keyStore, password.toCharArray());
            this.tls = true;
            return this;
        }

        /** Serves HTTPS with a PEM certificate chain (leaf first) and a PEM PKCS#8 private key. */
        public Builder tlsPem(Path certificateChain, Path privateKey) {
            this.tlsMaterial = TlsMaterial.fromPem(certificateChain, privateKey);
            this.tls = true;
            return this;
        }

        /**
         * With TLS, also serves plain HTTP on this port (0 picks a free one; see {@link RegistryServer#httpUrl()}).
         * By default a TLS registry serves HTTPS only.
         */
        public Builder httpPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("httpPort must be 0..65535, not " + port);
            }
            this.httpPort = port;
            return this;
        }

        private AuthSettings authSettings(Users table) {
            return AuthSettings.of(
                    anyUser ? table : null,
                    authenticator,
                    authorizer,
                    rules,
                    anonymousPull,
                    tokenAuth,
                    tokenService,
                    tokenLifetime);
        }

        /** A registry with these settings, not yet started. */
        public RegistryServer build() {
            return new RegistryServer(this);
        }

        private static long positive(long value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive, not " + value);
            }
            return value;
        }
    }
}
