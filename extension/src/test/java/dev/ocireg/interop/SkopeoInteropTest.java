package dev.ocireg.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Oci;
import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The registry against a real client: skopeo (containers/image), driven as a process over plain HTTP. Skipped, with
 * the reason, where skopeo is not installed.
 */
class SkopeoInteropTest {
    private static final long TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = Oci.JSON;
    /** Incompressible, so that the layer is big enough (2 MiB) to be streamed in more than one buffer. */
    private static final byte[] RANDOM = randomBytes(2 * 1024 * 1024);

    @TempDir
    static Path shared;

    private static RegistryServer registry;
    private static final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private static Path layout;
    private static OciLayoutBuilder.Image image;
    private static Path policy;
    private static Path registriesD;
    private static Path authFile;
    private static Path registriesConf;
    private static final AtomicInteger runs = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRegistryAndWriteLayout() throws IOException {
        registry = RegistryServer.builder().requestLog(requests::add).build().start();

        layout = shared.resolve("layout");
        image = new OciLayoutBuilder()
                .file("app/hello.txt", "hello from ocireg\n")
                .file("app/data/numbers.txt", "1\n2\n3\n")
                .file("app/data/random.bin", RANDOM)
                .write(layout, "v1");

        // Keep skopeo away from the machine's configuration: its own policy, registries.conf, auth file.
        policy = Files.writeString(
                shared.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        registriesD = Files.createDirectories(shared.resolve("registries.d"));
        authFile = Files.writeString(shared.resolve("auth.json"), "{\"auths\":{}}");
        registriesConf = Files.writeString(shared.resolve("registries.conf"), "");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void requireSkopeo() {
        // per test rather than in @BeforeAll, so that every skipped test is reported with the reason
        Assumptions.assumeTrue(onPath("skopeo"), "skopeo is not installed; .ci/run installs it with apt-get");
        requests.clear();
        registry.faults().clear();
    }

    /**
     * skopeo's {@code --retry-times} retries network errors such as a connection closed before the response (skopeo
     * 1.9 does not retry a 503, newer versions do: a status fault would test the version, not the registry).
     */
    @Test
    void copiesThroughAClosedConnectionOnTheManifestPutWithRetryTimes() throws Exception {
        registry.faults()
                .on("PUT", dev.ocireg.journal.Endpoint.MANIFEST)
                .repository("interop/retry")
                .times(1)
                .closeConnection();
        skopeo(
                "copy",
                "--retry-times",
                "3",
                "--dest-tls-verify=false",
                "oci:" + layout + ":v1",
                docker("interop/retry:v1"));
        registry.faults().assertAllTriggered();
        assertThat(registry.journal()
                        .requests(r -> r.method().equals("PUT")
                                && r.endpoint() == dev.ocireg.journal.Endpoint.MANIFEST
                                && "interop/retry".equals(r.repository())))
                .extracting(r -> r.status())
                .containsExactly(0, 201); // 0: closed without a response
        assertThat(tags("interop/retry")).containsExactly("v1");
    }

    @Test
    void refusesACorruptedLayer(@TempDir Path out) throws Exception {
        push("interop/corrupt:v1");
        registry.faults()
                .on("GET", dev.ocireg.journal.Endpoint.BLOB)
                .repository("interop/corrupt")
                .reference(image.layerDigest())
                .corruptBody();
        Result result = run("copy", "--src-tls-verify=false", docker("interop/corrupt:v1"), "oci:" + out + ":v1");
        assertThat(result.exitCode()).as("%s", result).isNotZero();
        assertThat(result.stderr().toLowerCase(java.util.Locale.ROOT)).contains("digest");
        registry.faults().assertAllTriggered();
    }

    @Test
    void copiesALayoutToTheRegistryAndInspectsItByteForByte() throws Exception {
        push("interop/app:v1");

        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", docker("interop/app:v1")))
                .as("inspect --raw")
                .isEqualTo(image.manifest());
        assertThat(skopeo("inspect", "--tls-verify=false", "--config", "--raw", docker("interop/app:v1")))
                .as("inspect --config --raw")
                .isEqualTo(image.config());

        JsonNode inspected = json(skopeo("inspect", "--tls-verify=false", docker("interop/app:v1")));
        assertThat(inspected.path("Digest").asString()).isEqualTo(image.manifestDigest());
        assertThat(inspected.path("Architecture").asString()).isEqualTo("amd64");
        assertThat(inspected.path("Layers").get(0).asString()).isEqualTo(image.layerDigest());

        HttpResponse<byte[]> served = get("/v2/interop/app/manifests/v1");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifestDigest());
        assertThat(served.headers().firstValue("Content-Type")).hasValue(OciLayoutBuilder.MANIFEST_TYPE);
        assertThat(get("/v2/interop/app/blobs/" + image.layerDigest()).body()).isEqualTo(image.layer());
    }

    @Test
    void listsTagsAndAddsOneWithACopyInsideTheRegistry() throws Exception {
        push("interop/tags:v1");
        assertThat(tags("interop/tags")).containsExactly("v1");

        skopeo(
                "copy",
                "--src-tls-verify=false",
                "--dest-tls-verify=false",
                docker("interop/tags:v1"),
                docker("interop/tags:v2"));

        assertThat(tags("interop/tags")).containsExactly("v1", "v2");
        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", docker("interop/tags:v2")))
                .isEqualTo(image.manifest());
    }

    @Test
    void copiesBackToALayoutByteForByte(@TempDir Path out) throws Exception {
        push("interop/pull:v1");

        skopeo("copy", "--src-tls-verify=false", docker("interop/pull:v1"), "oci:" + out + ":v1");

        String digest = OciLayoutBuilder.manifestDigest(out, "v1");
        assertThat(digest).isEqualTo(image.manifestDigest());
        Map<String, byte[]> pulled = OciLayoutBuilder.readBlobs(out);
        assertThat(pulled).containsOnlyKeys(image.blobs().keySet());
        image.blobs()
                .forEach((d, content) ->
                        assertThat(pulled.get(d)).as("blob %s", d).isEqualTo(content));
        assertThat(TarArchives.untar(TarArchives.gunzip(pulled.get(image.layerDigest()))))
                .containsEntry("app/hello.txt", "hello from ocireg\n".getBytes(StandardCharsets.UTF_8))
                .containsEntry("app/data/random.bin", RANDOM);
    }

    @Test
    void convertsToDockerSchema2() throws Exception {
        push("interop/app2:v1");

        skopeo(
                "copy",
                "--src-tls-verify=false",
                "--dest-tls-verify=false",
                "--format",
                "v2s2",
                docker("interop/app2:v1"),
                docker("interop/docker:v1"));

        byte[] raw = skopeo("inspect", "--tls-verify=false", "--raw", docker("interop/docker:v1"));
        JsonNode manifest = json(raw);
        assertThat(manifest.path("mediaType").asString())
                .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.path("config").path("mediaType").asString())
                .isEqualTo("application/vnd.docker.container.image.v1+json");
        assertThat(manifest.path("layers").get(0).path("digest").asString()).isEqualTo(image.layerDigest());

        HttpResponse<byte[]> served = get("/v2/interop/docker/manifests/v1");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(raw);
        assertThat(served.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(served.headers().firstValue("Docker-Content-Digest")).hasValue(TarArchives.sha256(raw));

        JsonNode config =
                json(skopeo("inspect", "--tls-verify=false", "--config", "--raw", docker("interop/docker:v1")));
        assertThat(config.path("rootfs").path("diff_ids").get(0).asString())
                .isEqualTo(TarArchives.sha256(image.layerTar()));
    }

    @Test
    void deletesAnImage() throws Exception {
        push("interop/delete:v1");
        assertThat(get("/v2/interop/delete/manifests/v1").statusCode()).isEqualTo(200);

        skopeo("delete", "--tls-verify=false", docker("interop/delete:v1"));

        assertThat(get("/v2/interop/delete/manifests/v1").statusCode()).isEqualTo(404);
        assertThat(get("/v2/interop/delete/manifests/" + image.manifestDigest()).statusCode())
                .isEqualTo(404);
        Result inspect = run("inspect", "--tls-verify=false", "--raw", docker("interop/delete:v1"));
        assertThat(inspect.exitCode()).as("inspect after delete: %s", inspect).isNotZero();
        assertThat(inspect.stderr()).contains("manifest unknown");
    }

    @Test
    void copiesBetweenRepositoriesByMountingBlobs() throws Exception {
        push("a:1");
        requests.clear();

        skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", docker("a:1"), docker("org/team/b:1"));

        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", docker("org/team/b:1")))
                .isEqualTo(image.manifest());
        assertThat(get("/v2/org/team/b/blobs/" + image.layerDigest()).body()).isEqualTo(image.layer());
        assertThat(get("/v2/org/team/b/blobs/" + image.configDigest()).body()).isEqualTo(image.config());
        // containers/image remembers (in its blob info cache) that the layer is in a, and mounts it from there
        assertThat(List.copyOf(requests))
                .as("skopeo mounts the layer it pushed to a instead of uploading it again")
                .map(line -> URLDecoder.decode(line, StandardCharsets.UTF_8))
                .anyMatch(line -> line.startsWith("POST /v2/org/team/b/blobs/uploads/?")
                        && line.contains("mount=" + image.layerDigest())
                        && line.contains("from=a")
                        && line.contains(" 201 "))
                .noneMatch(line -> line.startsWith("GET /v2/a/blobs/" + image.layerDigest()));
    }

    // ------------------------------------------------------------------ helpers

    private void push(String repositoryAndTag) throws Exception {
        skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", docker(repositoryAndTag));
    }

    private List<String> tags(String repository) throws Exception {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : json(skopeo(
                        "list-tags", "--tls-verify=false", "docker://" + registry.host() + "/" + repository))
                .path("Tags")) {
            tags.add(tag.asString());
        }
        return tags;
    }

    private static String docker(String repositoryAndTag) {
        return "docker://" + registry.host() + "/" + repositoryAndTag;
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(registry.url().resolve(path))
                        .header(
                                "Accept",
                                OciLayoutBuilder.MANIFEST_TYPE + ", " + OciLayoutBuilder.INDEX_TYPE
                                        + ", application/vnd.docker.distribution.manifest.v2+json")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(byte[] bytes) {
        return JSON.readTree(bytes);
    }

    record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit code " + exitCode + "\nstderr:\n" + stderr;
        }
    }

    /** Runs skopeo and returns its standard output; fails, with its stderr and the registry's log, unless it exits 0. */
    private static byte[] skopeo(String... args) throws Exception {
        Result result = run(args);
        assertThat(result.exitCode())
                .as("%s\nregistry requests:\n%s", result, String.join("\n", requests))
                .isZero();
        return result.stdout();
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "skopeo",
                "--policy",
                policy.toString(),
                "--registries-conf", // hidden, but the only way skopeo 1.9 takes another registries.conf
                registriesConf.toString(),
                "--registries.d",
                registriesD.toString(),
                "--tmpdir",
                shared.toString()));
        command.addAll(List.of(args));
        // output goes to files, so that nothing blocks on a full pipe and nothing needs reader threads
        int n = runs.incrementAndGet();
        Path stdout = shared.resolve("skopeo-" + n + ".out");
        Path stderr = shared.resolve("skopeo-" + n + ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("REGISTRY_AUTH_FILE", authFile.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + "\ndid not finish within " + TIMEOUT_SECONDS
                    + " s\nstderr:\n" + Files.readString(stderr) + "\nregistry requests:\n"
                    + String.join("\n", requests));
        }
        return new Result(command, process.exitValue(), Files.readAllBytes(stdout), Files.readString(stderr));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
