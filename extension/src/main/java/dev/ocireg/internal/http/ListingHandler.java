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
        List<String> page = page(ex, config.storage().tags(name), "/v2/" + name + "/tags/list");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.value());
        body.put("tags", page);
        ex.sendJson(200, "application/json", body);
    }

    void catalog(Exchange ex) throws IOException {
        List<String> names = new ArrayList<>();
        for (RepositoryName name : config.storage().repositories()) {
            if (ex.access.allows(name.value(), Action.PULL)) { // only what the caller may see
                names.add(name.value());
            }
        }
        ex.sendJson(200, "application/json", Map.of("repositories", page(ex, names, "/v2/_catalog")));
    }

    /** Applies {@code n} and {@code last} to a sorted list, adding a {@code Link} when more follow. */
    private static List<String> page(Exchange ex, List<String> sorted, String path) {
        int n = Params.pageSize(ex);
        String last = ex.param("last");
        List<String> after = new ArrayList<>();
        for (String item : sorted) {
            if (last == null || item.compareTo(last) > 0) {
                after.add(item);
            }
        }
        if (n < 0 || after.size() <= n) {
            return n == 0 ? List.of() : after;
        }
        List<String> page = after.subList(0, n);
        if (n > 0) {
            ex.header("Link", "<" + path + "?n=" + n + "&last=" + encode(page.get(n - 1)) + ">; rel=\"next\"");
        }
        return page;
    }

    void referrers(Exchange ex, String rawName, String rawDigest) throws IOException {
        RepositoryName name = Params.name(config, rawName);
        Digest subject = Params.digest(rawDigest);
        List<String> filters = ex.params("artifactType");
        String last = ex.param("last");
        List<Descriptor> matching = new ArrayList<>();
        for (Descriptor d : config.storage().referrers(name, subject)) {
            // A referrer without artifactType matches no filter (and List.contains(null) may throw).
            if (!filters.isEmpty() && (d.artifactType() == null || !filters.contains(d.artifactType()))) {
                continue;
            }
            if (last != null && d.digest().toString().compareTo(last) <= 0) {
                continue;
            }
            matching.add(d);
        }
        if (!filters.isEmpty()) {
            ex.header("OCI-Filters-Applied", "artifactType");
        }
        int pageSize = config.referrersPageSize();
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
