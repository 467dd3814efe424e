package dev.ocireg.journal;

import dev.ocireg.auth.Action;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's endpoints, each once: the spec's ids (end-1 … end-14 of the distribution spec), the path, the
 * methods it answers, the repository action each method needs and whether it writes. The router, the auth gate, the
 * read-only check, the request journal and its assertions all read this table, so a request is named the same way
 * everywhere: {@code journal.requests(r -> r.endpoint() == Endpoint.MANIFEST)}, {@code received("PUT", "manifest")}.
 */
public enum Endpoint {
    /** {@code GET /v2/}: the API version check (end-1). */
    BASE("/v2/", List.of("end-1"), Map.of("GET", Use.LOGIN, "HEAD", Use.LOGIN)),
    /** {@code GET /v2/_catalog}: the repository list (not in the OCI spec; Docker's registry API). */
    CATALOG("/v2/_catalog", List.of(), Map.of("GET", Use.CATALOG, "HEAD", Use.CATALOG)),
    /** {@code POST /v2/<name>/blobs/uploads/}: start an upload, push in one request, or mount (end-4a, end-4b, end-11). */
    UPLOADS("/v2/<name>/blobs/uploads/", List.of("end-4a", "end-4b", "end-11"), Map.of("POST", Use.PUSH)),
    /** {@code /v2/<name>/blobs/uploads/<id>}: upload status, chunks, close, cancel (end-5, end-6, end-13). */
    UPLOAD(
            "/v2/<name>/blobs/uploads/<id>",
            List.of("end-5", "end-6", "end-13"),
            Map.of(
                    "GET", Use.UPLOAD_STATUS,
                    "HEAD", Use.UPLOAD_STATUS,
                    "PATCH", Use.PUSH,
                    "PUT", Use.PUSH,
                    "DELETE", Use.PUSH)),
    /** {@code /v2/<name>/blobs/<digest>}: pull or delete a blob (end-2, end-10). */
    BLOB(
            "/v2/<name>/blobs/<digest>",
            List.of("end-2", "end-10"),
            Map.of("GET", Use.PULL, "HEAD", Use.PULL, "DELETE", Use.DELETE)),
    /** {@code /v2/<name>/manifests/<reference>}: pull, push or delete a manifest or tag (end-3, end-7, end-9). */
    MANIFEST(
            "/v2/<name>/manifests/<reference>",
            List.of("end-3", "end-7", "end-9"),
            Map.of("GET", Use.PULL, "HEAD", Use.PULL, "PUT", Use.PUSH, "DELETE", Use.DELETE)),
    /** {@code GET /v2/<name>/tags/list}: the tags of a repository (end-8a, end-8b). */
    TAGS("/v2/<name>/tags/list", List.of("end-8a", "end-8b"), Map.of("GET", Use.PULL, "HEAD", Use.PULL)),
    /** {@code GET /v2/<name>/referrers/<digest>}: the manifests whose subject is a digest (end-12a, end-12b). */
    REFERRERS(
            "/v2/<name>/referrers/<digest>", List.of("end-12a", "end-12b"), Map.of("GET", Use.PULL, "HEAD", Use.PULL)),
    /** {@code GET /token}: the Docker token endpoint of a registry with {@code tokenAuth}. */
    TOKEN("/token", List.of(), Map.of("GET", Use.NONE, "POST", Use.NONE)),
    /** Any other path: answered 404 {@code UNSUPPORTED}. */
    UNKNOWN("", List.of(), Map.of()),
    /** {@code /_ocireg/faults} of the admin API ({@code --admin}): list, add or clear faults. Never journaled. */
    ADMIN_FAULTS("/_ocireg/faults", List.of(), Map.of("GET", Use.ADMIN, "POST", Use.ADMIN, "DELETE", Use.ADMIN)),
    /** {@code /_ocireg/faults/<id>} of the admin API: one fault, read or removed. Never journaled. */
    ADMIN_FAULT("/_ocireg/faults/<id>", List.of(), Map.of("GET", Use.ADMIN, "DELETE", Use.ADMIN)),
    /** {@code /_ocireg/journal} of the admin API: the journal as JSON. Never journaled. */
    ADMIN_JOURNAL("/_ocireg/journal", List.of(), Map.of("GET", Use.ADMIN, "HEAD", Use.ADMIN)),
    /** {@code /_ocireg/reset} of the admin API: empties the registry. Never journaled. */
    ADMIN_RESET("/_ocireg/reset", List.of(), Map.of("POST", Use.ADMIN));

    /** What a method of an endpoint needs from the caller, and whether it writes. */
    private enum Use {
        /** Nothing: the token endpoint checks credentials itself. */
        NONE(null, false),
        /** To be logged in, when the registry has users. */
        LOGIN(null, false),
        /** The catalog right. */
        CATALOG(null, false),
        /** The admin API's own token, when the registry has authentication. */
        ADMIN(null, false),
        PULL(Action.PULL, false),
        /** An upload's status: only its pusher may ask, but nothing changes. */
        UPLOAD_STATUS(Action.PUSH, false),
        PUSH(Action.PUSH, true),
        DELETE(Action.DELETE, true);

        final Action action;
        final boolean writes;

        Use(Action action, boolean writes) {
            this.action = action;
            this.writes = writes;
        }
    }

    private final String path;
    private final List<String> specIds;
    private final Map<String, Use> methods;

    Endpoint(String path, List<String> specIds, Map<String, Use> methods) {
        this.path = path;
        this.specIds = specIds;
        this.methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
    }

    /** The name in the journal and in {@code received(method, endpoint)}: {@code manifest}, {@code uploads}, … */
    public String journalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path, with {@code <name>}, {@code <digest>}, {@code <reference>} and {@code <id>} as placeholders. */
    public String path() {
        return path;
    }

    /** The distribution spec's ids of this endpoint ({@code end-3}, …); empty for endpoints outside the spec. */
    public List<String> specIds() {
        return specIds;
    }

    /** The methods this endpoint answers; any other gets 405 with {@code Allow}. */
    public Set<String> methods() {
        return methods.keySet();
    }

    /** Whether {@code method} is one this endpoint answers. */
    public boolean allows(String method) {
        return methods.containsKey(method);
    }

    /** The repository action {@code method} needs: pull, push or delete; empty for the base, catalog and token. */
    public Optional<Action> action(String method) {
        Use use = methods.get(method);
        return use == null ? Optional.empty() : Optional.ofNullable(use.action);
    }

    /** Whether {@code method} on this endpoint changes content (refused by a read-only registry). */
    public boolean writes(String method) {
        Use use = methods.get(method);
        return use != null && use.writes;
    }

    /** Whether the endpoint belongs to the admin API under {@code /_ocireg/} (never journaled, never faulted). */
    public boolean isAdmin() {
        return path.startsWith("/_ocireg/");
    }

    /** Whether the endpoint is the catalog, which needs the catalog right rather than a repository action. */
    public boolean isCatalog() {
        return this == CATALOG;
    }

    /**
     * The endpoint with this journal name ({@code manifest}, {@code blob}, …, any case).
     *
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static Endpoint fromJournalName(String name) {
        for (Endpoint e : values()) {
            if (e.journalName().equalsIgnoreCase(name)) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Endpoint e : values()) {
            if (!e.isAdmin()) { // the admin API is never journaled
                names.append(names.length() == 0 ? "" : ", ").append(e.journalName());
            }
        }
        throw new IllegalArgumentException("unknown endpoint '" + name + "'; the journal's endpoints are " + names);
    }
}
