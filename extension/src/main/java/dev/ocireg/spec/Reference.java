package dev.ocireg.spec;

import java.util.regex.Pattern;

/**
 * The {@code <reference>} of a manifest URL: a tag or a digest.
 *
 * <pre>{@code
 * Reference r = Reference.parse("v1.0");           // a tag
 * Reference d = Reference.parse("sha256:…");       // a digest
 * }</pre>
 */
public sealed interface Reference permits Reference.Tag, Reference.ByDigest {

    /** The spec's tag pattern: at most 128 characters. */
    Pattern TAG_PATTERN = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    /** Parses a tag or a digest; a digest is recognised by its colon. */
    static Reference parse(String text) {
        if (text != null && text.indexOf(':') >= 0) {
            return new ByDigest(Digest.parse(text));
        }
        return new Tag(text);
    }

    /** A tag such as {@code latest}. */
    record Tag(String name) implements Reference {
        public Tag {
            if (name == null || !TAG_PATTERN.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + (name == null ? "" : Digest.abbreviate(name))
                        + "' is not a valid tag: it must match " + TAG_PATTERN.pattern());
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A digest reference. */
    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }
}
