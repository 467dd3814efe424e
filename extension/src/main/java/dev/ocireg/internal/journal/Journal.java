package dev.ocireg.internal.journal;

import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.journal.RequestJournal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The registry's {@link RequestJournal}: the read side is the public interface, the write side ({@link #begin()},
 * {@link #record}) is the request seam's alone. Thread-safe; bounded to the newest {@link #capacity()} entries.
 */
public final class Journal implements RequestJournal {

    private static final long WAIT_NANOS = 5_000_000_000L;

    private final int capacity;
    private final Deque<RecordedRequest> entries = new ArrayDeque<>();
    private final java.util.NavigableSet<Long> inFlight = new java.util.TreeSet<>();
    private long nextTicket;
    private long clearedBefore;
    private long dropped;

    public Journal() {
        this(DEFAULT_CAPACITY);
    }

    public Journal(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * Called by the registry when a request arrives; the ticket is passed to {@link #record(long, RecordedRequest)}
     * when it is answered.
     */
    public synchronized long begin() {
        long ticket = nextTicket++;
        inFlight.add(ticket);
        return ticket;
    }

    /** Called by the registry when a request is answered; the oldest entry is dropped when full. */
    public synchronized void record(long ticket, RecordedRequest request) {
        inFlight.remove(ticket);
        notifyAll();
        if (ticket < clearedBefore) {
            return; // arrived before a clear()
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
            dropped++;
        }
        entries.addLast(request);
        notifyAll();
    }

    /**
     * A snapshot of the recorded requests, oldest first. Requests that arrived before this call and are still being
     * answered are waited for (up to 5 s), so a response a client has just read is always in the journal.
     */
    @Override
    public synchronized List<RecordedRequest> requests() {
        awaitArrivedBefore(nextTicket);
        return List.copyOf(entries);
    }

    /** Waits (up to 5 s) until every request with a ticket below {@code ticket} has been recorded. */
    private void awaitArrivedBefore(long ticket) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!inFlight.isEmpty() && inFlight.first() < ticket) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(left / 1_000_000 + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The recorded requests that match, oldest first. */
    @Override
    public List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
        List<RecordedRequest> result = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (filter.test(r)) {
                result.add(r);
            }
        }
        return result;
    }

    /** How many recorded requests match. */
    @Override
    public long count(Predicate<RecordedRequest> filter) {
        return requests(filter).size();
    }

    /**
     * Forgets everything recorded so far, including requests that arrived before this call and are still being
     * answered: they are waited for (up to 5 s) and never show up afterwards.
     */
    @Override
    public synchronized void clear() {
        awaitArrivedBefore(nextTicket);
        clearedBefore = nextTicket;
        entries.clear();
        dropped = 0;
    }

    /** How many requests are kept at most. */
    @Override
    public int capacity() {
        return capacity;
    }

    /** How many old requests were dropped because the journal was full. */
    @Override
    public synchronized long dropped() {
        return dropped;
    }

    /** One line per request, oldest first; says how many were dropped. */
    @Override
    public String toString() {
        List<RecordedRequest> snapshot = requests();
        StringBuilder out = new StringBuilder();
        long lost = dropped();
        out.append(snapshot.size()).append(" request(s) recorded");
        if (lost > 0) {
            out.append(" (").append(lost).append(" older dropped)");
        }
        out.append(snapshot.isEmpty() ? "" : ":");
        for (RecordedRequest r : snapshot) {
            out.append("\n  ").append(r);
            r.requestBody().ifPresent(b -> out.append("\n      > ").append(shortened(b)));
            r.responseBody().ifPresent(b -> out.append("\n      < ").append(shortened(b)));
        }
        return out.toString();
    }

    /** A body on one line, cut to {@value #DUMP_BODY_CHARS} characters. */
    static String shortened(String body) {
        String line = body.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.length() <= DUMP_BODY_CHARS
                ? line
                : line.substring(0, DUMP_BODY_CHARS) + "… (" + body.length() + " characters)";
    }

    private static final int DUMP_BODY_CHARS = 160;
}
