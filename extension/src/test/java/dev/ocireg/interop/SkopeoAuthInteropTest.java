package dev.ocireg.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.auth.AccessRules;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo (containers/image) logging in: {@code --creds} against Basic and against the token flow, trusting the
 * registry's generated certificate through {@code --cert-dir}, or not verifying it with {@code --tls-verify=false}.
 * Skipped, with the reason, where skopeo is not installed.
 */
class SkopeoAuthInteropTest {
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    static Path shared;

    private static RegistryServer basic;
    private static RegistryServer token;
    private static final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private static Path layout;
    private static OciLayoutBuilder.Image image;
    private static Path policy;
    private static Path authFile;
    private static Path registriesConf;
    private static final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        // a password with a colon: skopeo splits --creds at the first one
        basic = RegistryServer.builder()
                .user("alice", "a:lice")
                .user("reader", "r")
                .allow(AccessRules.parseRule("alice:*:*"))
                .allow(AccessRules.parseRule("reader:*:pull"))
                .tls(true)
                .requestLog(requests::add)
                .build()
                .start();
        token = RegistryServer.builder()
                .user("alice", "a:lice")
                .user("reader", "r")
                .allow(AccessRules.parseRule("alice:*:*"))
                .allow(AccessRules.parseRule("reader:*:pull"))
                .allow(AccessRules.parseRule(":public/*:pull"))
                .tokenAuth(true)
                .tls(true)
                .requestLog(requests::add)
                .build()
                .start();
        layout = shared.resolve("layout");
        image = new OciLayoutBuilder()
                .file("app/hello.txt", "hello, with credentials\n")
                .write(layout, "v1");
        policy = Files.writeString(
                shared.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        authFile = Files.writeString(shared.resolve("auth.json"), "{\"auths\":{}}");
        registriesConf = Files.writeString(shared.resolve("registries.conf"), "");
    }

    @AfterAll
    static void stop() {
        if (basic != null) {
            basic.close();
        }
        if (token != null) {
            token.close();
        }
    }

    @BeforeEach
    void requireSkopeo() {
        Assumptions.assumeTrue(onPath("skopeo"), "skopeo is not installed; .ci/run installs it with apt-get");
        requests.clear();
    }

    private static String certDir(RegistryServer registry) {
        return registry.certificateFile().getParent().toString();
    }

    private static String docker(RegistryServer registry, String repositoryAndTag) {
        return "docker://" + registry.host() + "/" + repositoryAndTag;
    }

    @Test
    void basicCredentialsAndTheCertificateFromCertDir() throws Exception {
        String dir = certDir(basic);
        skopeo(
                "copy",
                "--dest-creds",
                "alice:a:lice",
                "--dest-cert-dir",
                dir,
                "oci:" + layout + ":v1",
                docker(basic, "basic/app:v1"));
        RegistryAssertions.assertThat(basic).repository("basic/app").hasTag("v1");

        byte[] raw =
                skopeo("inspect", "--raw", "--creds", "reader:r", "--cert-dir", dir, docker(basic, "basic/app:v1"));
        assertThat(raw).isEqualTo(image.manifest());
        assertThat(new String(skopeo(
                        "list-tags",
                        "--creds",
                        "reader:r",
                        "--tls-verify=false",
                        "docker://" + basic.host() + "/basic/app")))
                .contains("\"v1\"");

        Result anonymous = run("inspect", "--raw", "--cert-dir", dir, docker(basic, "basic/app:v1"));
        assertThat(anonymous.exitCode()).as("%s", anonymous).isNotZero();
        assertThat(anonymous.stderr()).containsIgnoringCase("unauthorized");

        Result wrong =
                run("inspect", "--raw", "--creds", "alice:wrong", "--cert-dir", dir, docker(basic, "basic/app:v1"));
        assertThat(wrong.exitCode()).as("%s", wrong).isNotZero();
        assertThat(wrong.stderr()).containsIgnoringCase("unauthorized");

        Result reader = run(
                "copy",
                "--dest-creds",
                "reader:r",
                "--dest-cert-dir",
                dir,
                "oci:" + layout + ":v1",
                docker(basic, "basic/other:v1"));
        assertThat(reader.exitCode()).as("%s", reader).isNotZero();
        assertThat(reader.stderr()).containsIgnoringCase("denied");
        RegistryAssertions.assertThat(basic).doesNotHaveRepository("basic/other");
    }

    @Test
    void withoutTrustingTheCertificateTheHandshakeFails() throws Exception {
        Result untrusted = run("inspect", "--raw", "--creds", "reader:r", docker(basic, "any/app:v1"));
        assertThat(untrusted.exitCode()).as("%s", untrusted).isNotZero();
        assertThat(untrusted.stderr()).contains("x509");
    }

    @Test
    void theTokenFlowForPushPullCopyAndDelete() throws Exception {
        String dir = certDir(token);
        skopeo(
                "copy",
                "--dest-creds",
                "alice:a:lice",
                "--dest-cert-dir",
                dir,
                "oci:" + layout + ":v1",
                docker(token, "tok/app:v1"));
        assertThat(skopeo("inspect", "--raw", "--creds", "reader:r", "--cert-dir", dir, docker(token, "tok/app:v1")))
                .isEqualTo(image.manifest());
        // a copy inside the registry: skopeo asks for pull on the source and mounts the layer
        requests.clear();
        skopeo(
                "copy",
                "--src-creds",
                "alice:a:lice",
                "--dest-creds",
                "alice:a:lice",
                "--src-cert-dir",
                dir,
                "--dest-cert-dir",
                dir,
                docker(token, "tok/app:v1"),
                docker(token, "tok/copy:v1"));
        assertThat(List.copyOf(requests))
                .anyMatch(line -> line.startsWith("POST /v2/tok/copy/blobs/uploads/?")
                        && line.contains("from=tok")
                        && line.contains(" 201 "));
        assertThat(List.copyOf(requests)).anyMatch(line -> line.startsWith("GET /token?") && line.contains(" 200 "));
        RegistryAssertions.assertThat(token).repository("tok/copy").hasTag("v1");

        skopeo("delete", "--creds", "alice:a:lice", "--cert-dir", dir, docker(token, "tok/copy:v1"));
        RegistryAssertions.assertThat(token).repository("tok/copy").doesNotHaveTag("v1");

        Result readerDelete = run("delete", "--creds", "reader:r", "--cert-dir", dir, docker(token, "tok/app:v1"));
        assertThat(readerDelete.exitCode()).as("%s", readerDelete).isNotZero();
        RegistryAssertions.assertThat(token).repository("tok/app").hasTag("v1");

        Result wrong = run("inspect", "--raw", "--creds", "alice:nope", "--cert-dir", dir, docker(token, "tok/app:v1"));
        assertThat(wrong.exitCode()).as("%s", wrong).isNotZero();
    }

    @Test
    void anonymousPullWithTheTokenFlow() throws Exception {
        String dir = certDir(token);
        skopeo(
                "copy",
                "--dest-creds",
                "alice:a:lice",
                "--dest-tls-verify=false",
                "oci:" + layout + ":v1",
                docker(token, "public/app:v1"));
        assertThat(skopeo("inspect", "--raw", "--cert-dir", dir, docker(token, "public/app:v1")))
                .isEqualTo(image.manifest());
        Result push = run("copy", "--dest-cert-dir", dir, "oci:" + layout + ":v1", docker(token, "public/app:v2"));
        assertThat(push.exitCode()).as("%s", push).isNotZero();
    }

    @Test
    void anonymousPullWithBasic() throws Exception {
        try (RegistryServer open = RegistryServer.builder()
                .user("alice", "a")
                .anonymousPull(true)
                .tls(true)
                .requestLog(requests::add)
                .build()
                .start()) {
            String dir = certDir(open);
            skopeo(
                    "copy",
                    "--dest-creds",
                    "alice:a",
                    "--dest-cert-dir",
                    dir,
                    "oci:" + layout + ":v1",
                    docker(open, "any/app:v1"));
            assertThat(skopeo("inspect", "--raw", "--cert-dir", dir, docker(open, "any/app:v1")))
                    .isEqualTo(image.manifest());
            Result push = run("copy", "--dest-cert-dir", dir, "oci:" + layout + ":v1", docker(open, "any/app:v2"));
            assertThat(push.exitCode()).as("%s", push).isNotZero();
            assertThat(push.stderr()).containsIgnoringCase("unauthorized");
        }
    }

    // ------------------------------------------------------------------ helpers

    record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit code " + exitCode + "\nstderr:\n" + stderr
                    + "\nregistry requests:\n" + String.join("\n", requests);
        }
    }

    private static byte[] skopeo(String... args) throws Exception {
        Result result = run(args);
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result.stdout();
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "skopeo",
                "--policy",
                policy.toString(),
                "--registries-conf",
                registriesConf.toString(),
                "--tmpdir",
                shared.toString()));
        command.addAll(List.of(args));
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
                    + " s\nstderr:\n" + Files.readString(stderr));
        }
        return new Result(command, process.exitValue(), Files.readAllBytes(stdout), Files.readString(stderr));
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
