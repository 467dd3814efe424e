package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Oci;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS: a generated self-signed certificate that JDK clients trust through {@link RegistryServer#sslContext()} and
 * CLI clients through {@link RegistryServer#certificateFile()}; HTTP and HTTPS at once; a supplied key store or PEM
 * files.
 */
class TlsTest {

    @TempDir
    Path tmp;

    private static HttpResponse<String> get(SSLContext ssl, URI uri) throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder();
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGeneratedCertificateForLocalhostTrustedThroughTheSslContextAndAPemFile() throws Exception {
        Path pem;
        try (RegistryServer registry =
                RegistryServer.builder().tls(true).build().start()) {
            assertThat(registry.url().toString()).startsWith("https://127.0.0.1:");
            assertThat(registry.isTls()).isTrue();
            HttpResponse<String> r = get(registry.sslContext(), URI.create(registry.url() + "/v2/"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession()).isPresent();
            assertThat(r.sslSession().get().getPeerCertificates()[0]).isEqualTo(registry.certificate());
            // by the name image references use, too
            assertThat(get(registry.sslContext(), URI.create("https://" + registry.host() + "/v2/"))
                            .statusCode())
                    .isEqualTo(200);

            X509Certificate cert = registry.certificate();
            cert.checkValidity();
            cert.verify(cert.getPublicKey()); // self-signed
            List<String> names = new ArrayList<>();
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                names.add(String.valueOf(san.get(1)));
            }
            assertThat(names).contains("localhost", "127.0.0.1");
            assertThat(names.stream().anyMatch(n -> n.equals("0:0:0:0:0:0:0:1") || n.equals("::1")))
                    .isTrue();
            assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");

            pem = registry.certificateFile();
            assertThat(pem.getFileName()).hasToString("ca.crt");
            assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----\n");
            Certificate fromFile =
                    CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(pem));
            assertThat(fromFile).isEqualTo(cert);

            // a client that does not trust it fails the handshake
            assertThatThrownBy(() -> get(null, URI.create(registry.url() + "/v2/")))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(registry::httpUrl).isInstanceOf(IllegalStateException.class);
        }
        assertThat(pem).doesNotExist();
        assertThat(pem.getParent()).doesNotExist();
    }

    @Test
    void theContractTestHelperWorksOverHttpsToo() {
        try (RegistryServer registry =
                RegistryServer.builder().tls(true).build().start()) {
            Http http = new Http(registry);
            Http.Image image = http.pushImage("tls/app", "1", "tls");
            assertStatus(http.get("/v2/tls/app/manifests/" + image.digest(), "Accept", Oci.OCI_MANIFEST), 200);
        }
    }

    @Test
    void httpAndHttpsAtOnce() throws Exception {
        try (RegistryServer registry =
                RegistryServer.builder().tls(true).httpPort(0).build().start()) {
            URI https = registry.url();
            URI http = registry.httpUrl();
            assertThat(https.getScheme()).isEqualTo("https");
            assertThat(http.getScheme()).isEqualTo("http");
            assertThat(http.getPort()).isNotEqualTo(https.getPort());
            assertThat(get(registry.sslContext(), URI.create(https + "/v2/")).statusCode())
                    .isEqualTo(200);
            assertThat(get(null, URI.create(http + "/v2/")).statusCode()).isEqualTo(200);
        }
        try (RegistryServer plain = RegistryServer.builder().build().start()) {
            assertThat(plain.httpUrl()).isEqualTo(plain.url());
            assertThatThrownBy(plain::sslContext).hasMessageContaining("tls(true)");
        }
    }

    @Test
    void aSuppliedKeyStoreOrPemFiles() throws Exception {
        // a certificate made elsewhere: here by another registry, then saved as PKCS12 and as PEM files
        X509Certificate cert;
        KeyStore store;
        char[] password = "changeit".toCharArray();
        try (RegistryServer maker = RegistryServer.builder().tls(true).build()) {
            cert = maker.certificate();
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
        }
        KeyPair pair = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
        X509Certificate own = dev.ocireg.internal.auth.TlsMaterial.selfSignedCertificate(
                pair, "supplied", List.of("localhost"), List.of("127.0.0.1"), java.time.Duration.ofDays(1));
        store.setKeyEntry("server", pair.getPrivate(), password, new Certificate[] {own});
        Path p12 = tmp.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, password);
        }
        try (RegistryServer registry =
                RegistryServer.builder().tlsKeyStore(p12, "changeit").build().start()) {
            assertThat(registry.certificate()).isEqualTo(own).isNotEqualTo(cert);
            HttpResponse<String> r = get(registry.sslContext(), URI.create(registry.url() + "/v2/"));
            assertThat(r.sslSession().get().getPeerCertificates()[0]).isEqualTo(own);
        }

        Path certPem = Files.writeString(
                tmp.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(own.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        Path keyPem = Files.writeString(
                tmp.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        try (RegistryServer registry =
                RegistryServer.builder().tlsPem(certPem, keyPem).build().start()) {
            assertThat(get(registry.sslContext(), URI.create(registry.url() + "/v2/"))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(
                                    Files.readString(registry.certificateFile()).getBytes(StandardCharsets.US_ASCII))))
                    .isEqualTo(own);
        }
        Path sec1 = Files.writeString(
                tmp.resolve("ec.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> RegistryServer.builder().tlsPem(certPem, sec1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
