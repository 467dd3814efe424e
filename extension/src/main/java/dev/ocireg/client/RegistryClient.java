package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

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

    /** The {@code Accept} header of manifest requests: OCI and Docker manifests and indexes. */
    public static final String MANIFEST_ACCEPT = String.join(
            ", ",
            MediaTypes.OCI_MANIFEST,
            MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST);

    /** The annotation that carries a file's name in an artifact's layer descriptor. */
    public static final String TITLE_ANNOTATION = "org.opencontainers.image.title";

    static final String OCTET_STREAM = "application/octet-stream";
    static final byte[] EMPTY_JSON = {'{', '}'};

    private static final ThreadFactory WORKER_THREADS = new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "ocireg-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    };

    private static final int[] OK = {200};
    private static final int[] CREATED = {201};
    private static final int[] ACCEPTED = {202};
    private static final int[] DELETED = {200, 202, 204};
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_.:=+-]{1,256}");
    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^,]*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";,]*)\"?", Pattern.CASE_INSENSITIVE);

    private final URI url;
    private final Transport transport;
    private final int chunkSize;
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
        this.transport = new Transport(url, http, b.timeout, b.user, b.password, b.bearerToken);
        this.chunkSize = b.chunkSize;
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
        Transport.close(transport.expect("GET", endpoint("/v2/"), null, OK));
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
    public Descriptor pushBlob(String repo, byte[] content) {
        Objects.requireNonNull(content, "content");
        Digest digest = Digest.sha256(content);
        upload(repo, digest, BodyPublishers.ofByteArray(content));
        return Descriptor.of(OCTET_STREAM, digest, content.length);
    }

    /**
     * Pushes a file as a blob, streamed: the file is read once to hash it, then again while it is sent. Files larger
     * than {@link Builder#chunkSize(int)} are pushed in chunks.
     *
     * <pre>{@code
     * Descriptor layer = client.pushBlob("app", Path.of("build/layer.tar.gz"));
     * }</pre>
     */
    public Descriptor pushBlob(String repo, Path file) {
        return pushFile(repo, file, null);
    }

    /**
     * Pushes a file in chunks of {@code chunkSize} bytes: POST, one PATCH per chunk with {@code Content-Range}, then
     * the closing PUT with the digest, hashed while the chunks are sent.
     *
     * <pre>{@code
     * Descriptor big = client.pushBlobChunked("app", Path.of("big.bin"), 1024 * 1024);
     * }</pre>
     */
    public Descriptor pushBlobChunked(String repo, Path file, int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, not " + chunkSize);
        }
        return uploadChunked(repo, file, chunkSize, null);
    }

    /**
     * Mounts a blob of {@code fromRepo} into {@code repo} without uploading it. Returns true when the registry mounted
     * it (201); false when it offered an upload instead (202), in which case that upload is cancelled.
     * {@code fromRepo} may be null to let the registry look anywhere (not every registry does).
     *
     * <pre>{@code
     * if (!client.mountBlob("team/app", layer.digest(), "base/app")) {
     *     client.pushBlob("team/app", layerFile);
     * }
     * }</pre>
     */
    public boolean mountBlob(String repo, Digest digest, String fromRepo) {
        Objects.requireNonNull(digest, "digest");
        String query = "mount=" + digest + (fromRepo == null ? "" : "&from=" + repository(fromRepo));
        HttpResponse<InputStream> r = transport.expect(
                "POST", Transport.withQuery(endpoint(repo, "/blobs/uploads/"), query), null, new int[] {201, 202});
        Transport.close(r);
        if (r.statusCode() == 201) {
            return true;
        }
        r.headers().firstValue("Location").ifPresent(location -> {
            try {
                Transport.close(transport.send("DELETE", Transport.resolve(r.uri(), location), null));
            } catch (RegistryClientException e) {
                // best effort: the registry expires abandoned uploads anyway
            }
        });
        return false;
    }

    /**
     * True when {@code HEAD} finds the blob in the repository.
     *
     * <pre>{@code
     * assertThat(client.blobExists("app", layer.digest())).isTrue();
     * }</pre>
     */
    public boolean blobExists(String repo, Digest digest) {
        return blobSize(repo, digest).isPresent();
    }

    /**
     * The size of a blob from {@code HEAD}, or empty when the repository does not have it.
     *
     * <pre>{@code
     * assertThat(client.blobSize("app", layer.digest())).hasValue(layer.size());
     * }</pre>
     */
    public OptionalLong blobSize(String repo, Digest digest) {
        HttpResponse<InputStream> r = transport.send("HEAD", blobUri(repo, digest), null);
        Transport.close(r);
        if (r.statusCode() == 404) {
            return OptionalLong.empty();
        }
        if (r.statusCode() != 200) {
            throw transport.error(r);
        }
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        if (length.isEmpty()) {
            throw Transport.failure(r, "the response has no Content-Length");
        }
        return length;
    }

    /**
     * Pulls a blob into memory, verifying it against {@code digest}.
     *
     * <pre>{@code
     * byte[] config = client.pullBlob("app", manifestConfig.digest());
     * }</pre>
     */
    public byte[] pullBlob(String repo, Digest digest) {
        HttpResponse<InputStream> r = transport.expect("GET", blobUri(repo, digest), null, OK);
        byte[] content = Transport.readAll(r);
        verify(r, digest, Digest.of(digest.algorithm(), content));
        return content;
    }

    /**
     * Pulls a blob into a file, streamed and hashed while written. The content goes to a temporary file next to
     * {@code target} that replaces {@code target} only when its digest is right; parent directories are created.
     *
     * <pre>{@code
     * client.pullBlob("app", layer.digest(), tempDir.resolve("layer.tar.gz"));
     * }</pre>
     */
    public void pullBlob(String repo, Digest digest, Path target) {
        Objects.requireNonNull(target, "target");
        HttpResponse<InputStream> r = transport.expect("GET", blobUri(repo, digest), null, OK);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".ocireg-", ".part");
            MessageDigest md = digest.newMessageDigest();
            try (InputStream in = r.body();
                    OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = read(r, in, buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            verify(r, digest, Digest.from(digest.algorithm(), md));
            move(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            Transport.close(r);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover .part file is harmless
                }
            }
        }
    }

    /**
     * Deletes a blob from a repository.
     *
     * <pre>{@code
     * client.deleteBlob("app", layer.digest());
     * }</pre>
     */
    public void deleteBlob(String repo, Digest digest) {
        Transport.close(transport.expect("DELETE", blobUri(repo, digest), null, DELETED));
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
    public Digest pushManifest(String repo, String reference, String mediaType, byte[] content, String... extraTags) {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
        String ref = reference(reference);
        // By digest, the registry checks the content against it (DIGEST_INVALID when it does not match).
        Digest digest = ref.indexOf(':') > 0 ? Digest.parse(ref) : Digest.sha256(content);
        StringBuilder query = new StringBuilder();
        for (String tag : extraTags) {
            query.append(query.length() > 0 ? "&" : "").append("tag=").append(reference(tag));
        }
        URI uri = manifestUri(repo, ref);
        if (query.length() > 0) {
            uri = Transport.withQuery(uri, query.toString());
        }
        HttpResponse<InputStream> r =
                transport.expect("PUT", uri, BodyPublishers.ofByteArray(content), CREATED, "Content-Type", mediaType);
        Transport.close(r);
        checkDigestHeader(r, digest);
        Set<String> confirmed = new HashSet<>();
        for (String value : r.headers().allValues("OCI-Tag")) {
            for (String tag : value.split(",")) {
                confirmed.add(tag.trim());
            }
        }
        for (String tag : extraTags) {
            if (!confirmed.contains(tag) && !tag.equals(ref)) {
                HttpResponse<InputStream> again = transport.expect(
                        "PUT",
                        manifestUri(repo, tag),
                        BodyPublishers.ofByteArray(content),
                        CREATED,
                        "Content-Type",
                        mediaType);
                Transport.close(again);
                checkDigestHeader(again, digest);
            }
        }
        return digest;
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
    public Manifest pullManifest(String repo, String reference) {
        String ref = reference(reference);
        HttpResponse<InputStream> r =
                transport.expect("GET", manifestUri(repo, ref), null, OK, "Accept", MANIFEST_ACCEPT);
        byte[] content = Transport.readAll(r);
        Digest digest = null;
        if (ref.indexOf(':') > 0) {
            digest = Digest.parse(ref);
            verify(r, digest, Digest.of(digest.algorithm(), content));
        }
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent()) {
            Digest claimed = parseDigestHeader(r, header.get());
            verify(r, claimed, Digest.of(claimed.algorithm(), content));
            if (digest == null) {
                digest = claimed;
            }
        }
        if (digest == null) {
            digest = Digest.sha256(content);
        }
        String mediaType = contentType(r);
        if (mediaType == null || mediaType.isEmpty() || mediaType.equals("application/json")) {
            try {
                String declared = ContentJson.text(ContentJson.readObject(content, "the manifest"), "mediaType");
                mediaType = declared != null ? declared : mediaType;
            } catch (IllegalArgumentException e) {
                // keep what the registry said
            }
        }
        return new Manifest(digest, mediaType == null ? OCTET_STREAM : mediaType, content);
    }

    /**
     * {@code HEAD} of a manifest: its descriptor (media type, digest, size), or empty when the registry has no such
     * manifest (404).
     *
     * <pre>{@code
     * assertThat(client.headManifest("app", "1.0")).map(Descriptor::digest).contains(digest);
     * }</pre>
     */
    public Optional<Descriptor> headManifest(String repo, String reference) {
        String ref = reference(reference);
        HttpResponse<InputStream> r = transport.send("HEAD", manifestUri(repo, ref), null, "Accept", MANIFEST_ACCEPT);
        Transport.close(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw transport.error(r);
        }
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        String mediaType = contentType(r);
        if (header.isEmpty() || length.isEmpty() || mediaType == null) {
            return Optional.of(pullManifest(repo, ref).descriptor());
        }
        return Optional.of(Descriptor.of(mediaType, parseDigestHeader(r, header.get()), length.getAsLong()));
    }

    /**
     * Deletes a manifest by digest, or a tag (the manifest stays).
     *
     * <pre>{@code
     * client.deleteManifest("app", "1.0");                 // untag
     * client.deleteManifest("app", digest.toString());     // delete the manifest
     * }</pre>
     */
    public void deleteManifest(String repo, String reference) {
        Transport.close(transport.expect("DELETE", manifestUri(repo, reference(reference)), null, DELETED));
    }

    // ================================================================== discovery

    /**
     * Every tag of a repository, following the registry's {@code Link} headers page by page.
     *
     * <pre>{@code
     * assertThat(client.tags("app")).containsExactly("1.0", "latest");
     * }</pre>
     */
    public List<String> tags(String repo) {
        return collect(endpoint(repo, "/tags/list"), "tags");
    }

    /**
     * One page of tags: at most {@code n}, after {@code last} (null for the first page).
     *
     * <pre>{@code
     * List<String> first = client.tags("app", 10, null);
     * List<String> second = client.tags("app", 10, first.get(first.size() - 1));
     * }</pre>
     */
    public List<String> tags(String repo, int n, String last) {
        return page(endpoint(repo, "/tags/list"), n, last, "tags");
    }

    /**
     * Every repository of the registry ({@code GET /v2/_catalog}), following {@code Link} headers.
     *
     * <pre>{@code
     * assertThat(client.catalog()).contains("app");
     * }</pre>
     */
    public List<String> catalog() {
        return collect(endpoint("/v2/_catalog"), "repositories");
    }

    /**
     * One page of the catalog: at most {@code n} repositories, after {@code last} (null for the first page).
     *
     * <pre>{@code
     * List<String> first = client.catalog(100, null);
     * }</pre>
     */
    public List<String> catalog(int n, String last) {
        return page(endpoint("/v2/_catalog"), n, last, "repositories");
    }

    /**
     * Every manifest whose {@code subject} is {@code subject}, following {@code Link} headers. Falls back to the
     * referrers tag ({@code sha256-<hex>}) when the registry has no referrers API (404).
     *
     * <pre>{@code
     * List<Descriptor> referrers = client.referrers("app", image);
     * }</pre>
     */
    public List<Descriptor> referrers(String repo, Digest subject) {
        return referrers(repo, subject, null);
    }

    /**
     * The referrers of {@code subject} with the given {@code artifactType} (null for all). Filtered by the registry
     * when it can, by the client otherwise.
     *
     * <pre>{@code
     * List<Descriptor> sboms = client.referrers("app", image, "application/vnd.example.sbom.v1");
     * }</pre>
     */
    public List<Descriptor> referrers(String repo, Digest subject, String artifactType) {
        Objects.requireNonNull(subject, "subject");
        URI next = endpoint(repo, "/referrers/" + subject);
        if (artifactType != null) {
            next = Transport.withQuery(next, "artifactType=" + Transport.encode(artifactType));
        }
        List<Descriptor> all = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        boolean filtered = true;
        while (next != null) {
            HttpResponse<InputStream> r = transport.send("GET", next, null, "Accept", MediaTypes.OCI_INDEX);
            if (r.statusCode() == 404 && seen.isEmpty()) {
                Transport.close(r);
                return filter(referrersTag(repo, subject), artifactType);
            }
            if (r.statusCode() != 200) {
                throw transport.error(r);
            }
            JsonNode index = ContentJson.readObject(Transport.readAll(r), "the referrers response of " + r.uri());
            all.addAll(ContentJson.descriptors(index, "manifests", "the referrers"));
            filtered &= r.headers().allValues("OCI-Filters-Applied").stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("artifacttype"));
            seen.add(next);
            next = nextLink(r, seen);
        }
        return filtered ? List.copyOf(all) : filter(all, artifactType);
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
    public Digest pushImage(String repo, String tag, byte[] configJson, List<byte[]> layers) {
        return pushImage(repo, tag, configJson, layers, MediaTypes.OCI_LAYER_TAR_GZIP);
    }

    /**
     * {@link #pushImage(String, String, byte[], List)} with another layer media type, such as {@code
     * application/vnd.oci.image.layer.v1.tar}.
     *
     * <pre>{@code
     * client.pushImage("app", "raw", config, List.of(tar), MediaTypes.OCI_LAYER_TAR);
     * }</pre>
     */
    public Digest pushImage(String repo, String tag, byte[] configJson, List<byte[]> layers, String layerMediaType) {
        Objects.requireNonNull(layerMediaType, "layerMediaType");
        Descriptor config = withMediaType(pushBlob(repo, configJson), MediaTypes.OCI_CONFIG);
        List<Object> layerJson = new ArrayList<>();
        for (byte[] layer : layers) {
            layerJson.add(ContentJson.toJson(withMediaType(pushBlob(repo, layer), layerMediaType)));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("config", ContentJson.toJson(config));
        manifest.put("layers", layerJson);
        return pushManifestJson(repo, tag, manifest);
    }

    /**
     * Pushes an artifact as the image spec's artifact guidance describes: an OCI image manifest with {@code
     * artifactType}, the empty config {@code application/vnd.oci.empty.v1+json} ({@code {}}), each file as an {@code
     * application/octet-stream} layer annotated {@code org.opencontainers.image.title} = its file name (the empty
     * descriptor when there are no files), the manifest {@code annotations}, and a {@code subject} when {@code subject}
     * is not null (it must be in the repository). Tagged {@code tag}, or pushed by digest when it is null.
     *
     * <pre>{@code
     * Digest sbom = client.pushArtifact("app", null, "application/vnd.example.sbom.v1",
     *         Map.of("org.example.kind", "sbom"), image, List.of(Path.of("sbom.json")));
     * }</pre>
     */
    public Digest pushArtifact(
            String repo,
            String tag,
            String artifactType,
            Map<String, String> annotations,
            Digest subject,
            List<Path> files) {
        Objects.requireNonNull(artifactType, "artifactType");
        Descriptor subjectDescriptor = null;
        if (subject != null) {
            subjectDescriptor = headManifest(repo, subject.toString())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the subject " + subject + " is not a manifest of repository " + repo + "; push it first"));
        }
        Descriptor empty = withMediaType(pushBlob(repo, EMPTY_JSON), MediaTypes.OCI_EMPTY);
        List<Object> layers = new ArrayList<>();
        for (Path file : files) {
            Descriptor d = pushBlob(repo, file);
            Path name = file.getFileName();
            layers.add(ContentJson.toJson(new Descriptor(
                    OCTET_STREAM,
                    d.digest(),
                    d.size(),
                    null,
                    name == null ? Map.of() : Map.of(TITLE_ANNOTATION, name.toString()))));
        }
        if (layers.isEmpty()) {
            layers.add(ContentJson.toJson(empty));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", artifactType);
        manifest.put("config", ContentJson.toJson(empty));
        manifest.put("layers", layers);
        if (subjectDescriptor != null) {
            manifest.put("subject", ContentJson.toJson(subjectDescriptor));
        }
        if (annotations != null && !annotations.isEmpty()) {
            manifest.put("annotations", new java.util.TreeMap<>(annotations));
        }
        return pushManifestJson(repo, tag, manifest);
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
    public PulledImage pullImage(String repo, String reference) {
        Manifest manifest = pullManifest(repo, reference);
        JsonNode json = ContentJson.readObject(manifest.content(), "manifest " + reference);
        if (MediaTypes.isIndex(manifest.mediaType()) || json.has("manifests")) {
            List<String> children = new ArrayList<>();
            for (JsonNode child : json.path("manifests")) {
                JsonNode platform = child.path("platform");
                children.add(ContentJson.text(child, "digest")
                        + (platform.isObject()
                                ? " (" + ContentJson.text(platform, "os") + "/"
                                        + ContentJson.text(platform, "architecture") + ")"
                                : ""));
            }
            throw new IllegalArgumentException(repo + ":" + reference + " is an index, not an image manifest; pull one"
                    + " of its manifests by digest: " + children);
        }
        JsonNode configNode = json.get("config");
        if (configNode == null) {
            throw new IllegalArgumentException(repo + ":" + reference + " has no config: " + manifest.mediaType());
        }
        Descriptor config = ContentJson.descriptor(configNode, "the config");
        List<Descriptor> layers = ContentJson.descriptors(json, "layers", "the layers");
        return new PulledImage(manifest, config, pullBlob(repo, config.digest()), layers);
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
    public Digest copyFromLayout(Path ociLayoutDir, String repo, String tag) {
        return new LayoutCopier(this, ociLayoutDir).push(repository(repo), reference(tag));
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
    public void copyToLayout(String repo, String reference, Path ociLayoutDir) {
        new LayoutCopier(this, ociLayoutDir).pull(repository(repo), reference(reference));
    }

    // ================================================================== internals shared with LayoutCopier

    /** Pushes a file; with {@code expected}, the registry checks the content against it and the file is not hashed. */
    Descriptor pushFile(String repo, Path file, Digest expected) {
        long size = size(file);
        if (size > chunkSize) {
            return uploadChunked(repo, file, chunkSize, expected);
        }
        Digest digest = expected != null ? expected : FileHashing.hash(file, "sha256");
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        upload(repo, digest, body);
        return Descriptor.of(OCTET_STREAM, digest, size);
    }

    private Digest pushManifestJson(String repo, String tag, Map<String, Object> manifest) {
        byte[] content = ContentJson.write(manifest);
        return pushManifest(
                repo, tag != null ? tag : Digest.sha256(content).toString(), MediaTypes.OCI_MANIFEST, content);
    }

    private void upload(String repo, Digest digest, BodyPublisher body) {
        URI location = startUpload(repo, digest.algorithm());
        finishUpload(location, digest, body);
    }

    private URI startUpload(String repo, String algorithm) {
        URI uri = endpoint(repo, "/blobs/uploads/");
        if (!algorithm.equals("sha256")) {
            uri = Transport.withQuery(uri, "digest-algorithm=" + algorithm);
        }
        HttpResponse<InputStream> r = transport.expect("POST", uri, null, ACCEPTED);
        Transport.close(r);
        return location(r, null);
    }

    private void finishUpload(URI location, Digest digest, BodyPublisher body) {
        HttpResponse<InputStream> r = transport.expect(
                "PUT", Transport.withQuery(location, "digest=" + digest), body, CREATED, "Content-Type", OCTET_STREAM);
        Transport.close(r);
        checkDigestHeader(r, digest);
    }

    private Descriptor uploadChunked(String repo, Path file, int chunk, Digest expected) {
        long size = size(file);
        String algorithm = expected == null ? "sha256" : expected.algorithm();
        URI location = startUpload(repo, algorithm);
        FileHashing.ChunkHasher hasher = new FileHashing.ChunkHasher(file, algorithm);
        long offset = 0;
        while (offset < size) {
            long from = offset;
            long length = Math.min(chunk, size - offset);
            long end = from + length - 1;
            BodyPublisher body =
                    BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> hasher.open(from, length)), length);
            HttpResponse<InputStream> r = transport.expect(
                    "PATCH", location, body, ACCEPTED, "Content-Type", OCTET_STREAM, "Content-Range", from + "-" + end);
            Transport.close(r);
            location = location(r, location);
            long next = end + 1;
            Optional<String> range = r.headers().firstValue("Range");
            if (range.isPresent()) {
                Matcher m = Pattern.compile("^(?:bytes=)?0-(\\d+)$")
                        .matcher(range.get().trim());
                if (m.matches()) {
                    next = Long.parseLong(m.group(1)) + 1;
                }
            }
            if (next <= from || next > end + 1) {
                throw Transport.failure(
                        r,
                        "the registry reports Range " + range.orElse("") + " after a chunk of bytes " + from + "-"
                                + end);
            }
            offset = next;
        }
        Digest digest = hasher.digest(size);
        if (expected != null && !expected.equals(digest)) {
            Transport.close(transport.send("DELETE", location, null));
            throw new IllegalArgumentException(file + " has digest " + digest + ", not " + expected);
        }
        finishUpload(location, digest, BodyPublishers.noBody());
        return Descriptor.of(OCTET_STREAM, digest, size);
    }

    // ================================================================== helpers

    private List<String> collect(URI first, String field) {
        List<String> all = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI next = first;
        while (next != null) {
            HttpResponse<InputStream> r = transport.expect("GET", next, null, OK, "Accept", "application/json");
            all.addAll(strings(r, field));
            seen.add(next);
            next = nextLink(r, seen);
        }
        return List.copyOf(all);
    }

    private List<String> page(URI uri, int n, String last, String field) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, not " + n);
        }
        String query = "n=" + n + (last == null ? "" : "&last=" + Transport.encode(last));
        HttpResponse<InputStream> r =
                transport.expect("GET", Transport.withQuery(uri, query), null, OK, "Accept", "application/json");
        return strings(r, field);
    }

    private static List<String> strings(HttpResponse<InputStream> r, String field) {
        JsonNode json = ContentJson.readObject(Transport.readAll(r), "the response of " + r.uri());
        List<String> values = new ArrayList<>();
        JsonNode array = json.get(field);
        if (array != null && array.isArray()) {
            for (JsonNode v : array) {
                if (v.isString()) {
                    values.add(v.stringValue());
                }
            }
        }
        return values;
    }

    /** The {@code rel="next"} target of a response's {@code Link} headers, or null; a repeated target is an error. */
    private static URI nextLink(HttpResponse<?> r, Set<URI> seen) {
        for (String header : r.headers().allValues("Link")) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                Matcher rel = REL.matcher(m.group(2));
                if (rel.find()
                        && List.of(rel.group(1).trim().toLowerCase(Locale.ROOT).split("\\s+"))
                                .contains("next")) {
                    URI next = Transport.resolve(r.uri(), m.group(1));
                    if (seen.contains(next)) {
                        throw Transport.failure(r, "the Link header points back to " + next);
                    }
                    return next;
                }
            }
        }
        return null;
    }

    /** The referrers tag scheme's index ({@code <alg>-<hex>}), empty when there is none. */
    private List<Descriptor> referrersTag(String repo, Digest subject) {
        String tag = subject.algorithm() + "-" + subject.encoded();
        tag = tag.length() > 128 ? tag.substring(0, 128) : tag;
        if (headManifest(repo, tag).isEmpty()) {
            return List.of();
        }
        JsonNode index = ContentJson.readObject(pullManifest(repo, tag).content(), "the referrers tag " + tag);
        return ContentJson.descriptors(index, "manifests", "the referrers");
    }

    private static List<Descriptor> filter(List<Descriptor> descriptors, String artifactType) {
        List<Descriptor> kept = new ArrayList<>();
        for (Descriptor d : descriptors) {
            if (artifactType == null || artifactType.equals(d.artifactType())) {
                kept.add(d);
            }
        }
        return List.copyOf(kept);
    }

    private static void verify(HttpResponse<?> r, Digest expected, Digest actual) {
        if (!expected.equals(actual)) {
            throw Transport.failure(r, "the body's digest is " + actual + ", not " + expected);
        }
    }

    private static void checkDigestHeader(HttpResponse<?> r, Digest expected) {
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && !header.get().trim().equals(expected.toString())) {
            throw Transport.failure(
                    r, "the registry reports digest " + header.get() + " for content whose digest is " + expected);
        }
    }

    private static Digest parseDigestHeader(HttpResponse<?> r, String value) {
        try {
            return Digest.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw Transport.failure(r, "Docker-Content-Digest '" + value + "' is not a digest: " + e.getMessage());
        }
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers()
                .firstValue("Content-Type")
                .map(v -> v.split(";", 2)[0].trim())
                .orElse(null);
    }

    private static URI location(HttpResponse<?> r, URI fallback) {
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            throw Transport.failure(r, "the response has no Location header");
        }
        return Transport.resolve(r.uri(), location.get());
    }

    private static int read(HttpResponse<?> r, InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw Transport.failure(r.request().method(), r.uri(), r.statusCode(), "reading the body failed: " + e, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Descriptor withMediaType(Descriptor d, String mediaType) {
        return new Descriptor(mediaType, d.digest(), d.size(), d.artifactType(), d.annotations());
    }

    private URI endpoint(String path) {
        return URI.create(url + path);
    }

    private URI endpoint(String repo, String path) {
        return endpoint("/v2/" + repository(repo) + path);
    }

    private URI blobUri(String repo, Digest digest) {
        return endpoint(repo, "/blobs/" + Objects.requireNonNull(digest, "digest"));
    }

    private URI manifestUri(String repo, String reference) {
        return endpoint(repo, "/manifests/" + reference);
    }

    /** A repository name safe to put in a URL; the registry judges the rest. */
    static String repository(String repo) {
        return new RepositoryName(Objects.requireNonNull(repo, "repo")).value();
    }

    /** A tag or digest safe to put in a URL; the registry judges the rest. */
    static String reference(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("'" + reference + "' is neither a tag nor a digest");
        }
        return reference;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
