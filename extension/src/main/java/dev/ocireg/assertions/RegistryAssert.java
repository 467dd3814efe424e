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

    /** Asserts that the repository exists; the failure lists the repositories there are. */
    public RegistryAssert hasRepository(String name) {
        RepositoryName repository = Content.repositoryName(name);
        if (!content.exists(repository)) {
            throw failure("expected the registry to have repository " + name + " but " + repositories());
        }
        return this;
    }

    /** Asserts that the repository does not exist (holds no blob, manifest, tag or upload). */
    public RegistryAssert doesNotHaveRepository(String name) {
        RepositoryName repository = Content.repositoryName(name);
        if (content.exists(repository)) {
            List<String> tags = content.tags(repository);
            throw failure("expected the registry not to have repository " + name + " but it does, "
                    + (tags.isEmpty() ? "with no tags" : "with tags " + tags));
        }
        return this;
    }

    /** Asserts that the repository exists and returns assertions over its content. */
    public RepositoryAssert repository(String name) {
        hasRepository(name);
        return new RepositoryAssert(content, Content.repositoryName(name));
    }

    private String repositories() {
        List<RepositoryName> all = content.repositories();
        return all.isEmpty() ? "it has no repositories" : "its repositories are " + all;
    }
}
