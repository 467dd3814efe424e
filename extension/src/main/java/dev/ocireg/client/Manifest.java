package dev.ocireg.client;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest as pulled from a registry: its digest (checked against the bytes), its media type and its exact bytes.
 *
 * <pre>{@code
 * Manifest m = client.pullManifest("app", "1.0");
 * m.digest();      // sha256:…, verified against the body
 * m.mediaType();   // application/vnd.oci.image.manifest.v1+json
 * m.text();        // the JSON, exactly as stored
 * }</pre>
 *
 * <p>The content is copied in and out, so a {@code Manifest} is immutable; equality compares the bytes.
 *
 * @param digest the digest of {@code content}
 * @param mediaType the media type the registry served it with (its {@code Content-Type})
 * @param content the exact bytes
 */
public record Manifest(Digest digest, String mediaType, byte[] content) {

    /** Copies {@code content}. */
    public Manifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        content = Objects.requireNonNull(content, "content").clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The bytes as UTF-8 text. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The number of bytes. */
    public long size() {
        return content.length;
    }

    /** A descriptor of this manifest (media type, digest, size), as an index or a layout's {@code index.json} lists it. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, content.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m
                && digest.equals(m.digest)
                && mediaType.equals(m.mediaType)
                && Arrays.equals(content, m.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digest, mediaType, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest + ", " + content.length + " bytes]";
    }
}
