package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.wire.Link;
import dev.ocireg.internal.wire.Urls;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The lists of {@link RegistryClient}: tags, catalog and referrers, whole (following {@code Link: <…>; rel="next"}
 * page by page, a target seen twice being an error) or one page at a time ({@code ?n=&last=}). Referrers fall back to
 * the referrers tag scheme when the registry has no referrers API.
 */
final class Listings {
    private final Transport transport;
    private final Endpoints endpoints;
    private final Manifests manifests;

    Listings(Transport transport, Endpoints endpoints, Manifests manifests) {
        this.transport = transport;
        this.endpoints = endpoints;
        this.manifests = manifests;
    }

    List<String> tags(String repository) {
        return all(endpoints.of(repository, "/tags/list"), "tags");
    }

    List<String> tags(String repository, int n, String last) {
        return page(endpoints.of(repository, "/tags/list"), n, last, "tags");
    }

    List<String> catalog() {
        return all(endpoints.of("/v2/_catalog"), "repositories");
    }

    List<String> catalog(int n, String last) {
        return page(endpoints.of("/v2/_catalog"), n, last, "repositories");
    }

    /**
     * Every referrer of {@code subject}, of {@code artifactType} when it is not null: filtered by the registry when it
     * says so in {@code OCI-Filters-Applied}, here otherwise.
     */
    List<Descriptor> referrers(String repository, Digest subject, String artifactType) {
        Objects.requireNonNull(subject, "subject");
        URI next = endpoints.of(repository, "/referrers/" + subject);
        if (artifactType != null) {
            next = Urls.withQuery(next, "artifactType=" + Urls.encode(artifactType));
        }
        List<Descriptor> all = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        boolean filtered = true;
        while (next != null) {
            HttpResponse<InputStream> r = transport.send("GET", next, null, "Accept", MediaTypes.OCI_INDEX);
            if (r.statusCode() == 404 && seen.isEmpty()) {
                Responses.close(r);
                return filter(referrersTag(repository, subject), artifactType);
            }
            if (r.statusCode() != 200) {
                throw Responses.error(r);
            }
            JsonNode index = ContentJson.readObject(Responses.readAll(r), "the referrers response of " + r.uri());
            all.addAll(ContentJson.descriptors(index, "manifests", "the referrers"));
            filtered &= r.headers().allValues("OCI-Filters-Applied").stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("artifacttype"));
            seen.add(next);
            next = nextPage(r, seen);
        }
        return filtered ? List.copyOf(all) : filter(all, artifactType);
    }

    // ------------------------------------------------------------------ pages

    /** The string array {@code field} of every page, following {@code Link} headers. */
    private List<String> all(URI first, String field) {
        List<String> all = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI next = first;
        while (next != null) {
            HttpResponse<InputStream> r =
                    transport.expect("GET", next, null, Transport.OK, "Accept", "application/json");
            all.addAll(strings(r, field));
            seen.add(next);
            next = nextPage(r, seen);
        }
        return List.copyOf(all);
    }

    private List<String> page(URI uri, int n, String last, String field) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, not " + n);
        }
        String query = "n=" + n + (last == null ? "" : "&last=" + Urls.encode(last));
        HttpResponse<InputStream> r =
                transport.expect("GET", Urls.withQuery(uri, query), null, Transport.OK, "Accept", "application/json");
        return strings(r, field);
    }

    private static List<String> strings(HttpResponse<InputStream> r, String field) {
        JsonNode json = ContentJson.readObject(Responses.readAll(r), "the response of " + r.uri());
        List<String> values = new ArrayList<>();
        JsonNode array = json.get(field);
        if (array != null && array.isArray()) {
            for (JsonNode v : array) {
                if (v.isString()) {
                    values.add(v.stringValue());
                }
            }
        }
        return values;
    }

    /** The {@code rel="next"} target of a response's {@code Link} headers, or null; a target seen before is an error. */
    private static URI nextPage(HttpResponse<?> r, Set<URI> seen) {
        Optional<String> target = Link.next(r.headers().allValues("Link"));
        if (target.isEmpty()) {
            return null;
        }
        URI next = Responses.resolve(r.uri(), target.get());
        if (seen.contains(next)) {
            throw Responses.failure(r, "the Link header points back to " + next);
        }
        return next;
    }

    // ------------------------------------------------------------------ referrers

    /** The referrers tag scheme's index ({@code <alg>-<hex>}), empty when there is none. */
    private List<Descriptor> referrersTag(String repository, Digest subject) {
        String tag = subject.algorithm() + "-" + subject.encoded();
        tag = tag.length() > 128 ? tag.substring(0, 128) : tag;
        if (manifests.head(repository, tag).isEmpty()) {
            return List.of();
        }
        JsonNode index = ContentJson.readObject(manifests.pull(repository, tag).content(), "the referrers tag " + tag);
        return ContentJson.descriptors(index, "manifests", "the referrers");
    }

    private static List<Descriptor> filter(List<Descriptor> descriptors, String artifactType) {
        List<Descriptor> kept = new ArrayList<>();
        for (Descriptor d : descriptors) {
            if (artifactType == null || artifactType.equals(d.artifactType())) {
                kept.add(d);
            }
        }
        return List.copyOf(kept);
    }
}
