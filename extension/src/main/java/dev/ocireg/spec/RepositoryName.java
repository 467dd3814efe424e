package dev.ocireg.spec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository name ({@code <name>} in the spec), such as {@code library/alpine} or {@code org/team/project/x}.
 *
 * <p>{@link #parse(String)} applies the spec's regular expression; {@link #parse(String, Pattern)} a configured one.
 * Whatever the pattern, every path component must also be a safe file name ({@code [A-Za-z0-9._-]}, not {@code .}
 * or {@code ..}) and the whole name at most {@value #MAX_LENGTH} characters, so a name can never reach outside a
 * storage root.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    /** The spec's {@code <name>} regular expression. */
    public static final Pattern SPEC_PATTERN =
            Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

    /** Longest accepted name. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern SAFE_COMPONENT = Pattern.compile("[A-Za-z0-9._-]+");

    public RepositoryName {
        Objects.requireNonNull(value, "value");
        String problem = safetyProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Parses a name with the spec's pattern. */
    public static RepositoryName parse(String name) {
        return parse(name, SPEC_PATTERN);
    }

    /**
     * Parses a name that must match {@code pattern} (whole-string match).
     *
     * @throws IllegalArgumentException with a client-fit message when it does not
     */
    public static RepositoryName parse(String name, Pattern pattern) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("repository name is empty");
        }
        String problem = safetyProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!pattern.matcher(name).matches()) {
            throw new IllegalArgumentException("repository name '" + name + "' does not match " + pattern.pattern());
        }
        return new RepositoryName(name);
    }

    private static String safetyProblem(String name) {
        if (name.length() > MAX_LENGTH) {
            return "repository name is " + name.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        for (String component : name.split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                return "repository name '" + Digest.abbreviate(name) + "' has an empty, '.' or '..' component";
            }
            if (!SAFE_COMPONENT.matcher(component).matches()) {
                return "repository name '" + Digest.abbreviate(name) + "' has characters outside [A-Za-z0-9._-/]";
            }
        }
        return null;
    }

    @Override
    public int compareTo(RepositoryName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
