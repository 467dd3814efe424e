package dev.ocireg.assertions;

import static dev.ocireg.assertions.Messages.failure;

import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.journal.RequestJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Counts the journal's requests that a {@link JournalAssert#received received(…)} selected. Each count returns to the
 * journal's assertions; a failure lists the selected requests or, when there are none, the latest requests.
 *
 * <pre>{@code
 * assertThat(registry.journal())
 *         .received("PUT", "manifest", "org/app", "1.0").withStatus(201).once()
 *         .received("GET", "blob", "org/app").atLeastOnce();
 * }</pre>
 */
public final class RequestsAssert {
    private final JournalAssert journalAssert;
    private final RequestJournal journal;
    private final String description;
    private final Predicate<RecordedRequest> filter;

    RequestsAssert(
            JournalAssert journalAssert,
            RequestJournal journal,
            String description,
            Predicate<RecordedRequest> filter) {
        this.journalAssert = journalAssert;
        this.journal = journal;
        this.description = description;
        this.filter = filter;
    }

    /** Narrows the selection to the requests answered with this status. */
    public RequestsAssert withStatus(int status) {
        return new RequestsAssert(
                journalAssert, journal, description + " answered " + status, filter.and(r -> r.status() == status));
    }

    /** Narrows the selection to the requests a fault hit (the fault's id, such as {@code f1}). */
    public RequestsAssert hitByFault(String faultId) {
        return new RequestsAssert(
                journalAssert,
                journal,
                description + " hit by fault " + faultId,
                filter.and(
                        r -> r.fault().filter(f -> f.startsWith(faultId + ":")).isPresent()));
    }

    /**
     * Runs {@code check} on the request body of every selected request (a manifest or another JSON body of at most
     * {@link RecordedRequest#MAX_BODY_BYTES} bytes; blob bodies are never kept). Fails when no request is selected or
     * one has no recorded body.
     */
    public RequestsAssert withBody(java.util.function.Consumer<String> check) {
        List<RecordedRequest> all = journal.requests();
        List<RecordedRequest> matched = select(all);
        if (matched.isEmpty()) {
            throw failure("expected " + description + " to be received with a body but " + actually(all, matched));
        }
        for (RecordedRequest r : matched) {
            String body = r.requestBody()
                    .orElseThrow(() -> failure("expected " + description + " to have a recorded body, but " + r
                            + " has none (only JSON bodies of at most " + RecordedRequest.MAX_BODY_BYTES
                            + " bytes are kept)"));
            check.accept(body);
        }
        return this;
    }

    /** Asserts that exactly one selected request was received. */
    public JournalAssert once() {
        return times(1);
    }

    /** Asserts that no selected request was received. */
    public JournalAssert never() {
        return times(0);
    }

    /** Asserts that exactly {@code count} selected requests were received. */
    public JournalAssert times(int count) {
        List<RecordedRequest> all = journal.requests();
        List<RecordedRequest> matched = select(all);
        if (matched.size() != count) {
            throw failure(
                    "expected " + description
                            + (count == 0 ? " never to be received" : " to be received " + Messages.times(count))
                            + " but "
                            + actually(all, matched),
                    count,
                    matched.size());
        }
        return journalAssert;
    }

    /** Asserts that at least one selected request was received. */
    public JournalAssert atLeastOnce() {
        List<RecordedRequest> all = journal.requests();
        List<RecordedRequest> matched = select(all);
        if (matched.isEmpty()) {
            throw failure("expected " + description + " to be received at least once but " + actually(all, matched));
        }
        return journalAssert;
    }

    private List<RecordedRequest> select(List<RecordedRequest> all) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : all) {
            if (filter.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private String actually(List<RecordedRequest> all, List<RecordedRequest> matched) {
        if (matched.isEmpty()) {
            return "it was never received" + Messages.recent(journal, all);
        }
        return "it was received " + Messages.times(matched.size()) + ":" + Messages.lines(matched)
                + journalAssert.dropped();
    }
}
