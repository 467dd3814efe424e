package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.spec.RepositoryName;
import java.util.List;

/**
 * Assertions over the repositories of a registry. Get one from {@link RegistryAssertions#assertThat(
 * dev.ocireg.RegistryServer)}.
 *
 * <pre>{@code
 * assertThat(registry).hasRepository("org/app").doesNotHaveRepository("org/old");
 * assertThat(registry).repository("org/app").hasTag("1.0");
 * }</pre>
 *
 * <p>A repository exists while it holds anything: a blob, a manifest, a tag or an upload in progress.
 */
public final class RegistryAssert {
    private final Content content;

    RegistryAssert(Content content) {
        this.content = content;
    }

    /** Asserts that {@code repository}, such as {@code org/app}, exists; the failure lists the repositories there are. */
    public RegistryAssert hasRepository(String repository) {
        if (!content.exists(Content.repositoryName(repository))) {
            throw failure("expected the registry to have repository " + repository + " but " + repositories());
        }
        return this;
    }

    /** Asserts that {@code repository} does not exist (holds no blob, manifest, tag or upload). */
    public RegistryAssert doesNotHaveRepository(String repository) {
        RepositoryName name = Content.repositoryName(repository);
        if (content.exists(name)) {
            List<String> tags = content.tags(name);
            throw failure("expected the registry not to have repository " + repository + " but it does, "
                    + (tags.isEmpty() ? "with no tags" : "with tags " + tags));
        }
        return this;
    }

    /** Asserts that {@code repository} exists and returns assertions over its content. */
    public RepositoryAssert repository(String repository) {
        hasRepository(repository);
        return new RepositoryAssert(content, Content.repositoryName(repository));
    }

    private String repositories() {
        List<RepositoryName> all = content.repositories();
        return all.isEmpty() ? "it has no repositories" : "its repositories are " + all;
    }
}
