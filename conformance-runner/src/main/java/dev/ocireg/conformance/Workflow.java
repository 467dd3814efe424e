package dev.ocireg.conformance;

/** The four categories of requirements in the distribution spec, in the order the spec lists them. */
public enum Workflow {
    /** Pulling manifests and blobs; every registry MUST support it. */
    PULL("Pull"),
    /** Uploading blobs and manifests. */
    PUSH("Push"),
    /** Listing tags and referrers. */
    CONTENT_DISCOVERY("Content Discovery"),
    /** Deleting tags, manifests and blobs. */
    CONTENT_MANAGEMENT("Content Management");

    private final String title;

    Workflow(String title) {
        this.title = title;
    }

    /** The spec's name of the category, such as {@code Content Discovery}. */
    public String title() {
        return title;
    }
}
