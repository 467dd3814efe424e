package dev.ocireg.internal.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A private key and its certificate chain: generated (a self-signed ECDSA P-256 certificate, built with the JDK's
 * crypto and a small DER encoder), or read from a key store or PEM files.
 */
public final class TlsMaterial {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private TlsMaterial(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain is needed with the private key");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** A fresh key pair and a self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
    public static TlsMaterial selfSigned(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        KeyPair pair = ecKeyPair();
        X509Certificate cert = selfSignedCertificate(pair, commonName, dnsNames, ipAddresses, Duration.ofDays(3650));
        return new TlsMaterial(pair.getPrivate(), List.of(cert));
    }

    /**
     * For a generated certificate: {@code localhost}, {@code 127.0.0.1}, {@code ::1} and every other name or address
     * given (the bind address unless it is a wildcard, the names containers use to reach this machine).
     */
    public static TlsMaterial forHosts(List<String> hosts) {
        List<String> dns = new ArrayList<>(List.of("localhost"));
        List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
        for (String host : hosts) {
            if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
                continue;
            }
            List<String> list = host.matches("[0-9.]+") || host.contains(":") ? ips : dns;
            if (!list.contains(host)) {
                list.add(host);
            }
        }
        return selfSigned("ocireg test registry", dns, ips);
    }

    /** The first key entry of a key store (PKCS12 or JKS). */
    public static TlsMaterial fromKeyStore(KeyStore store, char[] password) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    Certificate[] certs = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && certs != null) {
                        List<X509Certificate> chain = new ArrayList<>();
                        for (Certificate c : certs) {
                            chain.add((X509Certificate) c);
                        }
                        return new TlsMaterial(privateKey, chain);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS key store: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the TLS key store has no private key with a certificate chain");
    }

    /** A key store file (PKCS12 or JKS, by content). */
    public static TlsMaterial fromKeyStoreFile(Path file, char[] password) {
        try {
            return fromKeyStore(KeyStore.getInstance(file.toFile(), password), password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A PEM certificate chain (leaf first) and a PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}, RSA or EC). */
    public static TlsMaterial fromPem(Path certificates, Path privateKey) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(Files.readString(certificates, StandardCharsets.US_ASCII))) {
                if (block.type.equals("CERTIFICATE")) {
                    chain.add(
                            (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(block.der)));
                }
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no BEGIN CERTIFICATE block in " + certificates);
            }
            PrivateKey key = null;
            for (Block block : blocks(Files.readString(privateKey, StandardCharsets.US_ASCII))) {
                if (block.type.equals("PRIVATE KEY")) {
                    key = pkcs8(block.der, chain.get(0).getPublicKey().getAlgorithm());
                } else if (block.type.endsWith("PRIVATE KEY")) {
                    throw new IllegalArgumentException("the key in " + privateKey + " is a '" + block.type
                            + "'; convert it to PKCS#8 (BEGIN PRIVATE KEY) with: openssl pkcs8 -topk8 -nocrypt");
                }
            }
            if (key == null) {
                throw new IllegalArgumentException("no BEGIN PRIVATE KEY block in " + privateKey);
            }
            return new TlsMaterial(key, chain);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + certificates + " or " + privateKey + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        }
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** The chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** A PKCS12 key store holding the key and chain under {@code alias}. */
    public KeyStore keyStore(String alias, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a key store: " + e.getMessage(), e);
        }
    }

    /** An SSL context whose only trust anchors are the certificates of this chain. */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < chain.size(); i++) {
                trust.setCertificateEntry("ocireg-" + i, chain.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SSL context: " + e.getMessage(), e);
        }
    }

    /** An HTTPS connector (HTTP/1.1 over TLS) serving this key and chain. */
    public ServerConnector connector(Server jetty, HttpConfiguration http) {
        char[] password = java.util.UUID.randomUUID().toString().toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore("ocireg", password));
        ssl.setKeyStorePassword(new String(password));
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach a test registry by any name
        https.addCustomizer(secure);
        HttpConnectionFactory factory = new HttpConnectionFactory(https);
        factory.setInputBufferSize(64 * 1024);
        return new ServerConnector(jetty, 0, 1, new SslConnectionFactory(ssl, "http/1.1"), factory);
    }

    /** Writes the chain as PEM to {@code ca.crt} in a new temporary directory; returns the file. */
    public Path writePemFile() {
        try {
            Path dir = Files.createTempDirectory("ocireg-tls-");
            return Files.writeString(dir.resolve("ca.crt"), certificatesPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS certificate file: " + e.getMessage(), e);
        }
    }

    /** Deletes a file written by {@link #writePemFile()} and its directory when empty (null: nothing to do). */
    public static void deletePemFile(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.getParent());
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    /** The chain as PEM. */
    public String certificatesPem() {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate cert : chain) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(lines.encodeToString(cert.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }

    // ------------------------------------------------------------------ generation

    /** A fresh ECDSA P-256 key pair. */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed X.509 v3 certificate (SHA256withECDSA) with subject alternative names, usable as a server
     * certificate and as its own trust anchor.
     */
    public static X509Certificate selfSignedCertificate(
            KeyPair pair, String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        try {
            byte[] signatureAlgorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
            Instant now = Instant.now();
            List<byte[]> altNames = new ArrayList<>();
            for (String dns : dnsNames) {
                altNames.add(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            for (String ip : ipAddresses) {
                altNames.add(Der.tlv(0x87, InetAddress.getByName(ip).getAddress()));
            }
            byte[] extensions = Der.explicit(
                    3,
                    Der.sequence(
                            extension("2.5.29.19", true, Der.sequence(Der.bool(true))), // basicConstraints CA
                            // keyUsage digitalSignature(0) + keyCertSign(5): bits 1000 0100, 2 unused
                            extension("2.5.29.15", true, Der.tlv(0x03, new byte[] {0x02, (byte) 0x84})),
                            extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))), // serverAuth
                            extension("2.5.29.17", false, Der.sequence(altNames.toArray(new byte[0][])))));
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.valueOf(2))), // v3
                    Der.integer(new BigInteger(64, new SecureRandom()).setBit(62)),
                    signatureAlgorithm,
                    name,
                    Der.sequence(Der.time(now.minus(Duration.ofDays(1))), Der.time(now.plus(validity))),
                    name,
                    pair.getPublic().getEncoded(), // SubjectPublicKeyInfo
                    extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bits(signer.sign()));
            X509Certificate cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
            cert.verify(pair.getPublic());
            return cert;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octets(value))
                : Der.sequence(Der.oid(oid), Der.octets(value));
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(String pem) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der, String preferred) throws GeneralSecurityException {
        List<String> algorithms = new ArrayList<>(List.of(preferred, "RSA", "EC", "Ed25519", "RSASSA-PSS"));
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
