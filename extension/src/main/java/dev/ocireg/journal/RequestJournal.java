package dev.ocireg.journal;

import java.util.List;
import java.util.function.Predicate;

/**
 * Every request a registry answered, in order of completion. Read-only for tests: the registry records, you read
 * (and may {@link #clear()}). Thread-safe; bounded to the newest {@link #capacity()} entries so a long test cannot
 * exhaust memory.
 *
 * <pre>{@code
 * long manifestPuts = registry.journal().count(r -> r.method().equals("PUT") && r.endpoint() == Endpoint.MANIFEST);
 * }</pre>
 */
public interface RequestJournal {
    /** The default number of requests kept. */
    int DEFAULT_CAPACITY = 10_000;

    /**
     * A snapshot of the recorded requests, oldest first. Requests that arrived before this call and are still being
     * answered are waited for (up to 5 s), so a response a client has just read is always in the journal.
     */
    List<RecordedRequest> requests();

    /** The recorded requests that match, oldest first. */
    List<RecordedRequest> requests(Predicate<RecordedRequest> filter);

    /** How many recorded requests match. */
    long count(Predicate<RecordedRequest> filter);

    /**
     * Forgets everything recorded so far, including requests that arrived before this call and are still being
     * answered: they are waited for (up to 5 s) and never show up afterwards.
     */
    void clear();

    /** How many requests are kept at most. */
    int capacity();

    /** How many old requests were dropped because the journal was full. */
    long dropped();
}
