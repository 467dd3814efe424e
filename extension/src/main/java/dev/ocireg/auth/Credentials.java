package dev.ocireg.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A user name and a plain password, as a test sends them. {@link #toString()} hides the password. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Credentials written {@code name:password}, as {@code --user} and {@code @OciRegistry(users = …)} take them: the
     * name runs to the first colon, the password (which may hold colons, or be a bcrypt hash) is the rest.
     *
     * @throws IllegalArgumentException without a colon or a name (the message never repeats the entry)
     */
    public static Credentials parse(String nameColonPassword) {
        int colon = nameColonPassword.indexOf(':');
        if (colon <= 0) {
            throw Users.badEntry(nameColonPassword);
        }
        return new Credentials(nameColonPassword.substring(0, colon), nameColonPassword.substring(colon + 1));
    }

    /** The value of an {@code Authorization: Basic …} header for these credentials. */
    public String basicHeader() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", password hidden]";
    }
}
