package dev.ocireg.conformance;

/**
 * The RFC 2119 keyword of the requirement a check tests. A failed check of any level counts as failed; the level
 * tells a reader how serious the failure is.
 */
public enum Level {
    /** An absolute requirement of the spec (MUST, MUST NOT, REQUIRED). */
    MUST,
    /** A recommendation (SHOULD, SHOULD NOT, RECOMMENDED): ignoring it needs a good reason. */
    SHOULD,
    /** An optional feature (MAY, OPTIONAL): when the registry does not offer it the check is skipped. */
    MAY
}
