package dev.ocireg.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.internal.net.ContainerNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker daemon trusting the registry's generated certificate through {@code /etc/docker/certs.d/HOST:PORT/ca.crt},
 * written by {@link RegistryServer#writeDockerCertsDir(Path)}. The registry is addressed by the bridge gateway
 * ({@code 172.17.0.1:PORT}): the daemon checks certificates of every registry but loopback ones, so without the
 * directory the login fails and with it login, push, pull and run work. Skipped, with the reason, where there is no
 * daemon, no {@code docker0} bridge on this machine, or {@code /etc/docker/certs.d} is not writable.
 */
@RequiresDocker
class DockerTlsInteropTest {
    /** Where the Docker daemon on Linux, running as root, looks for registry certificates. */
    private static final Path CERTS_D = Path.of("/etc/docker/certs.d");

    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    @TempDir
    Path temp;

    @Test
    void theDaemonTrustsTheCertificateFromCertsD() throws Exception {
        Assumptions.assumeTrue(
                ContainerNetwork.bridgeGateway().isPresent(),
                "no docker0 bridge on this machine: the daemon runs elsewhere and cannot reach this registry by the"
                        + " gateway address");
        Assumptions.assumeTrue(
                writable(CERTS_D), CERTS_D + " is not writable here (the daemon reads registry certificates from it)");
        List<Path> written;
        try (DockerCli docker = new DockerCli(temp);
                RegistryServer registry = RegistryServer.builder()
                        .bindAddress("0.0.0.0")
                        .tls(true)
                        .user("writer", "secret")
                        .build()
                        .start()) {
            String host = registry.containerHost();
            assertThat(host).startsWith(ContainerNetwork.bridgeGateway().orElseThrow() + ":");
            String image = host + "/secure/app:1";

            DockerCli.Result untrusted =
                    docker.runWithInput("secret", "login", "-u", "writer", "--password-stdin", host);
            assertThat(untrusted.exitCode()).as("%s", untrusted).isNotZero();
            assertThat(untrusted.output()).contains("x509");

            written = registry.writeDockerCertsDir(CERTS_D);

            assertThat(written).containsExactly(CERTS_D.resolve(registry.host()), CERTS_D.resolve(host));
            for (Path dir : written) {
                assertThat(dir.resolve("ca.crt")).hasSameTextualContentAs(registry.certificateFile());
            }
            DockerCli.Result login = docker.runWithInput("secret", "login", "-u", "writer", "--password-stdin", host);
            assertThat(login.exitCode()).as("%s", login).isZero();

            docker.tag(
                    docker.importBusybox("ocireg-test/tls:" + registry.port(), Map.of("/hello.txt", "over TLS\n")),
                    image);
            Matcher pushed = PUSHED_DIGEST.matcher(docker.docker("push", image));
            assertThat(pushed.find()).isTrue();
            RegistryAssertions.assertThat(registry)
                    .repository("secure/app")
                    .tag("1")
                    .pointsTo(pushed.group(1));

            docker.docker("rmi", image);
            String byDigest = docker.removeLater(host + "/secure/app@" + pushed.group(1));
            docker.docker("pull", byDigest);
            assertThat(docker.docker("run", "--rm", byDigest, "cat", "/hello.txt"))
                    .isEqualTo("over TLS\n");
            docker.docker("logout", host);
        }
        assertThat(written)
                .as("removed when the registry closed")
                .allSatisfy(dir -> assertThat(dir).doesNotExist());
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException e) {
            return false;
        }
    }
}
