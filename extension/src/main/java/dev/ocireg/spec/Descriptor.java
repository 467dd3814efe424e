package dev.ocireg.spec;

import java.util.Map;
import java.util.Objects;

/**
 * A content descriptor as the image spec defines it: media type, digest, size, and for referrers the optional
 * artifact type and annotations.
 */
public record Descriptor(
        String mediaType, Digest digest, long size, String artifactType, Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A descriptor with no artifact type and no annotations. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, Map.of());
    }
}
