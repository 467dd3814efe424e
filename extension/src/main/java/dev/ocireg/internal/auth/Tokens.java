package dev.ocireg.internal.auth;

import dev.ocireg.auth.Principal;
import dev.ocireg.internal.content.ContentJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Issues and verifies the registry's JSON Web Tokens ({@code jwt.md}): ES256 with a P-256 key generated when the
 * registry is built, a {@code kid} in the libtrust fingerprint format distribution uses and an {@code x5c} with a
 * self-signed certificate for the key. Access tokens carry an {@code access} claim; refresh tokens (for {@code
 * offline_token} and the OAuth2 form) carry {@code "ocireg_refresh":true} and no access, and are never accepted by the
 * registry itself.
 */
public final class Tokens {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String REFRESH = "ocireg_refresh";

    /** The token's verified content. */
    public record Verified(Principal subject, List<Scope> access, Instant expires) {}

    private final String issuer;
    private final String service;
    private final Duration lifetime;
    private final Clock clock;
    private final KeyPair keys;
    private final String kid;
    private final X509Certificate certificate;
    private final String encodedHeader;

    public Tokens(String issuer, String service, Duration lifetime, Clock clock) {
        this.issuer = issuer;
        this.service = service;
        this.lifetime = lifetime;
        this.clock = clock;
        this.keys = TlsMaterial.ecKeyPair();
        this.kid = libtrustKeyId(keys.getPublic().getEncoded());
        this.certificate = TlsMaterial.selfSignedCertificate(
                keys, "ocireg token signer", List.of(), List.of(), Duration.ofDays(3650));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "ES256");
        header.put("kid", kid);
        try {
            header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.encodedHeader = B64URL.encodeToString(ContentJson.write(header));
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The certificate of the signing key (the {@code x5c} of every token). */
    public X509Certificate certificate() {
        return certificate;
    }

    public String keyId() {
        return kid;
    }

    public Instant now() {
        return clock.instant();
    }

    /** A signed access token for {@code subject} with these scopes, issued {@code now}. */
    public String issue(Principal subject, List<Scope> access, Instant now) {
        Map<String, Object> claims = baseClaims(subject, now);
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Scope scope : access) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", scope.type());
            entry.put("name", scope.name());
            entry.put("actions", actionsInOrder(scope));
            entries.add(entry);
        }
        claims.put("access", entries);
        return sign(claims);
    }

    /** A refresh token for {@code subject}: no expiry, no access, only good at the token endpoint. */
    public String issueRefresh(Principal subject, Instant now) {
        Map<String, Object> claims = baseClaims(subject, now);
        claims.put(REFRESH, true);
        return sign(claims);
    }

    /** Verifies an access token presented to the registry. */
    public Verified verify(String token) throws TokenException {
        JsonNode claims = verifySignatureAndAudience(token);
        if (claims.path(REFRESH).asBoolean(false)) {
            throw new TokenException("this is a refresh token; trade it for an access token at the token endpoint");
        }
        Instant now = clock.instant();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong()) {
            throw new TokenException("the token has no exp (expiry) claim");
        }
        // Claims are whole seconds and iat/exp are truncated, so a token is honoured through the second after exp:
        // it never lives shorter than its lifetime (and at most one second longer).
        Instant expires = Instant.ofEpochSecond(exp.asLong()).plusSeconds(1);
        if (!now.isBefore(expires)) {
            throw new TokenException("the token expired at " + expires + "; get a new one");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.canConvertToLong() && now.plusSeconds(1).isBefore(Instant.ofEpochSecond(nbf.asLong()))) {
            throw new TokenException("the token is not valid before " + Instant.ofEpochSecond(nbf.asLong()));
        }
        List<Scope> access = new ArrayList<>();
        for (JsonNode entry : claims.path("access")) {
            List<String> actions = new ArrayList<>();
            for (JsonNode a : entry.path("actions")) {
                actions.add(a.asString(""));
            }
            String type = entry.path("type").asString("");
            String name = entry.path("name").asString("");
            if (!type.isEmpty() && !name.isEmpty()) {
                access.add(new Scope(type, name, new java.util.LinkedHashSet<>(actions)));
            }
        }
        return new Verified(subject(claims), access, expires);
    }

    /** Verifies a refresh token presented to the token endpoint; returns its subject. */
    public Principal verifyRefresh(String token) throws TokenException {
        JsonNode claims = verifySignatureAndAudience(token);
        if (!claims.path(REFRESH).asBoolean(false)) {
            throw new TokenException("this is not a refresh token");
        }
        return subject(claims);
    }

    private static Principal subject(JsonNode claims) {
        return new Principal(claims.path("sub").asString(""));
    }

    private Map<String, Object> baseClaims(Principal subject, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject.name());
        claims.put("aud", service);
        claims.put("nbf", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private static List<String> actionsInOrder(Scope scope) {
        String text = scope.toString();
        String list = text.substring(text.lastIndexOf(':') + 1);
        return list.isEmpty() ? List.of() : List.of(list.split(","));
    }

    private String sign(Map<String, Object> claims) {
        String signingInput = encodedHeader + "." + B64URL.encodeToString(ContentJson.write(claims));
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }

    private JsonNode verifySignatureAndAudience(String token) throws TokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new TokenException("the token is malformed: a JWT is three base64url parts separated by dots");
        }
        JsonNode header = decodeJson(parts[0], "header");
        String alg = header.path("alg").asString("");
        if (!alg.equals("ES256")) {
            throw new TokenException(
                    "the token's algorithm '" + alg + "' is not accepted; this registry signs with ES256");
        }
        String tokenKid = header.path("kid").asString(null);
        if (tokenKid != null && !tokenKid.equals(kid)) {
            throw new TokenException("the token was signed by another key (kid " + tokenKid + "), not this registry's");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TokenException("the token's signature is not base64url");
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(keys.getPublic());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new TokenException(
                    "the token's signature is invalid: it was altered, or not issued by this registry");
        }
        JsonNode claims = decodeJson(parts[1], "claims");
        if (!issuer.equals(claims.path("iss").asString(""))) {
            throw new TokenException("the token's issuer is not '" + issuer + "'");
        }
        JsonNode aud = claims.path("aud");
        boolean audience = aud.isArray() ? contains(aud, service) : service.equals(aud.asString(""));
        if (!audience) {
            throw new TokenException("the token is for service '"
                    + (aud.isMissingNode() ? "" : new String(ContentJson.write(aud), StandardCharsets.UTF_8))
                    + "', not this registry's service '" + service + "'");
        }
        return claims;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode decodeJson(String part, String what) throws TokenException {
        try {
            JsonNode node = ContentJson.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new TokenException("the token's " + what + " is not a JSON object");
            }
            return node;
        } catch (RuntimeException e) {
            throw new TokenException("the token's " + what + " is not base64url-encoded JSON");
        }
    }

    /**
     * The key id distribution (libtrust) gives a key: SHA-256 of the DER public key, first 240 bits, base32, in twelve
     * groups of four separated by colons.
     */
    static String libtrustKeyId(byte[] publicKeyDer) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(publicKeyDer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder base32 = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 30; i++) {
            buffer = (buffer << 8) | (hash[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                base32.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        StringBuilder kid = new StringBuilder();
        for (int i = 0; i < base32.length(); i += 4) {
            if (i > 0) {
                kid.append(':');
            }
            kid.append(base32, i, i + 4);
        }
        return kid.toString();
    }
}
