package dev.ocireg.assertions;

import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.journal.RequestJournal;
import java.util.Collection;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/** Builds the failures of this package: one sentence saying what was expected, then what is there. */
final class Messages {
    /** How many of the newest requests a journal failure lists when nothing matched. */
    static final int RECENT_REQUESTS = 20;

    /** Longest text (a config, a manifest) quoted in a message. */
    private static final int MAX_QUOTED = 2_000;

    static AssertionFailedError failure(String message) {
        return new AssertionFailedError(message);
    }

    static AssertionFailedError failure(String message, Object expected, Object actual) {
        return new AssertionFailedError(message, expected, actual);
    }

    static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    /** One indented line per item, each starting on a new line. */
    static String lines(Collection<?> items) {
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            out.append("\n  ").append(item);
        }
        return out.toString();
    }

    /** Text cut to a readable length. */
    static String excerpt(String text) {
        return text.length() <= MAX_QUOTED
                ? text
                : text.substring(0, MAX_QUOTED) + "… (" + (text.length() - MAX_QUOTED) + " more characters)";
    }

    /** {@code once}, {@code 2 times}, {@code never}. */
    static String times(long n) {
        return n == 0 ? "never" : n == 1 ? "once" : n + " times";
    }

    /** {@code 1 layer}, {@code 2 layers}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The newest requests of a journal, for a failure where nothing matched. */
    static String recent(RequestJournal journal, List<RecordedRequest> snapshot) {
        String dropped = journal.dropped() > 0 ? " (" + count(journal.dropped(), "older request") + " dropped)" : "";
        if (snapshot.isEmpty()) {
            return "; the journal is empty" + dropped;
        }
        int from = Math.max(0, snapshot.size() - RECENT_REQUESTS);
        String which = from == 0
                ? "the " + count(snapshot.size(), "request") + " recorded"
                : "the last " + RECENT_REQUESTS + " of " + snapshot.size() + " requests recorded";
        return "; " + which + dropped + ":" + lines(snapshot.subList(from, snapshot.size()));
    }

    private Messages() {}
}
