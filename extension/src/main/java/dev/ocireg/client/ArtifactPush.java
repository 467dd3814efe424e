package dev.ocireg.client;

import dev.ocireg.spec.Digest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link RegistryClient#pushArtifact(ArtifactPush)} pushes: an artifact of {@code artifactType} into {@code
 * repository}, with its files, manifest annotations, an optional {@code subject} (for a referrer) and an optional tag.
 * Built with {@link #builder(String, String)}; only the repository and the artifact type are required.
 *
 * <pre>{@code
 * Digest sbom = client.pushArtifact(ArtifactPush.builder("app", "application/spdx+json")
 *         .subject(image)                         // a referrer of the image
 *         .file(Path.of("build/sbom.json"))      // a layer titled sbom.json
 *         .annotation("org.example.kind", "sbom")
 *         .build());                              // no tag: pushed by digest
 * }</pre>
 *
 * @param repository the repository to push into, such as {@code org/app}
 * @param artifactType the manifest's {@code artifactType}, such as {@code application/vnd.example.sbom.v1}
 * @param tag the tag to push the manifest as, or null to push it by digest only
 * @param subject the manifest this artifact refers to (it must be in the repository), or null for none
 * @param annotations the manifest's annotations (may be empty)
 * @param files the files, each one layer titled with its file name, in order (may be empty)
 */
public record ArtifactPush(
        String repository,
        String artifactType,
        String tag,
        Digest subject,
        Map<String, String> annotations,
        List<Path> files) {

    /** Checks the required parts and copies the annotations and files. */
    public ArtifactPush {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(artifactType, "artifactType");
        annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
        files = List.copyOf(Objects.requireNonNull(files, "files"));
    }

    /**
     * A builder for an artifact of {@code artifactType} in {@code repository}: no tag, subject, annotations or files
     * until they are given.
     *
     * <pre>{@code
     * ArtifactPush marker = ArtifactPush.builder("app", "application/vnd.example.marker").build();
     * }</pre>
     */
    public static Builder builder(String repository, String artifactType) {
        return new Builder(repository, artifactType);
    }

    /**
     * Collects the optional parts of an {@link ArtifactPush}; each method returns this builder.
     *
     * <pre>{@code
     * ArtifactPush.builder("app", "application/vnd.example.sig").tag("sig").subject(image).build();
     * }</pre>
     */
    public static final class Builder {
        private final String repository;
        private final String artifactType;
        private String tag;
        private Digest subject;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final List<Path> files = new ArrayList<>();

        private Builder(String repository, String artifactType) {
            this.repository = Objects.requireNonNull(repository, "repository");
            this.artifactType = Objects.requireNonNull(artifactType, "artifactType");
        }

        /** Pushes the manifest as this tag (by default it is pushed by digest only). */
        public Builder tag(String tag) {
            this.tag = Objects.requireNonNull(tag, "tag");
            return this;
        }

        /** Makes the artifact a referrer of this manifest, which must already be in the repository. */
        public Builder subject(Digest subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Adds a manifest annotation (a key given again replaces its value). */
        public Builder annotation(String key, String value) {
            annotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds these manifest annotations. */
        public Builder annotations(Map<String, String> annotations) {
            annotations.forEach(this::annotation);
            return this;
        }

        /** Adds a file, pushed as one layer titled with its file name. */
        public Builder file(Path file) {
            files.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Adds these files, in order. */
        public Builder files(List<Path> files) {
            files.forEach(this::file);
            return this;
        }

        /** The request, to pass to {@link RegistryClient#pushArtifact(ArtifactPush)}. */
        public ArtifactPush build() {
            return new ArtifactPush(repository, artifactType, tag, subject, annotations, files);
        }
    }
}
