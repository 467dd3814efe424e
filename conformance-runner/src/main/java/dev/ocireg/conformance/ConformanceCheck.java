package dev.ocireg.conformance;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The spec's sections in the spec's order: what {@link #section()} returns. */
    public static final List<String> SECTIONS = List.of(
            "Determining Support",
            "Pulling manifests",
            "Pulling blobs",
            "Pushing blobs",
            "Pushing a blob in chunks",
            "Mounting a blob from another repository",
            "Cancel a blob upload",
            "Pushing Manifests",
            "Listing Tags",
            "Listing Referrers",
            "Deleting tags and manifests",
            "Deleting Blobs",
            "Error Codes",
            "Warnings");

    private static final Pattern ENDPOINT = Pattern.compile("end-(\\d+)");

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

    /**
     * The section of the spec the requirement is in, one of {@link #SECTIONS}: from the endpoint id ({@code end-5} is
     * in "Pushing a blob in chunks"), "Error Codes" for a check of an error code ({@code code-8}), "Warnings" for the
     * {@code Warning} header.
     */
    public String section() {
        if (endpoint.contains("code-")) {
            return "Error Codes";
        }
        if (endpoint.startsWith("warnings")) {
            return "Warnings";
        }
        Matcher m = ENDPOINT.matcher(endpoint);
        if (!m.find()) {
            return "Determining Support";
        }
        return switch (Integer.parseInt(m.group(1))) {
            case 1 -> "Determining Support";
            case 2 -> "Pulling blobs";
            case 3 -> "Pulling manifests";
            case 5, 13 -> "Pushing a blob in chunks";
            case 7 -> "Pushing Manifests";
            case 8 -> "Listing Tags";
            case 9 -> "Deleting tags and manifests";
            case 10 -> "Deleting Blobs";
            case 11 -> "Mounting a blob from another repository";
            case 12 -> "Listing Referrers";
            case 14 -> "Cancel a blob upload";
            default -> "Pushing blobs"; // end-4a, 4b, 4c, 6
        };
    }

    /** {@code [MUST end-3] image: GET the manifest by tag}. */
    public String displayName() {
        return "[" + level + " " + endpoint + "] " + title;
    }
}
