package dev.ocireg.internal.http;

import dev.ocireg.auth.Action;
import dev.ocireg.internal.config.RegistryConfig;
import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import dev.ocireg.spec.RepositoryName;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Content discovery: end-8 (tags), {@code _catalog} and end-12 (referrers). */
final class ListingHandler {
    private final RegistryConfig config;

    ListingHandler(RegistryConfig config) {
        this.config = config;
    }

    void tags(Exchange ex, String rawName) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        if (!config.storage().repositoryExists(name)) {
            throw Params.nameUnknown(name);
        }
        List<String> page =
                page(ex, (after, limit) -> config.storage().tags(name, after, limit), "/v2/" + name + "/tags/list");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.value());
        body.put("tags", page);
        ex.sendJson(200, "application/json", body);
    }

    void catalog(Exchange ex) throws IOException {
        ex.sendJson(
                200,
                "application/json",
                Map.of("repositories", page(ex, (after, limit) -> visible(ex, after, limit), "/v2/_catalog")));
    }

    /**
     * Up to {@code limit} repository names after {@code after} that the caller may pull (only what the caller may
     * see is listed): pages through the storage's index, skipping the others.
     */
    private List<String> visible(Exchange ex, String after, int limit) throws IOException {
        List<String> names = new ArrayList<>();
        String cursor = after;
        while (names.size() < limit) {
            int chunk = ex.access.unrestricted() ? limit - names.size() : Math.max(limit - names.size(), 256);
            List<RepositoryName> batch = config.storage().repositories(cursor, chunk);
            for (RepositoryName name : batch) {
                if (names.size() < limit && ex.access.allows(name.value(), Action.PULL)) {
                    names.add(name.value());
                }
            }
            if (batch.size() < chunk) {
                break;
            }
            cursor = batch.get(batch.size() - 1).value();
        }
        return names;
    }

    /** Where a listing comes from: up to {@code limit} items after {@code after} (null: from the first), in order. */
    private interface Source {
        List<String> fetch(String after, int limit) throws IOException;
    }

    /**
     * Applies {@code n} and {@code last}, adding a {@code Link} when more follow: one item more than the page is
     * fetched to know. Without {@code n} everything after {@code last} is listed; {@code n=0} lists nothing.
     */
    private static List<String> page(Exchange ex, Source source, String path) throws IOException {
        int n = Params.pageSize(ex);
        String last = ex.param("last");
        if (n == 0) {
            return List.of();
        }
        if (n < 0) {
            return source.fetch(last, Integer.MAX_VALUE);
        }
        List<String> items = source.fetch(last, n == Integer.MAX_VALUE ? n : n + 1);
        if (items.size() <= n) {
            return items;
        }
        List<String> page = items.subList(0, n);
        ex.header("Link", "<" + path + "?n=" + n + "&last=" + encode(page.get(n - 1)) + ">; rel=\"next\"");
        return page;
    }

    void referrers(Exchange ex, String rawName, String rawDigest) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Digest subject = Params.digest(rawDigest);
        List<String> filters = ex.params("artifactType");
        int pageSize = config.referrersPageSize();
        // One more than a page, to know whether a Link follows.
        List<Descriptor> matching = config.storage()
                .referrers(
                        name,
                        subject,
                        new LinkedHashSet<>(filters),
                        ex.param("last"),
                        pageSize == Integer.MAX_VALUE ? pageSize : pageSize + 1);
        if (!filters.isEmpty()) {
            ex.header("OCI-Filters-Applied", "artifactType");
        }
        if (matching.size() > pageSize) {
            matching = matching.subList(0, pageSize);
            StringBuilder link = new StringBuilder("</v2/")
                    .append(name)
                    .append("/referrers/")
                    .append(subject)
                    .append("?last=")
                    .append(encode(matching.get(pageSize - 1).digest().toString()));
            for (String filter : filters) {
                link.append("&artifactType=").append(encode(filter));
            }
            ex.header("Link", link.append(">; rel=\"next\"").toString());
        }
        ex.sendJson(200, MediaTypes.OCI_INDEX, ContentJson.index(matching));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
