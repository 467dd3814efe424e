package dev.ocireg.client;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A small client for the whole OCI Distribution Spec v1.1 API, usable against any registry: blobs (monolithic,
 * chunked, mounted), manifests, tags, catalog and referrers, plus one-liners to push an image or an artifact and to
 * copy to and from an OCI image layout directory. Only the JDK's {@code java.net.http} underneath.
 *
 * <pre>{@code
 * RegistryClient client = RegistryClient.create(registry.url());
 * Digest image = client.pushImage("app", "1.0", configJson, List.of(layerTarGz));
 * Manifest manifest = client.pullManifest("app", "1.0");
 * assertThat(client.tags("app")).containsExactly("1.0");
 * }</pre>
 *
 * <p><b>Failures.</b> Every unexpected status, every body whose digest is not the one asked for, and every I/O failure
 * of a request is a {@link RegistryClientException} carrying the method, URL, status and the spec's error codes. A
 * local file that cannot be read or written is an {@link UncheckedIOException}; invalid arguments (a repository name
 * with characters outside {@code [A-Za-z0-9._-/]}, a malformed layout) are {@link IllegalArgumentException}s.
 *
 * <p><b>Verification.</b> Pulled blobs and manifests are hashed while read and checked against the digest asked for
 * and against {@code Docker-Content-Digest}; a {@code Path} target is only created once its content is verified.
 *
 * <p><b>Authentication.</b> On a {@code 401} the client answers the challenge once: {@code Basic} with the configured
 * credentials, or {@code Bearer realm=…,service=…,scope=…} with a token fetched from the realm (with the Basic
 * credentials if any, anonymously otherwise) and cached per scope. Credentials go only to the registry's own origin
 * (scheme, host, port) and to the token realm; redirects are followed by the client, which never forwards {@code
 * Authorization} to another host.
 *
 * <p><b>Limits.</b> Pushes use {@code sha256}; pulls verify {@code sha256} and {@code sha512}. Manifests and listings
 * are read into memory; blobs given as a {@code Path} are streamed. The referrers tag scheme is read as a fallback
 * when a registry has no referrers API, but not written. Instances are immutable and thread-safe.
 *
 * <p><b>Closing.</b> {@link #close()} ends the threads of the {@code HttpClient} the client made for itself (its
 * worker pool at once; on Java 21 and later the client itself). An {@code HttpClient} you passed stays yours.
 */
public final class RegistryClient implements AutoCloseable {
    // The API in one place; the work in package-private parts: Transport (sending, auth, redirects), Endpoints (URLs),
    // Uploads (the upload protocol), Blobs and Manifests (reads, deletes), Listings (paging, referrers), Images (the
    // one-liners) and LayoutCopier; the wire conventions they share with the conformance runner in internal.wire.

    /** The {@code Accept} header of manifest requests: OCI and Docker manifests and indexes. */
    public static final String MANIFEST_ACCEPT = String.join(
            ", ",
            MediaTypes.OCI_MANIFEST,
            MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST);

    /** The annotation that carries a file's name in an artifact's layer descriptor. */
    public static final String TITLE_ANNOTATION = "org.opencontainers.image.title";

    private static final ThreadFactory WORKER_THREADS = new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "ocireg-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    };

    private final URI url;
    private final Transport transport;
    private final Endpoints endpoints;
    private final Uploads uploads;
    private final Blobs blobs;
    private final Manifests manifests;
    private final Listings listings;
    private final Images images;
    /** The HttpClient and worker pool this client made itself, closed by {@link #close()}; null when passed in. */
    private final HttpClient ownHttp;

    private final ExecutorService ownWorkers;

    private RegistryClient(Builder b) {
        this.url = b.url;
        HttpClient http = b.httpClient;
        if (http == null) {
            ownWorkers = Executors.newCachedThreadPool(WORKER_THREADS);
            HttpClient.Builder hb = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(ownWorkers)
                    .connectTimeout(b.connectTimeout);
            if (b.sslContext != null) {
                hb.sslContext(b.sslContext);
            }
            http = hb.build();
            ownHttp = http;
        } else {
            ownHttp = null;
            ownWorkers = null;
        }
        this.transport = new Transport(
                url, http, b.timeout, b.user, b.password, b.bearerToken, b.retries, b.retryBackoff, b.maxRetryWait);
        this.endpoints = new Endpoints(url);
        this.uploads = new Uploads(transport, endpoints, b.chunkSize);
        this.blobs = new Blobs(transport, endpoints);
        this.manifests = new Manifests(transport, endpoints);
        this.listings = new Listings(transport, endpoints, manifests);
        this.images = new Images(uploads, manifests, blobs);
    }

    /**
     * Ends the threads this client started: its worker pool at once, and on Java 21 and later its {@code HttpClient}
     * (on Java 17 the JDK ends the client's selector thread once the client is garbage). Idempotent; requests after
     * {@code close()} fail.
     */
    @Override
    public void close() {
        if (ownWorkers == null) {
            return;
        }
        ownWorkers.shutdownNow();
        try {
            ownWorkers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownHttp instanceof AutoCloseable closeable) { // HttpClient is AutoCloseable from Java 21
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing only ends threads; nothing is left to clean up if it fails.
            }
        }
    }

    /** A client with the defaults of {@link Builder}, for a registry such as {@code http://127.0.0.1:5000}. */
    public static RegistryClient create(URI registryUrl) {
        return builder(registryUrl).build();
    }

    /**
     * A builder for a client of the registry at {@code registryUrl} ({@code http} or {@code https}, no path):
     *
     * <pre>{@code
     * RegistryClient client = RegistryClient.builder(URI.create("https://registry.example"))
     *         .basicAuth("user", "secret")
     *         .timeout(Duration.ofMinutes(5))
     *         .build();
     * }</pre>
     */
    public static Builder builder(URI registryUrl) {
        return new Builder(registryUrl);
    }

    /**
     * The registry's base URL, without a trailing slash.
     *
     * <pre>{@code
     * URI tags = URI.create(client.url() + "/v2/app/tags/list");
     * }</pre>
     */
    public URI url() {
        return url;
    }

    /**
     * {@code GET /v2/}: checks that the URL is a registry implementing the API and that the client may use it.
     *
     * <pre>{@code
     * client.ping(); // throws RegistryClientException with status 401 when the credentials are refused
     * }</pre>
     */
    public void ping() {
        Responses.close(transport.expect("GET", endpoints.of("/v2/"), null, Transport.OK));
    }

    @Override
    public String toString() {
        return "RegistryClient[" + url + "]";
    }

    // ================================================================== blobs

    /**
     * Pushes a blob (POST, then PUT with the content) and returns its descriptor with media type {@code
     * application/octet-stream}.
     *
     * <pre>{@code
     * Descriptor d = client.pushBlob("app", "hello".getBytes(UTF_8));
     * }</pre>
     */
    public Descriptor pushBlob(String repository, byte[] content) {
        return uploads.push(repository, content);
    }

    /**
     * Pushes a file as a blob, streamed: the file is read once to hash it, then again while it is sent. Files larger
     * than {@link Builder#chunkSize(int)} are pushed in chunks.
     *
     * <pre>{@code
     * Descriptor layer = client.pushBlob("app", Path.of("build/layer.tar.gz"));
     * }</pre>
     */
    public Descriptor pushBlob(String repository, Path file) {
        return uploads.push(repository, file, null);
    }

    /**
     * Pushes a file in chunks of {@code chunkSize} bytes: POST, one PATCH per chunk with {@code Content-Range}, then
     * the closing PUT with the digest, hashed while the chunks are sent.
     *
     * <pre>{@code
     * Descriptor big = client.pushBlobChunked("app", Path.of("big.bin"), 1024 * 1024);
     * }</pre>
     */
    public Descriptor pushBlobChunked(String repository, Path file, int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, not " + chunkSize);
        }
        return uploads.pushChunked(repository, file, chunkSize, null);
    }

    /**
     * Mounts a blob of {@code fromRepository} into {@code repository} without uploading it. Returns true when the
     * registry mounted it (201); false when it offered an upload instead (202), in which case that upload is cancelled.
     * {@code fromRepository} may be null to let the registry look anywhere (not every registry does).
     *
     * <pre>{@code
     * if (!client.mountBlob("team/app", layer.digest(), "base/app")) {
     *     client.pushBlob("team/app", layerFile);
     * }
     * }</pre>
     */
    public boolean mountBlob(String repository, Digest digest, String fromRepository) {
        return uploads.mount(repository, digest, fromRepository);
    }

    /**
     * True when {@code HEAD} finds the blob in the repository.
     *
     * <pre>{@code
     * assertThat(client.blobExists("app", layer.digest())).isTrue();
     * }</pre>
     */
    public boolean blobExists(String repository, Digest digest) {
        return blobSize(repository, digest).isPresent();
    }

    /**
     * The size of a blob from {@code HEAD}, or empty when the repository does not have it.
     *
     * <pre>{@code
     * assertThat(client.blobSize("app", layer.digest())).hasValue(layer.size());
     * }</pre>
     */
    public OptionalLong blobSize(String repository, Digest digest) {
        return blobs.size(repository, digest);
    }

    /**
     * Pulls a blob into memory, verifying it against {@code digest}.
     *
     * <pre>{@code
     * byte[] config = client.pullBlob("app", manifestConfig.digest());
     * }</pre>
     */
    public byte[] pullBlob(String repository, Digest digest) {
        return blobs.pull(repository, digest);
    }

    /**
     * Pulls a blob into a file, streamed and hashed while written. The content goes to a temporary file next to
     * {@code target} that replaces {@code target} only when its digest is right; parent directories are created.
     *
     * <pre>{@code
     * client.pullBlob("app", layer.digest(), tempDir.resolve("layer.tar.gz"));
     * }</pre>
     */
    public void pullBlob(String repository, Digest digest, Path target) {
        blobs.pull(repository, digest, target);
    }

    /**
     * Deletes a blob from a repository.
     *
     * <pre>{@code
     * client.deleteBlob("app", layer.digest());
     * }</pre>
     */
    public void deleteBlob(String repository, Digest digest) {
        blobs.delete(repository, digest);
    }

    // ================================================================== manifests

    /**
     * Pushes a manifest under a tag or a digest, plus any {@code extraTags} (sent as {@code ?tag=}; tags the registry
     * does not confirm with {@code OCI-Tag} are pushed one by one). Returns the manifest's digest, checked against the
     * registry's {@code Docker-Content-Digest}.
     *
     * <pre>{@code
     * Digest d = client.pushManifest("app", "1.0", MediaTypes.OCI_MANIFEST, manifestJson, "1", "latest");
     * }</pre>
     */
    public Digest pushManifest(
            String repository, String reference, String mediaType, byte[] content, String... extraTags) {
        return manifests.push(repository, reference, mediaType, content, extraTags);
    }

    /**
     * Pulls a manifest by tag or digest, verifying its bytes against the digest asked for and against {@code
     * Docker-Content-Digest}.
     *
     * <pre>{@code
     * Manifest m = client.pullManifest("app", "1.0");
     * Manifest same = client.pullManifest("app", m.digest().toString());
     * }</pre>
     */
    public Manifest pullManifest(String repository, String reference) {
        return manifests.pull(repository, reference);
    }

    /**
     * {@code HEAD} of a manifest: its descriptor (media type, digest, size), or empty when the registry has no such
     * manifest (404).
     *
     * <pre>{@code
     * assertThat(client.headManifest("app", "1.0")).map(Descriptor::digest).contains(digest);
     * }</pre>
     */
    public Optional<Descriptor> headManifest(String repository, String reference) {
        return manifests.head(repository, reference);
    }

    /**
     * Deletes a manifest by digest, or a tag (the manifest stays).
     *
     * <pre>{@code
     * client.deleteManifest("app", "1.0");                 // untag
     * client.deleteManifest("app", digest.toString());     // delete the manifest
     * }</pre>
     */
    public void deleteManifest(String repository, String reference) {
        manifests.delete(repository, reference);
    }

    // ================================================================== discovery

    /**
     * Every tag of a repository, following the registry's {@code Link} headers page by page.
     *
     * <pre>{@code
     * assertThat(client.tags("app")).containsExactly("1.0", "latest");
     * }</pre>
     */
    public List<String> tags(String repository) {
        return listings.tags(repository);
    }

    /**
     * One page of tags: at most {@code n}, after {@code last} (null for the first page).
     *
     * <pre>{@code
     * List<String> first = client.tags("app", 10, null);
     * List<String> second = client.tags("app", 10, first.get(first.size() - 1));
     * }</pre>
     */
    public List<String> tags(String repository, int n, String last) {
        return listings.tags(repository, n, last);
    }

    /**
     * Every repository of the registry ({@code GET /v2/_catalog}), following {@code Link} headers.
     *
     * <pre>{@code
     * assertThat(client.catalog()).contains("app");
     * }</pre>
     */
    public List<String> catalog() {
        return listings.catalog();
    }

    /**
     * One page of the catalog: at most {@code n} repositories, after {@code last} (null for the first page).
     *
     * <pre>{@code
     * List<String> first = client.catalog(100, null);
     * }</pre>
     */
    public List<String> catalog(int n, String last) {
        return listings.catalog(n, last);
    }

    /**
     * Every manifest whose {@code subject} is {@code subject}, following {@code Link} headers. Falls back to the
     * referrers tag ({@code sha256-<hex>}) when the registry has no referrers API (404).
     *
     * <pre>{@code
     * List<Descriptor> referrers = client.referrers("app", image);
     * }</pre>
     */
    public List<Descriptor> referrers(String repository, Digest subject) {
        return referrers(repository, subject, null);
    }

    /**
     * The referrers of {@code subject} with the given {@code artifactType} (null for all). Filtered by the registry
     * when it can, by the client otherwise.
     *
     * <pre>{@code
     * List<Descriptor> sboms = client.referrers("app", image, "application/vnd.example.sbom.v1");
     * }</pre>
     */
    public List<Descriptor> referrers(String repository, Digest subject, String artifactType) {
        return listings.referrers(repository, subject, artifactType);
    }

    // ================================================================== one-liners

    /**
     * Pushes an OCI image: the config, each layer as {@code application/vnd.oci.image.layer.v1.tar+gzip}, and the
     * image manifest, tagged {@code tag} (or pushed by digest when {@code tag} is null). Returns the manifest's digest.
     *
     * <pre>{@code
     * Digest d = client.pushImage("app", "1.0", "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(UTF_8),
     *         List.of(layerTarGz));
     * }</pre>
     */
    public Digest pushImage(String repository, String tag, byte[] configJson, List<byte[]> layers) {
        return pushImage(repository, tag, configJson, layers, MediaTypes.OCI_LAYER_TAR_GZIP);
    }

    /**
     * {@link #pushImage(String, String, byte[], List)} with another layer media type, such as {@code
     * application/vnd.oci.image.layer.v1.tar}.
     *
     * <pre>{@code
     * client.pushImage("app", "raw", config, List.of(tar), MediaTypes.OCI_LAYER_TAR);
     * }</pre>
     */
    public Digest pushImage(
            String repository, String tag, byte[] configJson, List<byte[]> layers, String layerMediaType) {
        return images.pushImage(repository, tag, configJson, layers, layerMediaType);
    }

    /**
     * Pushes an artifact as the image spec's artifact guidance describes: an OCI image manifest with the request's
     * {@code artifactType}, the empty config {@code application/vnd.oci.empty.v1+json} ({@code {}}), each file as an
     * {@code application/octet-stream} layer annotated {@code org.opencontainers.image.title} = its file name (the
     * empty descriptor when there are no files), the manifest annotations, and a {@code subject} when the request has
     * one (it must be in the repository). Tagged with the request's tag, or pushed by digest when it has none. Returns
     * the manifest's digest.
     *
     * <pre>{@code
     * Digest sbom = client.pushArtifact(ArtifactPush.builder("app", "application/vnd.example.sbom.v1")
     *         .subject(image)
     *         .annotation("org.example.kind", "sbom")
     *         .file(Path.of("sbom.json"))
     *         .build());
     * }</pre>
     */
    public Digest pushArtifact(ArtifactPush artifact) {
        return images.pushArtifact(Objects.requireNonNull(artifact, "artifact"));
    }

    /**
     * Pulls an image manifest and its config; the layers are listed, not downloaded. A reference to an index is an
     * {@link IllegalArgumentException} whose message lists the index's manifests and platforms.
     *
     * <pre>{@code
     * PulledImage image = client.pullImage("app", "1.0");
     * byte[] firstLayer = client.pullBlob("app", image.layers().get(0).digest());
     * }</pre>
     */
    public PulledImage pullImage(String repository, String reference) {
        return images.pullImage(repository, reference);
    }

    /**
     * Pushes an image, index or artifact from an OCI image layout directory: every blob and manifest the chosen entry
     * of {@code index.json} references, nested indexes included. The entry is the one annotated {@code
     * org.opencontainers.image.ref.name} = {@code tag}, or the only one; it is pushed as {@code tag}. Returns its
     * digest. Layer files are streamed.
     *
     * <pre>{@code
     * Digest d = client.copyFromLayout(Path.of("build/jib-image"), "app", "1.0");
     * }</pre>
     */
    public Digest copyFromLayout(Path ociLayoutDir, String repository, String tag) {
        return new LayoutCopier(uploads, manifests, blobs, ociLayoutDir)
                .push(Endpoints.repositoryName(repository), Endpoints.reference(tag));
    }

    /**
     * Writes a manifest, and everything it references (recursing into indexes), into an OCI image layout directory:
     * {@code oci-layout}, {@code blobs/<alg>/<hex>}, and an {@code index.json} entry annotated {@code
     * org.opencontainers.image.ref.name} = {@code reference} when it is a tag (an existing entry of that name is
     * replaced, other entries are kept). Blobs already in the layout are not downloaded again.
     *
     * <pre>{@code
     * client.copyToLayout("app", "1.0", tempDir.resolve("layout"));
     * }</pre>
     */
    public void copyToLayout(String repository, String reference, Path ociLayoutDir) {
        new LayoutCopier(uploads, manifests, blobs, ociLayoutDir)
                .pull(Endpoints.repositoryName(repository), Endpoints.reference(reference));
    }

    /**
     * Settings of a {@link RegistryClient}. Every setter returns this builder; {@link #build()} may be called more than
     * once.
     *
     * <pre>{@code
     * RegistryClient client = RegistryClient.builder(url).bearerToken("t0k3n").chunkSize(8 << 20).build();
     * }</pre>
     */
    public static final class Builder {
        private final URI url;
        private String user;
        private String password;
        private String bearerToken;
        private SSLContext sslContext;
        private HttpClient httpClient;
        private Duration timeout = Duration.ofMinutes(2);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int chunkSize = Integer.MAX_VALUE;
        private int retries = 2;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Duration maxRetryWait = Duration.ofSeconds(30);

        private Builder(URI registryUrl) {
            Objects.requireNonNull(registryUrl, "registryUrl");
            String scheme = registryUrl.getScheme() == null ? "" : registryUrl.getScheme();
            if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")
                    || registryUrl.getHost() == null) {
                throw new IllegalArgumentException(
                        "the registry URL must be http(s)://host[:port], not '" + registryUrl + "'");
            }
            String s = registryUrl.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.url = URI.create(s);
        }

        /**
         * Credentials for {@code Basic} challenges, and for the token realm of {@code Bearer} challenges.
         *
         * <pre>{@code
         * builder.basicAuth("user", "secret");
         * }</pre>
         */
        public Builder basicAuth(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * A static token sent as {@code Authorization: Bearer <token>} on every request to the registry; challenges are
         * then not answered.
         *
         * <pre>{@code
         * builder.bearerToken(System.getenv("REGISTRY_TOKEN"));
         * }</pre>
         */
        public Builder bearerToken(String token) {
            this.bearerToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * The TLS context of the default HTTP client, for a registry with a self-signed certificate.
         *
         * <pre>{@code
         * builder.sslContext(testTlsContext);
         * }</pre>
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * An HTTP client to use instead of the default one (HTTP/1.1, no redirects, the connect timeout of 10 s). It
         * should not follow redirects itself ({@link HttpClient.Redirect#NEVER}), so that the client decides which
         * requests carry credentials. Excludes {@link #sslContext}.
         *
         * <pre>{@code
         * builder.httpClient(HttpClient.newBuilder().proxy(ProxySelector.of(proxy)).build());
         * }</pre>
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * How long each request may take until its response starts (uploads included); 2 minutes by default.
         *
         * <pre>{@code
         * builder.timeout(Duration.ofSeconds(30));
         * }</pre>
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Files larger than this many bytes are pushed in chunks of this size by {@link RegistryClient#pushBlob(String,
         * Path)}, {@link RegistryClient#pushArtifact} and {@link RegistryClient#copyFromLayout}; by default every file is
         * pushed in one request.
         *
         * <pre>{@code
         * builder.chunkSize(16 * 1024 * 1024); // for a registry that limits request bodies
         * }</pre>
         */
        public Builder chunkSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("chunkSize must be positive, not " + bytes);
            }
            this.chunkSize = bytes;
            return this;
        }

        /**
         * How many times an idempotent request (GET, HEAD, PUT, DELETE) is sent again after a 429, 502, 503 or 504, or
         * after its connection broke before a response; 2 by default, 0 turns retries off. POST and PATCH are never
         * sent again. The wait is the response's {@code Retry-After}, else {@link #retryBackoff} doubled per retry.
         *
         * <pre>{@code
         * builder.retries(0); // see every error as it happens
         * }</pre>
         */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative, not " + retries);
            }
            this.retries = retries;
            return this;
        }

        /**
         * The wait before the first retry when the registry sends no {@code Retry-After}, doubled for each next one; 200
         * ms by default. A {@code Retry-After} longer than {@code maxWait} (30 s by default) ends the retries.
         *
         * <pre>{@code
         * builder.retryBackoff(Duration.ofMillis(50), Duration.ofSeconds(5));
         * }</pre>
         */
        public Builder retryBackoff(Duration backoff, Duration maxWait) {
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxWait, "maxWait");
            if (backoff.isNegative() || maxWait.isNegative()) {
                throw new IllegalArgumentException("retry waits must not be negative");
            }
            this.retryBackoff = backoff;
            this.maxRetryWait = maxWait;
            return this;
        }

        /**
         * An immutable, thread-safe client with these settings.
         *
         * <pre>{@code
         * RegistryClient client = RegistryClient.builder(url).build();
         * }</pre>
         */
        public RegistryClient build() {
            if (httpClient != null && sslContext != null) {
                throw new IllegalStateException("set either httpClient or sslContext, not both (configure TLS on the"
                        + " HttpClient you pass)");
            }
            return new RegistryClient(this);
        }
    }
}
