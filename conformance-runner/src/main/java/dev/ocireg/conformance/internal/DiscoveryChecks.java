package dev.ocireg.conformance.internal;

import static dev.ocireg.conformance.Workflow.CONTENT_DISCOVERY;

import dev.ocireg.internal.wire.Link;
import dev.ocireg.internal.wire.Urls;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** The Content Discovery workflow: tag listing with pagination, and the referrers API. */
final class DiscoveryChecks {
    static final String TAGS = "Assuming a repository is found, this request MUST return a 200 OK response code."
            + " [...] If the list is not empty, the tags MUST be in lexical (i.e. case-insensitive alphanumeric order)"
            + " or \"ASCIIbetical\" (Go's sort.Strings) order. Upon success, the response MUST be a json body in the"
            + " following format: {\"name\": \"<name>\", \"tags\": [...]}";
    static final String TAGS_N = "The response to such a request MAY return fewer than <int> results, but only when"
            + " the total number of tags attached to the repository is less than <int> or a Link header is provided."
            + " Otherwise, the response MUST include <int> results. [...] If included, the Link header MUST be set"
            + " according to RFC 5988 with the Relation Type rel=\"next\".";
    static final String REFERRERS = "Assuming a repository is found, this request MUST return a 200 OK response code."
            + " If the registry supports the referrers API, the registry MUST NOT return a 404 Not Found to a referrers"
            + " API requests. [...] Upon success, the response MUST be a JSON body with an image index containing a"
            + " list of descriptors. The Content-Type header MUST be set to application/vnd.oci.image.index.v1+json."
            + " Each descriptor is of an image manifest or index in the same <name> namespace with a subject field that"
            + " specifies the value of <digest>.";
    static final String REFERRERS_LINK = "A Link header MUST be included in the response when the descriptor list"
            + " cannot be returned in a single manifest. Each response is an image index with different descriptors in"
            + " the manifests field. The Link header MUST be set according to RFC 5988 with the Relation Type"
            + " rel=\"next\".";
    private static final int MAX_PAGES = 1000;

    private DiscoveryChecks() {}

    static void add(Checks c) {
        tags(c);
        referrers(c);
        readOnlyReferrers(c);
    }

    // ================================================================== tags

    /** Push content first when push runs; otherwise list the pre-loaded tags. */
    private static List<String> tagRequirements(Checks c) {
        return c.settings.workflowDisabledReason(dev.ocireg.conformance.Workflow.PUSH) == null
                        && c.settings.flag("OCI_DATA_IMAGE")
                ? List.of("push.image.manifests")
                : List.of();
    }

    private static Supplier<String> tagGate(Checks c) {
        return () -> {
            if (!c.settings.flag("OCI_API_TAGS_LIST")) {
                return "OCI_API_TAGS_LIST=false";
            }
            if (tagRequirements(c).isEmpty()
                    && c.settings.list("OCI_RO_DATA_TAGS").isEmpty()) {
                return "no tags to list: nothing is pushed (push or OCI_DATA_IMAGE is off) and OCI_RO_DATA_TAGS is"
                        + " empty";
            }
            return null;
        };
    }

    private static void tags(Checks c) {
        c.add("discovery.tags.list", CONTENT_DISCOVERY, "GET tags/list: every tag pushed, in order")
                .must("end-8a", TAGS)
                .when(tagGate(c))
                .requires(tagRequirements(c))
                .run(ctx -> {
                    List<String> all = paginate(ctx, "/v2/" + ctx.repo1() + "/tags/list", -1, true);
                    List<String> expected = expectedTags(ctx);
                    List<String> missing = new ArrayList<>(expected);
                    missing.removeAll(all);
                    ctx.check(missing.isEmpty(), "tags/list lacks " + missing + "; it lists " + all);
                });

        c.add("discovery.tags.paginated", CONTENT_DISCOVERY, "GET tags/list?n=2, page by page: the same list")
                .must("end-8b", TAGS_N)
                .when(tagGate(c))
                .requires(tagRequirements(c))
                .run(ctx -> {
                    List<String> all = allTags(ctx);
                    if (all.size() < 3) {
                        ctx.skip("paging needs at least 3 tags; the repository has " + all);
                    }
                    List<String> paged = paginate(ctx, "/v2/" + ctx.repo1() + "/tags/list?n=2", 2, true);
                    List<String> sorted = new ArrayList<>(paged);
                    sorted.sort(Comparator.naturalOrder());
                    ctx.check(
                            sorted.equals(all),
                            "the pages of n=2 add up to " + paged + ", but the whole list is " + all);
                });

        c.add("discovery.tags.n-zero", CONTENT_DISCOVERY, "GET tags/list?n=0: an empty list and no Link")
                .must(
                        "end-8b",
                        "When n is zero, this endpoint MUST return an empty list, and MUST NOT include a Link"
                                + " header.")
                .when(tagGate(c))
                .requires(tagRequirements(c))
                .run(ctx -> {
                    Http.Response r = ctx.get("/v2/" + ctx.repo1() + "/tags/list?n=0");
                    ctx.expectStatus(r, "GET tags/list?n=0", 200);
                    JsonNode tags = ctx.expectJson(r, "GET tags/list?n=0").get("tags");
                    ctx.check(
                            tags != null && tags.isArray() && tags.isEmpty(),
                            "GET tags/list?n=0: \"tags\" is " + tags + ", expected []");
                    ctx.check(r.header("Link") == null, "GET tags/list?n=0: has a Link header: " + r.header("Link"));
                });

        c.add("discovery.tags.last", CONTENT_DISCOVERY, "GET tags/list?last=<tag>: the tags after it, in order")
                .must(
                        "end-8b",
                        "A request of this sort will return up to <int> tags, beginning non-inclusively with"
                                + " <tagname>. [...] The tags MUST be in lexical or \"ASCIIbetical\" order. When using"
                                + " the last query parameter, the n parameter is OPTIONAL.")
                .when(tagGate(c))
                .requires(tagRequirements(c))
                .run(ctx -> {
                    List<String> all = allTags(ctx);
                    if (all.size() < 3) {
                        ctx.skip("this check needs at least 3 tags; the repository has " + all);
                    }
                    int k = all.size() / 2 - 1;
                    String last = all.get(k);
                    List<String> rest = all.subList(k + 1, all.size());
                    List<String> after =
                            paginate(ctx, "/v2/" + ctx.repo1() + "/tags/list?last=" + Urls.encode(last), -1, true);
                    ctx.check(
                            after.equals(rest),
                            "tags/list?last=" + last + " gives " + after + ", expected the tags after it: " + rest);
                    List<String> two =
                            paginate(ctx, "/v2/" + ctx.repo1() + "/tags/list?n=2&last=" + Urls.encode(last), 2, true);
                    ctx.check(
                            two.equals(rest),
                            "tags/list?n=2&last=" + last + ", page by page, gives " + two + ", expected " + rest);
                });

        c.add(
                        "discovery.error.name-unknown",
                        CONTENT_DISCOVERY,
                        "tags of a repository that does not exist: 404 NAME_UNKNOWN")
                .should(
                        "end-8a, code-9",
                        "GET /v2/<name>/tags/list: success 200, failure 404 (endpoint table). "
                                + PullChecks.ERROR_FORMAT + "NAME_UNKNOWN (code-9): repository name not known to"
                                + " registry.")
                .when(c.on("OCI_API_TAGS_LIST"))
                .run(ctx -> {
                    Http.Response r = ctx.get("/v2/" + ctx.repo1() + "/absent" + ctx.data.runId + "/tags/list");
                    ctx.expectErrorBody(r, "GET tags/list of an unknown repository");
                    ctx.expectStatus(r, "GET tags/list of an unknown repository", 404);
                    ctx.expectErrorCode(r, "NAME_UNKNOWN", "GET tags/list of an unknown repository");
                });
    }

    private static List<String> expectedTags(Ctx ctx) {
        List<String> expected = new ArrayList<>(Ops.tags(ctx));
        expected.addAll(ctx.settings.list("OCI_RO_DATA_TAGS"));
        return expected;
    }

    /**
     * The whole list (following Link headers, should a registry page without n), sorted: the reference the paging
     * checks compare with. Its order is the business of discovery.tags.list.
     */
    private static List<String> allTags(Ctx ctx) {
        List<String> all = new ArrayList<>(paginate(ctx, "/v2/" + ctx.repo1() + "/tags/list", -1, false));
        all.sort(Comparator.naturalOrder());
        return all;
    }

    /**
     * Walks the pages of a tags listing: each page must be valid JSON, ordered, at most {@code n} long, and shorter
     * than {@code n} only on the last page or with a Link. Without a Link a full page continues with {@code last=}.
     */
    private static List<String> paginate(Ctx ctx, String first, int n, boolean checkOrder) {
        List<String> all = new ArrayList<>();
        String target = first;
        for (int page = 0; page < MAX_PAGES; page++) {
            Http.Response r = ctx.get(target);
            String what = "GET " + r.uri().getRawPath()
                    + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery());
            ctx.expectStatus(r, what, 200);
            JsonNode json = ctx.expectJson(r, what);
            ctx.check(
                    json.path("name").isString() && json.get("name").asString().equals(ctx.repo1()),
                    what + ": \"name\" is " + json.get("name") + ", expected \"" + ctx.repo1() + "\"");
            JsonNode tags = json.get("tags");
            List<String> items = new ArrayList<>();
            if (tags != null && !tags.isNull()) {
                ctx.check(tags.isArray(), what + ": \"tags\" is not an array");
                for (JsonNode t : tags) {
                    ctx.check(t.isString(), what + ": a tag is not a string: " + t);
                    items.add(t.asString());
                }
            }
            if (n >= 0) {
                ctx.check(items.size() <= n, what + ": " + items.size() + " tags for n=" + n);
            }
            if (checkOrder) {
                checkOrder(ctx, items, what);
            }
            URI next = r.header("Link") == null ? null : nextLink(ctx, r, what);
            if (checkOrder && !all.isEmpty() && !items.isEmpty()) {
                ctx.check(
                        compare(all.get(all.size() - 1), items.get(0)) < 0,
                        what + ": the page starts with " + items.get(0) + ", not after " + all.get(all.size() - 1));
            }
            all.addAll(items);
            if (next != null) {
                ctx.check(!items.isEmpty(), what + ": an empty page with a Link to more");
                target = next.toString();
                continue;
            }
            if (n > 0 && items.size() == n) {
                // a full page without Link: ask for what follows the last tag
                String base = first.contains("?") ? first.substring(0, first.indexOf('?')) : first;
                target = base + "?n=" + n + "&last=" + Urls.encode(items.get(items.size() - 1));
                continue;
            }
            return all;
        }
        throw ctx.fail("more than " + MAX_PAGES + " pages of tags");
    }

    /** The {@code rel="next"} target of a response's {@code Link} headers (RFC 8288), which must have one. */
    static URI nextLink(Ctx ctx, Http.Response r, String what) {
        List<String> links = r.headers("Link");
        Optional<String> next = Link.next(links);
        ctx.check(
                next.isPresent(),
                what + ": Link header '" + String.join(", ", links) + "' has no <url>; rel=\"next\" (RFC 8288)");
        return Http.resolve(r.uri(), next.get());
    }

    private static void checkOrder(Ctx ctx, List<String> items, String what) {
        boolean ascii = isSorted(items, Comparator.naturalOrder());
        boolean lexical = isSorted(items, String.CASE_INSENSITIVE_ORDER);
        ctx.check(ascii || lexical, what + ": the tags are neither in lexical nor in ASCII order: " + items);
    }

    private static int compare(String a, String b) {
        // either order the spec allows; equal strings are never in order
        return a.compareTo(b) < 0 || a.compareToIgnoreCase(b) < 0 ? -1 : a.equals(b) ? 0 : 1;
    }

    private static boolean isSorted(List<String> items, Comparator<String> order) {
        for (int i = 1; i < items.size(); i++) {
            if (order.compare(items.get(i - 1), items.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    // ================================================================== referrers

    private static void referrers(Checks c) {
        TestData.Manifest image = c.data.variant("image").main();
        TestData.Variant subject = c.data.variant("subject");
        TestData.Variant missing = c.data.variant("subjectMissing");
        Supplier<String> gate = Checks.all(List.of(c.on("OCI_API_REFERRER"), c.variantOn(subject)));

        c.add(
                        "discovery.referrers.list",
                        CONTENT_DISCOVERY,
                        "GET referrers of the image: every manifest with that subject")
                .must("end-12a", REFERRERS)
                .when(gate)
                .requires("push.subject.manifests")
                .run(ctx -> {
                    Map<Digest, JsonNode> listed = listReferrers(ctx, image.digest(), null);
                    Map<Digest, TestData.Manifest> expected = expectedReferrers(ctx, image.digest());
                    ctx.check(
                            listed.keySet().equals(expected.keySet()),
                            "the referrers of " + image.digest() + " are " + listed.keySet() + ", expected "
                                    + describe(expected));
                    for (TestData.Manifest m : expected.values()) {
                        JsonNode d = listed.get(m.digest());
                        ctx.check(
                                m.mediaType().equals(d.path("mediaType").asString(null)),
                                "the descriptor of " + m.label() + " has mediaType " + d.get("mediaType")
                                        + ", expected " + m.mediaType());
                        ctx.check(
                                d.path("size").canConvertToLong()
                                        && d.get("size").asLong() == m.content().length,
                                "the descriptor of " + m.label() + " has size " + d.get("size") + ", expected "
                                        + m.content().length);
                    }
                });

        c.add("discovery.referrers.artifact-type", CONTENT_DISCOVERY, "referrers carry artifactType and annotations")
                .must(
                        "end-12a",
                        "The descriptors MUST include an artifactType field that is set to the value of the"
                                + " artifactType in the image manifest or index, if present. If the artifactType is"
                                + " empty or missing in the image manifest, the value of artifactType MUST be set to"
                                + " the config descriptor mediaType value. If the artifactType is empty or missing in"
                                + " an index, the artifactType MUST be omitted. The descriptors MUST include annotations"
                                + " from the image manifest or index.")
                .when(gate)
                .requires("push.subject.manifests")
                .run(ctx -> {
                    Map<Digest, JsonNode> listed = listReferrers(ctx, image.digest(), null);
                    Map<Digest, TestData.Manifest> expected = expectedReferrers(ctx, image.digest());
                    for (TestData.Manifest m : expected.values()) {
                        JsonNode d = listed.get(m.digest());
                        ctx.check(d != null, m.label() + " is not among the referrers of " + image.digest());
                        checkDescriptor(ctx, d, m);
                    }
                });

        c.add(
                        "discovery.referrers.missing-subject",
                        CONTENT_DISCOVERY,
                        "referrers of a digest never pushed list the manifest that names it")
                .must(
                        "end-12a",
                        "After the referrers API is enabled, Registries MUST include all newly pushed image manifests"
                                + " with a valid subject field in the referrers API response. " + REFERRERS)
                .when(Checks.all(List.of(c.on("OCI_API_REFERRER"), c.variantOn(missing))))
                .requires("push.subjectMissing.manifests")
                .run(ctx -> {
                    TestData.Manifest m = missing.main();
                    Map<Digest, JsonNode> listed = listReferrers(ctx, m.subject(), null);
                    ctx.check(
                            listed.keySet().equals(Set.of(m.digest())),
                            "the referrers of " + m.subject() + " are " + listed.keySet() + ", expected only "
                                    + m.digest() + " (" + m.label() + ")");
                    checkDescriptor(ctx, listed.get(m.digest()), m);
                });

        c.add(
                        "discovery.referrers.empty",
                        CONTENT_DISCOVERY,
                        "referrers of a digest nothing refers to: 200, no manifests")
                .must(
                        "end-12a",
                        "If a query results in no matching referrers, an empty manifest list MUST be returned. "
                                + REFERRERS)
                .when(c.on("OCI_API_REFERRER"))
                .run(ctx -> {
                    Map<Digest, JsonNode> listed = listReferrers(ctx, ctx.data.unknownDigest(), null);
                    ctx.check(listed.isEmpty(), "expected no referrers, got " + listed.keySet());
                });

        c.add("discovery.referrers.invalid-digest", CONTENT_DISCOVERY, "referrers of a malformed digest: 400")
                .must(
                        "end-12a",
                        "If the request is invalid, such as a <digest> with an invalid syntax, a 400 Bad Request MUST"
                                + " be returned.")
                .when(c.on("OCI_API_REFERRER"))
                .run(ctx -> {
                    Http.Response r = ctx.get("/v2/" + ctx.repo1() + "/referrers/sha256:not-a-digest");
                    ctx.expectErrorBody(r, "GET referrers/sha256:not-a-digest");
                    ctx.expectStatus(r, "GET referrers/sha256:not-a-digest", 400);
                });

        c.add(
                        "discovery.referrers.filter-applied",
                        CONTENT_DISCOVERY,
                        "?artifactType= is applied and says so in OCI-Filters-Applied")
                .should(
                        "end-12b",
                        "The registry SHOULD support filtering on artifactType. [...] If filtering is requested and"
                                + " applied, the response MUST include a header OCI-Filters-Applied: artifactType"
                                + " denoting that an artifactType filter was applied.")
                .when(gate)
                .requires("push.subject.manifests")
                .run(ctx -> {
                    Http.Response r = ctx.request("GET", "/v2/" + ctx.repo1() + "/referrers/" + image.digest())
                            .query("artifactType", TestData.SBOM_TYPE)
                            .send();
                    ctx.expectStatus(r, "GET referrers?artifactType=", 200);
                    String applied = r.header("OCI-Filters-Applied");
                    ctx.check(
                            applied != null
                                    && List.of(applied.split("\\s*,\\s*")).contains("artifactType"),
                            "GET referrers?artifactType=: OCI-Filters-Applied is "
                                    + (applied == null ? "missing" : "'" + applied + "'")
                                    + ", so the filter was not applied");
                });

        c.add("discovery.referrers.filter-results", CONTENT_DISCOVERY, "a filtered list holds only that artifactType")
                .must(
                        "end-12b",
                        "GET /v2/<name>/referrers/<digest>?artifactType=<artifactType> [...] If filtering is requested"
                                + " and applied, the response MUST include a header OCI-Filters-Applied: artifactType.")
                .when(gate)
                .requires("push.subject.manifests")
                .run(ctx -> {
                    Http.Response first = ctx.request("GET", "/v2/" + ctx.repo1() + "/referrers/" + image.digest())
                            .query("artifactType", TestData.SBOM_TYPE)
                            .send();
                    ctx.expectStatus(first, "GET referrers?artifactType=", 200);
                    String applied = first.header("OCI-Filters-Applied");
                    if (applied == null || !applied.contains("artifactType")) {
                        ctx.skip("the registry does not filter (no OCI-Filters-Applied); clients filter themselves");
                    }
                    Map<Digest, JsonNode> listed = listReferrers(ctx, image.digest(), TestData.SBOM_TYPE);
                    Map<Digest, TestData.Manifest> expected = new LinkedHashMap<>();
                    expectedReferrers(ctx, image.digest()).forEach((d, m) -> {
                        if (TestData.SBOM_TYPE.equals(m.expectedArtifactType())) {
                            expected.put(d, m);
                        }
                    });
                    ctx.check(
                            listed.keySet().equals(expected.keySet()),
                            "the referrers of type " + TestData.SBOM_TYPE + " are " + listed.keySet() + ", expected "
                                    + describe(expected));
                });

        c.add(
                        "discovery.referrers.filter-header",
                        CONTENT_DISCOVERY,
                        "OCI-Filters-Applied only when a filter was applied, and then the list is filtered")
                .must(
                        "end-12b",
                        "If filtering is requested and applied, the response MUST include a header"
                                + " OCI-Filters-Applied: artifactType denoting that an artifactType filter was applied."
                                + " (Without the header the client takes the list as unfiltered and filters it"
                                + " itself: a header without a filter, or a filter without the header, misleads it.)")
                .when(gate)
                .requires("push.subject.manifests")
                .run(ctx -> {
                    String path = "/v2/" + ctx.repo1() + "/referrers/" + image.digest();
                    Http.Response plain = ctx.get(path);
                    ctx.expectStatus(plain, "GET referrers without artifactType", 200);
                    String header = plain.header("OCI-Filters-Applied");
                    ctx.verify(
                            header == null,
                            "GET referrers without artifactType: OCI-Filters-Applied is '" + header + "', though no"
                                    + " filter was requested");
                    Http.Response filtered = ctx.request("GET", path)
                            .query("artifactType", TestData.SBOM_TYPE)
                            .send();
                    ctx.expectStatus(filtered, "GET referrers?artifactType=", 200);
                    String applied = filtered.header("OCI-Filters-Applied");
                    boolean says = applied != null
                            && List.of(applied.split("\\s*,\\s*")).contains("artifactType");
                    Map<Digest, JsonNode> listed = listReferrers(ctx, image.digest(), TestData.SBOM_TYPE);
                    Map<Digest, TestData.Manifest> expected = expectedReferrers(ctx, image.digest());
                    List<Digest> others = expected.values().stream()
                            .filter(m -> !TestData.SBOM_TYPE.equals(m.expectedArtifactType()))
                            .map(TestData.Manifest::digest)
                            .toList();
                    if (says) {
                        List<Digest> wrong =
                                others.stream().filter(listed::containsKey).toList();
                        ctx.check(
                                wrong.isEmpty(),
                                "GET referrers?artifactType=" + TestData.SBOM_TYPE + " says OCI-Filters-Applied: "
                                        + applied + ", yet lists referrers of other types: " + wrong);
                    } else {
                        List<Digest> absent = others.stream()
                                .filter(d -> !listed.containsKey(d))
                                .toList();
                        ctx.check(
                                absent.isEmpty(),
                                "GET referrers?artifactType=" + TestData.SBOM_TYPE + " has no OCI-Filters-Applied, so"
                                        + " the list must be unfiltered, but it lacks the referrers of other types "
                                        + absent + ": the registry filtered without saying so");
                        ctx.note("the registry does not filter by artifactType (no OCI-Filters-Applied)");
                    }
                });

        c.add(
                        "discovery.referrers.same-repository",
                        CONTENT_DISCOVERY,
                        "a referrer pushed to repo2 is listed there, not in repo1")
                .must(
                        "end-12a",
                        "Each descriptor is of an image manifest or index in the same <name> namespace with a subject"
                                + " field that specifies the value of <digest>. After the referrers API is enabled,"
                                + " Registries MUST include all newly pushed image manifests with a valid subject field"
                                + " in the referrers API response.")
                .when(Checks.all(List.of(c.on("OCI_API_REFERRER", "OCI_API_PUSH"), gate)))
                .requires("push.subject.manifests")
                .run(ctx -> {
                    byte[] empty = {'{', '}'};
                    byte[] file = ("in repo2, run " + ctx.data.runId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    TestData.Blob config = new TestData.Blob(TestData.EMPTY_JSON_TYPE, empty, Digest.sha256(empty));
                    TestData.Blob layer = new TestData.Blob(TestData.FILE_TYPE, file, Digest.sha256(file));
                    for (TestData.Blob b : List.of(config, layer)) {
                        Ops.pushBlob(ctx, ctx.repo2(), b);
                        Ops.leftovers(ctx).add(ctx.repo2() + " " + b.digest());
                    }
                    tools.jackson.databind.node.ObjectNode node = Json.object();
                    node.put("schemaVersion", 2);
                    node.put("mediaType", MediaTypes.OCI_MANIFEST);
                    node.put("artifactType", TestData.ARTIFACT_TYPE);
                    node.set("config", config.descriptor());
                    node.putArray("layers").add(layer.descriptor());
                    node.set("subject", image.descriptor());
                    byte[] bytes = Json.bytes(node);
                    TestData.Manifest m = new TestData.Manifest(
                            "referrer in repo2",
                            MediaTypes.OCI_MANIFEST,
                            bytes,
                            Digest.sha256(bytes),
                            List.of(),
                            image.digest(),
                            TestData.ARTIFACT_TYPE,
                            Map.of());
                    Ops.pushManifest(ctx, ctx.repo2(), m, m.digest().toString());
                    Ops.leftoverManifests(ctx).add(ctx.repo2() + " " + m.digest());
                    Map<Digest, JsonNode> inRepo1 = listReferrers(ctx, image.digest(), null);
                    ctx.check(
                            !inRepo1.containsKey(m.digest()),
                            "the referrers of " + image.digest() + " in " + ctx.repo1() + " list " + m.digest()
                                    + ", which was pushed to " + ctx.repo2());
                    Map<Digest, JsonNode> inRepo2 = listReferrers(ctx, ctx.repo2(), image.digest(), null);
                    ctx.check(
                            inRepo2.keySet().equals(Set.of(m.digest())),
                            "the referrers of " + image.digest() + " in " + ctx.repo2() + " are " + inRepo2.keySet()
                                    + ", expected only " + m.digest());
                });

        c.add("discovery.referrers.paging", CONTENT_DISCOVERY, "referrers in pages: Link rel=\"next\", no repeats")
                .must("end-12a", REFERRERS_LINK)
                .when(gate)
                .requires("push.subject.manifests")
                .run(ctx -> {
                    List<Digest> seen = new ArrayList<>();
                    int pages = walkReferrers(ctx, ctx.repo1(), image.digest(), null, seen, new LinkedHashMap<>());

                    Set<Digest> unique = new HashSet<>(seen);
                    ctx.check(unique.size() == seen.size(), "a referrer is listed twice across pages: " + seen);
                    ctx.check(
                            unique.equals(expectedReferrers(ctx, image.digest()).keySet()),
                            "the pages list " + seen + ", expected "
                                    + expectedReferrers(ctx, image.digest()).keySet());
                    ctx.note(
                            pages == 1
                                    ? "all " + seen.size() + " referrers came in one page (no Link needed)"
                                    : seen.size() + " referrers in " + pages + " pages");
                });
    }

    /** OCI_RO_DATA_REFERRERS: subjects of pre-loaded content whose referrers are listed. */
    private static void readOnlyReferrers(Checks c) {
        List<String> subjects = c.settings.list("OCI_RO_DATA_REFERRERS");
        if (subjects.isEmpty()) {
            return;
        }
        c.add(
                        "discovery.ro.referrers",
                        CONTENT_DISCOVERY,
                        "pre-loaded content: GET referrers of every OCI_RO_DATA_REFERRERS digest")
                .must("end-12a", REFERRERS)
                .when(c.on("OCI_API_REFERRER"))
                .run(ctx -> {
                    for (String text : subjects) {
                        Digest subject = PullChecks.parseDigest(ctx, text, "OCI_RO_DATA_REFERRERS");
                        Map<Digest, JsonNode> listed = listReferrers(ctx, subject, null);
                        for (Map.Entry<Digest, JsonNode> e : listed.entrySet()) {
                            JsonNode d = e.getValue();
                            ctx.check(
                                    MediaTypes.OCI_MANIFEST.equals(
                                                    d.path("mediaType").asString(null))
                                            || MediaTypes.OCI_INDEX.equals(
                                                    d.path("mediaType").asString(null)),
                                    "referrer " + e.getKey() + " of " + subject + " has mediaType " + d.get("mediaType")
                                            + ", not an image manifest or index");
                            ctx.check(
                                    d.path("size").canConvertToLong(),
                                    "referrer " + e.getKey() + " of " + subject + " has no size");
                        }
                        ctx.note(subject + ": " + listed.size() + " referrers");
                    }
                });
    }

    private static String describe(Map<Digest, TestData.Manifest> manifests) {
        List<String> out = new ArrayList<>();
        manifests.forEach((d, m) -> out.add(d + " (" + m.label() + ")"));
        return out.toString();
    }

    /** The manifests this run pushed (and still holds) whose subject is {@code subject}. */
    static Map<Digest, TestData.Manifest> expectedReferrers(Ctx ctx, Digest subject) {
        Map<Digest, TestData.Manifest> pushed = Ops.pushedManifests(ctx);
        Map<Digest, TestData.Manifest> out = new LinkedHashMap<>();
        pushed.forEach((d, m) -> {
            if (subject.equals(m.subject())) {
                out.put(d, m);
            }
        });
        return out;
    }

    private static void checkDescriptor(Ctx ctx, JsonNode d, TestData.Manifest m) {
        String artifactType =
                d.path("artifactType").isString() ? d.get("artifactType").asString() : null;
        if (m.expectedArtifactType() == null) {
            ctx.check(
                    artifactType == null || d.get("artifactType").isNull(),
                    "the descriptor of " + m.label() + " (an index without artifactType) has artifactType "
                            + d.get("artifactType") + "; it MUST be omitted");
        } else {
            ctx.check(
                    m.expectedArtifactType().equals(artifactType),
                    "the descriptor of " + m.label() + " has artifactType " + d.get("artifactType") + ", expected \""
                            + m.expectedArtifactType() + "\"");
        }
        for (Map.Entry<String, String> a : m.annotations().entrySet()) {
            JsonNode value = d.path("annotations").get(a.getKey());
            ctx.check(
                    value != null && value.isString() && value.asString().equals(a.getValue()),
                    "the descriptor of " + m.label() + " lacks annotation " + a.getKey() + "=" + a.getValue()
                            + "; its annotations are " + d.get("annotations"));
        }
    }

    /** Every referrer of {@code subject} (all pages), by digest; checks status, Content-Type and the index format. */
    static Map<Digest, JsonNode> listReferrers(Ctx ctx, Digest subject, String artifactType) {
        return listReferrers(ctx, ctx.repo1(), subject, artifactType);
    }

    static Map<Digest, JsonNode> listReferrers(Ctx ctx, String repo, Digest subject, String artifactType) {
        Map<Digest, JsonNode> out = new LinkedHashMap<>();
        walkReferrers(ctx, repo, subject, artifactType, new ArrayList<>(), out);
        return out;
    }

    private static int walkReferrers(
            Ctx ctx, String repo, Digest subject, String artifactType, List<Digest> seen, Map<Digest, JsonNode> out) {
        Http.Request first = ctx.request("GET", "/v2/" + repo + "/referrers/" + subject);
        if (artifactType != null) {
            first.query("artifactType", artifactType);
        }
        String target = first.uri().toString();
        for (int page = 1; page <= MAX_PAGES; page++) {
            Http.Response r = ctx.get(target);
            String what = "GET referrers of " + subject + (page > 1 ? " (page " + page + ")" : "");
            if (r.status() == 404) {
                throw ctx.fail(what + ": 404 — the registry does not support the referrers API (a registry that"
                        + " does MUST NOT answer 404); clients must fall back to the referrers tag schema"
                        + Ctx.errorSummary(r));
            }
            ctx.expectStatus(r, what, 200);
            String type = ctx.expectHeader(r, "Content-Type", what);
            ctx.check(
                    type.split(";")[0].strip().equals(MediaTypes.OCI_INDEX),
                    what + ": Content-Type is '" + type + "', expected " + MediaTypes.OCI_INDEX);
            JsonNode index = ctx.expectJson(r, what);
            ctx.check(
                    index.path("schemaVersion").asInt(0) == 2,
                    what + ": schemaVersion is " + index.get("schemaVersion") + ", expected 2");
            ctx.check(
                    !index.has("mediaType")
                            || MediaTypes.OCI_INDEX.equals(
                                    index.get("mediaType").asString(null)),
                    what + ": mediaType is " + index.get("mediaType"));
            JsonNode manifests = index.get("manifests");
            ctx.check(manifests != null && manifests.isArray(), what + ": no \"manifests\" array");
            for (JsonNode d : manifests) {
                String digest = d.path("digest").asString("");
                ctx.check(Digest.looksLikeDigest(digest), what + ": a descriptor has no valid digest: " + d);
                Digest parsed = PullChecks.parseDigest(ctx, digest, "a referrers descriptor");
                seen.add(parsed);
                out.put(parsed, d);
            }
            if (r.header("Link") == null) {
                return page;
            }
            target = nextLink(ctx, r, what).toString();
        }
        throw ctx.fail("more than " + MAX_PAGES + " pages of referrers");
    }
}
