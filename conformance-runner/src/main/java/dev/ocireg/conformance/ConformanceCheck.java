package dev.ocireg.conformance;

import java.util.Objects;

/**
 * One check of the suite: what it verifies and which requirement of the distribution spec it tests.
 *
 * @param id a stable identifier such as {@code pull.image.manifest-by-tag}
 * @param workflow the spec category the requirement belongs to
 * @param title a short description, such as {@code image: GET the manifest by tag}
 * @param requirement the spec's sentence the check tests, quoted
 * @param endpoint the spec's endpoint or error-code id, such as {@code end-3} or {@code end-2, code-1}
 * @param level the keyword of the requirement
 */
public record ConformanceCheck(
        String id, Workflow workflow, String title, String requirement, String endpoint, Level level) {

    public ConformanceCheck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(level, "level");
    }

    /** {@code Pull/image: GET the manifest by tag}: the path {@code OCI_FILTER_TEST} is matched against. */
    public String path() {
        return workflow.title() + "/" + title;
    }

    /** {@code [MUST end-3] image: GET the manifest by tag}. */
    public String displayName() {
        return "[" + level + " " + endpoint + "] " + title;
    }
}
