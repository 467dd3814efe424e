package dev.ocireg.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocireg.RegistryServer;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.testing.Front;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What other registries do that ours does not: lie about content, send absolute Locations with queries, lack the
 * {@code ?tag=} or referrers extensions, fail without a JSON body, or not answer at all.
 */
class RegistryClientFaultsTest {
    private static RegistryServer registry;
    private Front front;
    private RegistryClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void startFront() {
        front = Front.start(registry.url());
        client = RegistryClient.create(front.url());
    }

    @AfterEach
    void stopFront() {
        front.close();
    }

    // ------------------------------------------------------------------ lying registries

    @Test
    void aManifestWhoseDigestHeaderDoesNotMatchTheBodyIsRejected() {
        Digest digest = client.pushImage("lies/manifest", "1", "{}".getBytes(UTF_8), List.of());
        Digest other = Digest.sha256("something else".getBytes(UTF_8));
        front.intercept(call -> {
            if (call.method().equals("GET") && call.path().endsWith("/manifests/1")) {
                call.send(front.proxy(call).header("Docker-Content-Digest", other.toString()));
                return true;
            }
            if (call.method().equals("GET") && call.path().endsWith("/manifests/" + digest)) {
                Front.Reply reply = front.proxy(call);
                reply.body = "{\"schemaVersion\":2,\"tampered\":true}".getBytes(UTF_8);
                reply.headers.remove("Docker-Content-Digest");
                call.send(reply);
                return true;
            }
            return false;
        });

        RegistryClientException byTag =
                catchThrowableOfType(RegistryClientException.class, () -> client.pullManifest("lies/manifest", "1"));
        RegistryClientException byDigest = catchThrowableOfType(
                RegistryClientException.class, () -> client.pullManifest("lies/manifest", digest.toString()));

        assertThat(byTag.status()).isEqualTo(200);
        assertThat(byTag.errors()).isEmpty();
        assertThat(byTag.getMessage())
                .startsWith("GET " + front.url() + "/v2/lies/manifest/manifests/1 -> 200: the body's digest is "
                        + digest + ", not " + other);
        assertThat(byDigest.getMessage()).contains("not " + digest);
    }

    @Test
    void aTamperedBlobIsRejectedAndNoFileIsLeftBehind() throws Exception {
        byte[] content = "the real layer".getBytes(UTF_8);
        Descriptor blob = client.pushBlob("lies/blob", content);
        front.intercept(call -> {
            if (call.method().equals("GET") && call.path().contains("/blobs/sha256:")) {
                Front.Reply reply = front.proxy(call);
                reply.body[0] ^= 1;
                call.send(reply);
                return true;
            }
            return false;
        });

        assertThatThrownBy(() -> client.pullBlob("lies/blob", blob.digest()))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("the body's digest is")
                .hasMessageContaining("not " + blob.digest());
        Path target = tmp.resolve("dir/layer");
        assertThatThrownBy(() -> client.pullBlob("lies/blob", blob.digest(), target))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("not " + blob.digest());
        assertThat(target).doesNotExist();
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aPushWhoseDigestHeaderDisagreesIsAnError() {
        front.intercept(call -> {
            if (call.method().equals("PUT") && call.path().contains("/manifests/")) {
                call.send(front.proxy(call)
                        .header(
                                "Docker-Content-Digest",
                                Digest.sha256(new byte[0]).toString()));
                return true;
            }
            return false;
        });

        assertThatThrownBy(() -> client.pushImage("lies/push", "1", "{}".getBytes(UTF_8), List.of()))
                .isInstanceOf(RegistryClientException.class)
                .hasMessageContaining("PUT " + front.url() + "/v2/lies/push/manifests/1 -> 201")
                .hasMessageContaining("reports digest");
    }

    // ------------------------------------------------------------------ other registries' shapes

    @Test
    void absoluteUploadLocationsKeepTheirQueryAndGetTheDigestAppended() throws Exception {
        front.intercept(call -> {
            if (call.path().contains("/blobs/uploads/")
                    && (call.method().equals("POST") || call.method().equals("PATCH"))) {
                Front.Reply reply = front.proxy(call);
                String location = reply.header("Location");
                if (location != null && reply.status == 202) {
                    reply.header("Location", front.url() + location + "?_state=abc%3D");
                }
                call.send(reply);
                return true;
            }
            return false;
        });
        byte[] content = "located".getBytes(UTF_8);
        Path file = Files.write(tmp.resolve("chunked"), "chunk by chunk".getBytes(UTF_8));

        Descriptor monolithic = client.pushBlob("location/app", content);
        Descriptor chunked = client.pushBlobChunked("location/app", file, 5);

        assertThat(front.seen)
                .filteredOn(s -> s.method().equals("PUT"))
                .extracting(Front.Seen::pathAndQuery)
                .allMatch(p -> p.matches("/v2/location/app/blobs/uploads/[0-9a-f-]+\\?_state=abc%3D&digest=sha256:.*"))
                .anyMatch(p -> p.endsWith("digest=" + monolithic.digest()))
                .anyMatch(p -> p.endsWith("digest=" + chunked.digest()));
        assertThat(front.seen)
                .filteredOn(s -> s.method().equals("PATCH"))
                .hasSize(3)
                .extracting(Front.Seen::pathAndQuery)
                .allMatch(p -> p.endsWith("?_state=abc%3D"));
        assertThat(client.pullBlob("location/app", chunked.digest())).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void extraTagsAreAddedOneByOneWhenTheRegistryIgnoresTagParameters() {
        Digest image = client.pushImage("oldtags/app", null, "{}".getBytes(UTF_8), List.of());
        byte[] manifest = client.pullManifest("oldtags/app", image.toString()).content();
        front.intercept(call -> {
            if (call.method().equals("PUT") && call.path().contains("/manifests/") && call.query() != null) {
                call.send(front.proxy(call, call.path())); // an older registry: ?tag= ignored, no OCI-Tag
                return true;
            }
            return false;
        });
        front.seen.clear();

        client.pushManifest("oldtags/app", image.toString(), MediaTypes.OCI_MANIFEST, manifest, "a", "b");

        assertThat(client.tags("oldtags/app")).containsExactly("a", "b");
        assertThat(front.seen)
                .filteredOn(s -> s.method().equals("PUT"))
                .extracting(Front.Seen::pathAndQuery)
                .containsExactly(
                        "/v2/oldtags/app/manifests/" + image + "?tag=a&tag=b",
                        "/v2/oldtags/app/manifests/a",
                        "/v2/oldtags/app/manifests/b");
    }

    @Test
    void referrersFallBackToTheTagSchemeWithoutAReferrersApi() {
        Digest subject = client.pushImage("oldref/app", "1", "{}".getBytes(UTF_8), List.of());
        Digest sbom = client.pushArtifact(ArtifactPush.builder("oldref/app", "application/vnd.example.sbom")
                .build());
        Digest sig = client.pushArtifact(ArtifactPush.builder("oldref/app", "application/vnd.example.sig")
                .build());
        long sbomSize =
                client.headManifest("oldref/app", sbom.toString()).orElseThrow().size();
        long sigSize =
                client.headManifest("oldref/app", sig.toString()).orElseThrow().size();
        front.intercept(call -> {
            if (call.path().contains("/referrers/")) {
                call.sendError(404, "UNSUPPORTED", "no such endpoint");
                return true;
            }
            return false;
        });
        Digest orphan = Digest.sha256("no referrers".getBytes(UTF_8));
        assertThat(client.referrers("oldref/app", orphan)).isEmpty();

        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                        + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"artifactType\":\"application/vnd.example"
                        + ".sbom\",\"digest\":\"" + sbom + "\",\"size\":" + sbomSize + "},"
                        + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"artifactType\":\"application/vnd.example"
                        + ".sig\",\"digest\":\"" + sig + "\",\"size\":" + sigSize + "}]}")
                .getBytes(UTF_8);
        client.pushManifest("oldref/app", "sha256-" + subject.encoded(), MediaTypes.OCI_INDEX, index);

        assertThat(client.referrers("oldref/app", subject))
                .extracting(Descriptor::digest)
                .containsExactly(sbom, sig);
        assertThat(client.referrers("oldref/app", subject, "application/vnd.example.sig"))
                .extracting(Descriptor::digest)
                .containsExactly(sig);
    }

    @Test
    void referrersAreFilteredByTheClientWhenTheRegistryDoesNotFilter() {
        Digest subject = client.pushImage("nofilter/app", "1", "{}".getBytes(UTF_8), List.of());
        client.pushArtifact(ArtifactPush.builder("nofilter/app", "application/vnd.example.a")
                .subject(subject)
                .build());
        Digest b = client.pushArtifact(ArtifactPush.builder("nofilter/app", "application/vnd.example.b")
                .subject(subject)
                .build());
        front.intercept(call -> {
            if (call.path().contains("/referrers/")) {
                call.send(front.proxy(call, call.path())); // drops ?artifactType=, so no OCI-Filters-Applied
                return true;
            }
            return false;
        });

        assertThat(client.referrers("nofilter/app", subject, "application/vnd.example.b"))
                .extracting(Descriptor::digest)
                .containsExactly(b);
        assertThat(client.referrers("nofilter/app", subject)).hasSize(2);
    }

    @Test
    void anErrorWithoutJsonBodyShowsTheBody() {
        front.intercept(call -> {
            call.send(new Front.Reply(502, "Bad Gateway from the proxy".getBytes(UTF_8))
                    .header("Content-Type", "text/plain"));
            return true;
        });

        RegistryClientException e = catchThrowableOfType(RegistryClientException.class, () -> client.tags("any"));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.errors()).isEmpty();
        assertThat(e.getMessage())
                .isEqualTo("GET " + front.url() + "/v2/any/tags/list -> 502: body: Bad Gateway from the proxy");
    }

    @Test
    void aRegistryThatIsNotThereIsAnErrorWithTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        RegistryClient absent =
                RegistryClient.builder(url).timeout(Duration.ofSeconds(5)).build();

        RegistryClientException e =
                catchThrowableOfType(RegistryClientException.class, () -> absent.pullManifest("app", "1"));

        assertThat(e.status()).isEqualTo(-1);
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.uri()).isEqualTo(URI.create(url + "/v2/app/manifests/1"));
        assertThat(e.getMessage()).startsWith("GET " + url + "/v2/app/manifests/1: java.net.ConnectException");
        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }
}
