package dev.ocireg.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.internal.net.ContainerNetwork;
import dev.ocireg.journal.Endpoint;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry against the Docker CLI and daemon over plain HTTP ({@code localhost:PORT} is an insecure registry for
 * the daemon by default): push, a second push, pull by tag and by digest, run, a legacy-builder build whose base comes
 * from the registry, a manifest list, and containers reaching the registry over the bridge network. Images are made
 * with {@code docker import} from busybox-static. Skipped, with the reason, where there is no daemon.
 */
@RequiresDocker
class DockerInteropTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size: (\\d+)");

    @TempDir
    static Path temp;

    private static RegistryServer registry;
    private static DockerCli docker;

    @BeforeAll
    static void start() throws Exception {
        // beyond loopback, so that containers on the bridge reach it too
        registry = RegistryServer.builder().bindAddress("0.0.0.0").build().start();
        docker = new DockerCli(temp);
    }

    @AfterAll
    static void stop() {
        if (docker != null) {
            docker.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void clearJournal() {
        registry.journal().clear();
    }

    private static String image(String repositoryAndTag) {
        return registry.host() + "/" + repositoryAndTag;
    }

    private static String importImage(String name, String hello) throws Exception {
        return docker.importBusybox("ocireg-test/" + name + ":" + registry.port(), Map.of("/hello.txt", hello + "\n"));
    }

    private static List<RecordedRequest> requests(String method, Endpoint endpoint) {
        return registry.journal().requests(r -> r.method().equals(method) && r.endpoint() == endpoint);
    }

    @Test
    void pushesAnImportedImageAndASecondPushFindsItsLayer() throws Exception {
        String local = importImage("push", "pushed by docker");
        docker.tag(local, image("docker/push:1"));

        String first = docker.docker("push", image("docker/push:1"));

        Matcher pushed = PUSHED_DIGEST.matcher(first);
        assertThat(pushed.find()).as(first).isTrue();
        String digest = pushed.group(1);
        RegistryAssertions.assertThat(registry)
                .repository("docker/push")
                .tag("1")
                .pointsTo(digest)
                .manifest("1")
                .hasMediaType(MediaTypes.DOCKER_MANIFEST)
                .hasLayerCount(1);
        // layer and config were uploaded, then the manifest put
        assertThat(requests("PUT", Endpoint.UPLOAD)).hasSize(2).allMatch(r -> r.status() == 201);
        assertThat(requests("PUT", Endpoint.MANIFEST)).singleElement().satisfies(put -> {
            assertThat(put.status()).isEqualTo(201);
            assertThat(put.digest()).hasValue(digest);
        });

        registry.journal().clear();
        String second = docker.docker("push", image("docker/push:1"));

        assertThat(second).contains("Layer already exists").contains(digest);
        assertThat(requests("POST", Endpoint.UPLOADS))
                .as("no upload on the second push")
                .isEmpty();
        assertThat(requests("HEAD", Endpoint.BLOB)).isNotEmpty().allMatch(r -> r.status() == 200);
    }

    @Test
    void pullsByTagAndByDigestAndRunsWhatItPulled() throws Exception {
        String local = importImage("pull", "pulled from ocireg");
        docker.tag(local, image("docker/pull:1"));
        String digest = pushedDigest(docker.docker("push", image("docker/pull:1")));
        String layer = layers("docker/pull", "1").get(0);
        // nothing of the image left in the daemon, so that the pulls below must download it
        docker.docker("rmi", local, image("docker/pull:1"));
        registry.journal().clear();

        docker.docker("pull", docker.removeLater(image("docker/pull:1")));

        assertThat(requests("GET", Endpoint.BLOB)).anyMatch(r -> r.path().endsWith("/" + layer) && r.status() == 200);
        assertThat(docker.docker("image", "inspect", "--format", "{{join .RepoDigests \",\"}}", image("docker/pull:1")))
                .contains(image("docker/pull") + "@" + digest);

        docker.docker("rmi", image("docker/pull:1"));
        String byDigest = docker.removeLater(registry.host() + "/docker/pull@" + digest);
        docker.docker("pull", byDigest);
        assertThat(requests("GET", Endpoint.MANIFEST)).anyMatch(r -> r.path().endsWith("/manifests/" + digest));

        assertThat(docker.docker("run", "--rm", byDigest, "cat", "/hello.txt")).isEqualTo("pulled from ocireg\n");
    }

    @Test
    void theLegacyBuilderPullsItsBaseFromTheRegistryAndTheResultIsPushedBack() throws Exception {
        String local = importImage("base", "the base");
        docker.tag(local, image("docker/base:1"));
        String baseDigest = pushedDigest(docker.docker("push", image("docker/base:1")));
        String baseLayer = layers("docker/base", "1").get(0);
        Path context = Files.createDirectories(temp.resolve("build-context"));
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + image("docker/base:1") + "\n"
                        + "RUN echo built on $(cat /hello.txt) > /built.txt\n"
                        + "CMD [\"cat\", \"/built.txt\"]\n");
        registry.journal().clear();

        // --pull: the builder asks the registry for the base even though the daemon has it
        DockerCli.Result build =
                docker.run("build", "--pull", "-t", docker.removeLater(image("docker/built:1")), context.toString());

        assertThat(build.exitCode()).as("%s", build).isZero();
        assertThat(requests("GET", Endpoint.MANIFEST))
                .as("the base manifest, pulled by the builder")
                .anyMatch(r -> r.path().equals("/v2/docker/base/manifests/" + baseDigest) && r.status() == 200);

        registry.journal().clear();
        String pushed = docker.docker("push", image("docker/built:1"));

        // the base layer is mounted from the repository it came from, not uploaded again
        assertThat(pushed).contains("Mounted from docker/base");
        assertThat(requests("POST", Endpoint.UPLOADS))
                .anyMatch(r -> r.query().contains("mount=" + baseLayer.replace(":", "%3A"))
                        && r.query().contains("from=docker%2Fbase")
                        && r.status() == 201);
        RegistryAssertions.assertThat(registry)
                .repository("docker/built")
                .manifest("1")
                .hasLayerCount(2)
                .hasConfigContaining("/built.txt");
        assertThat(layers("docker/built", "1").get(0)).isEqualTo(baseLayer);
        assertThat(docker.docker("run", "--rm", image("docker/built:1"))).isEqualTo("built on the base\n");
    }

    @Test
    void manifestCreatePushAndInspectAManifestList() throws Exception {
        docker.tag(importImage("amd", "amd64"), image("docker/multi:amd64"));
        docker.tag(importImage("arm", "arm64"), image("docker/multi:arm64"));
        docker.docker("push", image("docker/multi:amd64"));
        docker.docker("push", image("docker/multi:arm64"));

        docker.docker(
                "manifest",
                "create",
                "--insecure",
                image("docker/multi:1"),
                image("docker/multi:amd64"),
                image("docker/multi:arm64"));
        docker.docker(
                "manifest",
                "annotate",
                "--os",
                "linux",
                "--arch",
                "arm64",
                image("docker/multi:1"),
                image("docker/multi:arm64"));
        String pushed = docker.docker("manifest", "push", "--insecure", "--purge", image("docker/multi:1"));

        String listDigest = pushed.trim().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(listDigest).matches("sha256:[0-9a-f]{64}");
        RegistryAssertions.assertThat(registry)
                .repository("docker/multi")
                .tag("1")
                .pointsTo(listDigest)
                .manifest("1")
                .hasMediaType(MediaTypes.DOCKER_MANIFEST_LIST)
                .containsPlatform("linux", "amd64")
                .containsPlatform("linux", "arm64");

        JsonNode inspected = JSON.readTree(docker.docker("manifest", "inspect", "--insecure", image("docker/multi:1")));
        assertThat(inspected.path("mediaType").asString()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(inspected.path("manifests")).hasSize(2);
        assertThat(inspected
                        .path("manifests")
                        .get(1)
                        .path("platform")
                        .path("architecture")
                        .asString())
                .isEqualTo("arm64");
        assertThat(inspected.path("manifests").get(1).path("digest").asString())
                .isEqualTo(Digest.sha256(RegistryClient.create(registry.url())
                                .pullManifest("docker/multi", "arm64")
                                .content())
                        .toString());
    }

    @Test
    void aContainerOnTheBridgeReadsAndPushesOverHttp() throws Exception {
        String local = importImage("client", "a client in a container");
        String host = registry.containerHost();

        String base = docker.docker("run", "--rm", local, "wget", "-q", "-O", "-", "http://" + host + "/v2/");

        assertThat(base).isEqualTo("{}");
        assertThat(registry.journal().requests(r -> r.endpoint() == Endpoint.BASE))
                .singleElement()
                .satisfies(get -> assertThat(get.requestHeader("User-Agent"))
                        .hasValueSatisfying(agent -> assertThat(agent).containsIgnoringCase("wget")));

        // a monolithic blob push from inside the container: POST ?digest= with the body
        String pushed = docker.docker(
                "run",
                "--rm",
                local,
                "sh",
                "-c",
                "printf 'pushed from a container' > /tmp/blob"
                        + " && d=$(sha256sum /tmp/blob | cut -d' ' -f1)"
                        + " && wget -q -O - --post-file=/tmp/blob \"http://" + host
                        + "/v2/from/container/blobs/uploads/?digest=sha256:$d\" && echo sha256:$d");

        String digest = Digest.sha256("pushed from a container".getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(pushed.trim()).isEqualTo(digest);
        RegistryAssertions.assertThat(registry).repository("from/container").hasBlob(digest);
    }

    @Test
    void aRegistryOnLoopbackOnlyIsUnreachableFromContainersAndSaysHowToFixIt() {
        try (RegistryServer loopback = RegistryServer.builder().build().start()) {
            String gateway = ContainerNetwork.bridgeGateway().orElse(null);
            if (gateway == null) {
                // no docker0 here (the daemon is elsewhere): Docker Desktop's name for the host
                assertThat(loopback.containerHost()).isEqualTo("host.docker.internal:" + loopback.port());
            } else {
                assertThatThrownBy(loopback::containerHost)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(gateway)
                        .hasMessageContaining("bindAddress(\"0.0.0.0\")");
                assertThat(registry.containerHost()).isEqualTo(gateway + ":" + registry.port());
            }
        }
    }

    /** The layer digests of a manifest in the registry, in order. */
    private static List<String> layers(String repository, String reference) {
        try (RegistryClient client = RegistryClient.create(registry.url())) {
            JsonNode manifest =
                    JSON.readTree(client.pullManifest(repository, reference).text());
            return manifest.path("layers")
                    .valueStream()
                    .map(layer -> layer.path("digest").asString())
                    .toList();
        }
    }

    private static String pushedDigest(String output) {
        Matcher pushed = PUSHED_DIGEST.matcher(output);
        assertThat(pushed.find()).as(output).isTrue();
        return pushed.group(1);
    }
}
