package dev.ocireg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.internal.net.ContainerNetwork;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Addresses for containers and the Docker daemon, without Docker: containerHost, host, certificates, certs.d. */
class ContainerHostTest {

    @Test
    void aGivenContainerHostIsUsedAndTheGeneratedCertificateCoversIt() throws Exception {
        try (RegistryServer registry = RegistryServer.builder()
                .bindAddress("0.0.0.0")
                .containerHost("host.containers.internal")
                .tls(true)
                .build()
                .start()) {
            assertThat(registry.containerHost()).isEqualTo("host.containers.internal:" + registry.port());
            assertThat(dnsNames(registry.certificate()))
                    .contains("localhost", "host.containers.internal", ContainerNetwork.HOST_DOCKER_INTERNAL);
            Optional<String> gateway = ContainerNetwork.bridgeGateway();
            if (gateway.isPresent()) {
                assertThat(ipAddresses(registry.certificate())).contains(gateway.get());
            }
        }
    }

    @Test
    void aLoopbackRegistryGetsALoopbackCertificate() throws Exception {
        try (RegistryServer registry =
                RegistryServer.builder().tls(true).build().start()) {
            assertThat(dnsNames(registry.certificate())).containsExactly("localhost");
            assertThat(ipAddresses(registry.certificate())).containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1");
        }
    }

    @Test
    void containerHostFollowsTheBridgeOrDockerDesktop() {
        try (RegistryServer wildcard =
                        RegistryServer.builder().bindAddress("0.0.0.0").build().start();
                RegistryServer loopback = RegistryServer.builder().build().start()) {
            Optional<String> gateway = ContainerNetwork.bridgeGateway();
            if (gateway.isPresent()) {
                assertThat(wildcard.containerHost()).isEqualTo(gateway.get() + ":" + wildcard.port());
                assertThatThrownBy(loopback::containerHost)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("listens on 127.0.0.1 only")
                        .hasMessageContaining("bindAddress(\"0.0.0.0\")");
            } else {
                assertThat(wildcard.containerHost()).isEqualTo("host.docker.internal:" + wildcard.port());
                assertThat(loopback.containerHost()).isEqualTo("host.docker.internal:" + loopback.port());
            }
            assertThat(wildcard.host()).isEqualTo("localhost:" + wildcard.port());
        }
        assertThatThrownBy(() -> RegistryServer.builder().build().containerHost())
                .hasMessageContaining("not started");
        assertThatThrownBy(() -> RegistryServer.builder().containerHost("a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundToOneAddressHostNamesThatAddress() throws Exception {
        String address = nonLoopbackAddress();
        try (RegistryServer registry =
                RegistryServer.builder().bindAddress(address).build().start()) {
            assertThat(registry.host()).isEqualTo(address + ":" + registry.port());
            assertThat(registry.url()).isEqualTo(URI.create("http://" + address + ":" + registry.port()));
            HttpResponse<String> base = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(base.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void writesDockerCertsDirAndRemovesItOnClose(@TempDir Path certsD) throws Exception {
        Path keep = Files.createDirectories(certsD.resolve("other:5000"));
        List<Path> written;
        try (RegistryServer registry = RegistryServer.builder()
                .bindAddress("0.0.0.0")
                .containerHost("192.0.2.7")
                .tls(true)
                .build()
                .start()) {
            written = registry.writeDockerCertsDir(certsD);

            assertThat(written)
                    .containsExactly(
                            certsD.resolve("localhost:" + registry.port()),
                            certsD.resolve("192.0.2.7:" + registry.port()));
            for (Path dir : written) {
                assertThat(dir.resolve("ca.crt")).hasSameTextualContentAs(registry.certificateFile());
            }
            assertThat(ipAddresses(registry.certificate())).contains("192.0.2.7");
        }
        assertThat(written).allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(keep).isDirectory();
    }

    @Test
    void writeDockerCertsDirNeedsTls(@TempDir Path certsD) {
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            assertThatThrownBy(() -> registry.writeDockerCertsDir(certsD))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tls(true)");
        }
    }

    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        Assumptions.abort("this machine has no IPv4 address beyond loopback");
        return null;
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        return subjectAlternativeNames(certificate, 2);
    }

    private static List<String> ipAddresses(X509Certificate certificate) throws Exception {
        return subjectAlternativeNames(certificate, 7);
    }

    private static List<String> subjectAlternativeNames(X509Certificate certificate, int type) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .filter(name -> (Integer) name.get(0) == type)
                .map(name -> (String) name.get(1))
                .toList();
    }
}
