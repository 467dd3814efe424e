package dev.ocireg.conformance.internal;

/** Ends a check early: a failure, or a skip with its reason. */
public final class Outcome extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean skipped;

    private Outcome(String message, boolean skipped) {
        super(message, null, false, false);
        this.skipped = skipped;
    }

    public static Outcome failed(String message) {
        return new Outcome(message, false);
    }

    public static Outcome skipped(String reason) {
        return new Outcome(reason, true);
    }

    public boolean isSkipped() {
        return skipped;
    }
}
