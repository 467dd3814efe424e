package dev.ocireg.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one check found.
 *
 * @param check the check
 * @param status passed, failed or skipped
 * @param message why it failed or was skipped (empty when passed, or a note such as {@code mounting is not
 *     supported: 202})
 * @param transcript every request the check sent, with the response it got
 * @param duration how long the check took
 */
public record CheckResult(
        ConformanceCheck check, Status status, String message, List<HttpExchange> transcript, Duration duration) {

    /** The outcome of a check. */
    public enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        transcript = List.copyOf(transcript);
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * The message followed by the requirement and the transcript: what a person needs to see to understand a
     * failure.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(check.displayName()).append(" — ").append(status).append('\n');
        if (!message.isEmpty()) {
            out.append(message).append('\n');
        }
        out.append("requirement (")
                .append(check.endpoint())
                .append("): ")
                .append(check.requirement())
                .append('\n');
        if (!transcript.isEmpty()) {
            out.append("requests:\n");
            for (HttpExchange exchange : transcript) {
                out.append(exchange.format());
            }
        }
        return out.toString();
    }
}
