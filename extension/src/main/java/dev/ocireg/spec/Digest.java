package dev.ocireg.spec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:6c3c…}: an algorithm and its lower-case hex encoding.
 *
 * <p>Only the two registered algorithms of the image spec are accepted: {@code sha256} (64 hex characters) and
 * {@code sha512} (128 hex characters). Anything else is rejected by {@link #parse(String)}, so a {@code Digest}
 * can always be used safely as part of a file name.
 *
 * <pre>{@code
 * Digest d = Digest.parse("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
 * Digest same = Digest.sha256("hello".getBytes(UTF_8));
 * }</pre>
 */
public record Digest(String algorithm, String encoded) {

    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encoded, "encoded");
        int length = hexLength(algorithm);
        if (length < 0) {
            throw new IllegalArgumentException(
                    "unsupported digest algorithm '" + algorithm + "' (supported: sha256, sha512)");
        }
        if (encoded.length() != length || !isLowerHex(encoded)) {
            throw new IllegalArgumentException(
                    "a " + algorithm + " digest must be " + length + " lower-case hex characters");
        }
    }

    /**
     * Parses {@code algorithm:encoded}.
     *
     * @throws IllegalArgumentException with a message fit for a client when the text is not a supported digest
     */
    public static Digest parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("digest is empty");
        }
        if (text.length() > 200 || !GRAMMAR.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a digest of the form algorithm:hex");
        }
        int colon = text.indexOf(':');
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** True when {@code text} has the digest grammar (it may still name an unsupported algorithm). */
    public static boolean looksLikeDigest(String text) {
        return text != null
                && text.indexOf(':') > 0
                && text.length() <= 200
                && GRAMMAR.matcher(text).matches();
    }

    /** The digest of {@code content} with {@code sha256}. */
    public static Digest sha256(byte[] content) {
        return of("sha256", content);
    }

    /** The digest of {@code content} with the given algorithm ({@code sha256} or {@code sha512}). */
    public static Digest of(String algorithm, byte[] content) {
        MessageDigest md = newMessageDigest(algorithm);
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest(content)));
    }

    /** A fresh {@link MessageDigest} for a supported algorithm. */
    public static MessageDigest newMessageDigest(String algorithm) {
        try {
            return switch (algorithm) {
                case "sha256" -> MessageDigest.getInstance("SHA-256");
                case "sha512" -> MessageDigest.getInstance("SHA-512");
                default -> throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "'");
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True for {@code sha256} and {@code sha512}. */
    public static boolean isSupportedAlgorithm(String algorithm) {
        return hexLength(algorithm) > 0;
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** The digest of what {@code md} has consumed, in this format. */
    public static Digest from(String algorithm, MessageDigest md) {
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
    }

    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }

    private static int hexLength(String algorithm) {
        return switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> -1;
        };
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
