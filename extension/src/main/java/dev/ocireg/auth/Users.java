package dev.ocireg.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.mindrot.jbcrypt.BCrypt;

/**
 * A table of users with plain passwords or bcrypt hashes: the built-in {@link Authenticator} for {@code
 * Authorization: Basic} (RFC 7617).
 *
 * <pre>{@code
 * Users users = Users.of("alice:secret", "bob:$2y$10$…");   // htpasswd -B hashes work as they are
 * }</pre>
 *
 * <p>A password of the form {@code $2a$NN$…}, {@code $2b$NN$…} or {@code $2y$NN$…} (60 characters) is a bcrypt hash;
 * anything else is compared as plain text (in constant time). A password may contain {@code :}: in {@code
 * name:password} strings and in Basic credentials the user name ends at the first colon. A bcrypt check costs tens of
 * milliseconds, so credentials once verified are remembered (as a SHA-256 of the header) for the registry's life.
 *
 * <p>No header, or Basic credentials with an empty user name and password (what Go clients such as skopeo send
 * when they have none): {@link Principal#ANONYMOUS}. A header that is not {@code Basic}, not base64, not UTF-8, without a
 * colon, or with a wrong user or password: {@link AuthenticationException} saying which (but never whether it was the
 * user or the password that was wrong).
 */
public final class Users implements Authenticator {
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}$");

    private final Map<String, String> passwords;
    private final List<String> order;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    private Users(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
        this.order = List.copyOf(passwords.keySet()); // the builder's LinkedHashMap: in the order given
    }

    /**
     * Users from {@code name:password} strings (the password may be a bcrypt hash and may contain colons).
     *
     * @throws IllegalArgumentException for a string without a colon, an empty name, or a repeated name
     */
    public static Users of(String... users) {
        Builder builder = builder();
        for (String entry : users) {
            Objects.requireNonNull(entry, "user");
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw badEntry(entry);
            }
            builder.user(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return builder.build();
    }

    /** An empty table. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code password} is a bcrypt hash this table verifies as one. */
    public static boolean isBcryptHash(String password) {
        return BCRYPT.matcher(password).matches();
    }

    /** The user names, in the order given. */
    public List<String> names() {
        return order;
    }

    /** The users given with a plain password (not a hash), in the order given: what a test can log in with. */
    public List<Credentials> plainCredentials() {
        List<Credentials> plain = new ArrayList<>();
        for (String name : order) {
            String password = passwords.get(name);
            if (!isBcryptHash(password)) {
                plain.add(new Credentials(name, password));
            }
        }
        return plain;
    }

    /** Whether {@code password} is the password of {@code name}. */
    public boolean verify(String name, String password) {
        String stored = passwords.get(name);
        if (stored == null) {
            return false;
        }
        if (isBcryptHash(stored)) {
            // jBCrypt knows the $2a$ prefix; $2b$ and $2y$ hash the same way for the passwords it accepts.
            String hash = "$2a$" + stored.substring(4);
            String computed = BCrypt.hashpw(password, hash);
            return MessageDigest.isEqual(
                    computed.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
        }
        return MessageDigest.isEqual(
                password.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Principal.ANONYMOUS;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("basic")) {
            throw new AuthenticationException("the Authorization scheme "
                    + AuthenticationException.describeScheme(scheme) + " is not accepted here; send Basic credentials");
        }
        String encoded = space < 0 ? "" : value.substring(space + 1).trim();
        if (encoded.isEmpty()) {
            throw new AuthenticationException("the Basic credentials are empty; send base64(user:password)");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("the Basic credentials are not base64; send base64(user:password)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AuthenticationException("the Basic credentials are not UTF-8 text");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new AuthenticationException("the Basic credentials have no colon; send base64(user:password)");
        }
        String name = text.substring(0, colon);
        String password = text.substring(colon + 1);
        if (name.isEmpty() && password.isEmpty()) {
            return Principal.ANONYMOUS; // what Go clients (skopeo, podman) send when they have no credentials
        }
        if (name.isEmpty()) {
            throw new AuthenticationException("the Basic credentials have an empty user name");
        }
        String key = fingerprint(value);
        if (verified.contains(key)) {
            return Principal.of(name);
        }
        if (!verify(name, password)) {
            throw new AuthenticationException("wrong user name or password");
        }
        verified.add(key);
        return Principal.of(name);
    }

    @Override
    public String toString() {
        return "Users" + order;
    }

    private static String fingerprint(String header) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects users. */
    public static final class Builder {
        private final Map<String, String> passwords = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a user with a plain password or a bcrypt hash.
         *
         * @throws IllegalArgumentException for an empty name, a name with a colon, or a repeated name
         */
        public Builder user(String name, String password) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
            if (name.isEmpty() || name.contains(":")) {
                throw new IllegalArgumentException("a user name must be non-empty and without ':', not '" + name + "'");
            }
            if (isBcryptHash(password)) {
                int cost = Integer.parseInt(password.substring(4, 6));
                if (cost < 4 || cost > 30) {
                    throw new IllegalArgumentException(
                            "the bcrypt hash of user " + name + " has cost " + cost + "; bcrypt takes 04 to 30");
                }
            }
            if (password.startsWith("$2x$")) {
                throw new IllegalArgumentException(
                        "bcrypt hashes of the $2x$ kind are not supported (user " + name + ")");
            }
            if (passwords.putIfAbsent(name, password) != null) {
                throw new IllegalArgumentException("the user " + name + " is given twice");
            }
            return this;
        }

        public Users build() {
            return new Users(passwords);
        }
    }

    /**
     * The error for a user entry without a name: it never repeats the entry, which may hold a password, only its
     * length.
     */
    public static IllegalArgumentException badEntry(String entry) {
        return new IllegalArgumentException("a user must look like name:password (a name, a colon, a password); got "
                + entry.length() + " characters " + (entry.indexOf(':') < 0 ? "without a colon" : "with no name"));
    }
}
