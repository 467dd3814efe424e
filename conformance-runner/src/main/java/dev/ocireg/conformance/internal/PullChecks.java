package dev.ocireg.conformance.internal;

import static dev.ocireg.conformance.Workflow.PULL;

import dev.ocireg.spec.Digest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The Pull workflow: manifests and blobs by tag and digest, HEAD, 404s, ranges, and pre-loaded content. */
final class PullChecks {
    static final String GET_MANIFEST = "A GET request to an existing manifest URL MUST provide the expected manifest,"
            + " with a response code that MUST be 200 OK. A successful response MUST contain the digest of the uploaded"
            + " blob in the header Docker-Content-Digest.";
    static final String EXACT_BYTES =
            "The registry MUST store the manifest in the exact byte representation provided by the client.";
    static final String GET_BLOB = "A GET request to an existing blob URL MUST provide the expected blob, with a"
            + " response code that MUST be 200 OK. A successful response MUST contain the digest of the uploaded blob"
            + " in the header Docker-Content-Digest. If present, the value of this header MUST be a digest matching"
            + " that of the response body.";
    static final String HEAD = "A HEAD request to an existing blob or manifest URL MUST return 200 OK. A successful"
            + " response MUST contain the digest of the uploaded blob or manifest in the header Docker-Content-Digest."
            + " A successful response MUST contain the size in bytes of the uploaded blob or manifest in the header"
            + " Content-Length.";
    static final String MANIFEST_404 =
            "If the manifest is not found in the repository, the response code MUST be 404 Not Found.";
    static final String BLOB_404 =
            "If the blob is not found in the repository, the response code MUST be 404 Not Found.";
    static final String HEAD_404 =
            "If the blob or manifest is not found in the repository, the response code MUST be 404 Not Found.";
    static final String RANGE =
            "A registry SHOULD support the Range request header in accordance with RFC 9110 (section 14).";
    static final String ERROR_FORMAT = "A 4XX response code from the registry MAY return a body in any format. If the"
            + " response body is in JSON format, it MUST have the following format: {\"errors\": [{\"code\", \"message\","
            + " \"detail\"}]}. The code field MUST be one of the following: ";

    private PullChecks() {}

    static void add(Checks c) {
        c.add("pull.base", PULL, "GET /v2/ answers 200 OK")
                .must(
                        "end-1",
                        "To check whether or not the registry implements this specification, perform a GET request to"
                                + " the following endpoint: /v2/. If the response is 200 OK, then the registry"
                                + " implements this specification.")
                .run(ctx -> ctx.expectStatus(ctx.get("/v2/"), "GET /v2/", 200));

        for (TestData.Variant v : c.data.variants()) {
            variant(c, v);
        }

        unknown(c);
        auth(c);
        ranges(c);
        contentType(c);
        readOnlyData(c);
        redirects(c);
        warnings(c);
    }

    static final String REDIRECT = "Registries MAY respond to any request with a redirect per RFC 9110 (section 15.4);"
            + " clients SHOULD follow such redirects, and MUST NOT forward Authorization headers across host"
            + " boundaries unless explicitly configured to do so. The status codes documented in this specification"
            + " are those returned after any redirects have been followed.";

    /** A blob download answered with a redirect (to a CDN, object storage): followed, the bytes checked. */
    private static void redirects(Checks c) {
        TestData.Blob layer = c.data.variant("image").blobs.get(1);
        c.add("pull.blob-redirect", PULL, "a blob GET answered with a redirect serves the blob from its target")
                .may("end-2", REDIRECT + " " + GET_BLOB)
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    String path = Ctx.blobPath(ctx.repo1(), layer.digest());
                    Http.Response r = ctx.get(path);
                    if (r.redirects().isEmpty()) {
                        ctx.skip("the registry serves blobs itself (GET " + path + ": " + r.status()
                                + " without a redirect)");
                    }
                    String what = "GET blob " + layer.digest() + " through " + String.join(", then ", r.redirects());
                    ctx.expectStatus(r, what, 200);
                    ctx.expectBody(r, layer.content(), what);
                    Http.Response head = ctx.head(path);
                    String headWhat = "HEAD blob " + layer.digest()
                            + (head.redirects().isEmpty()
                                    ? ""
                                    : " through " + String.join(", then ", head.redirects()));
                    ctx.expectStatus(head, headWhat, 200);
                    Ops.expectContentLength(ctx, head, layer.size(), headWhat);
                    boolean otherHost = r.redirects().stream().anyMatch(h -> !h.contains(" " + ctx.http.base() + "/"));
                    ctx.note("redirected: " + String.join(", then ", r.redirects())
                            + (otherHost ? " (to another host: sent without the registry's Authorization)" : ""));
                });
    }

    /** The Warning headers of every response of the run: tolerated, and checked against the spec's format. */
    private static void warnings(Checks c) {
        c.add("pull.warnings", PULL, "Warning headers, if any, are 299 - \"text\" and at most 4096 bytes a response")
                .must(
                        "warnings",
                        "Registry implementations MAY include informational warnings in Warning headers, as described"
                                + " in RFC 7234 (section 5.5). If included, Warning headers MUST specify a warn-code of"
                                + " 299 and a warn-agent of -, and MUST NOT specify a warn-date value. A registry MUST"
                                + " NOT send more than 4096 bytes of warning data from all headers combined.")
                .stage(CheckDef.LAST)
                .run(ctx -> {
                    ctx.expectStatus(ctx.get("/v2/"), "GET /v2/", 200, 401);
                    List<String> problems = ctx.http.warningProblems();
                    ctx.check(problems.isEmpty(), String.join("; ", problems));
                    List<String> seen = ctx.http.warnings();
                    ctx.note(
                            seen.isEmpty()
                                    ? "no Warning headers in the run"
                                    : seen.size() + " distinct warnings in the run: " + String.join(" | ", seen));
                });
    }

    /** Pulls of one data variant, each requiring that variant's push. */
    private static void variant(Checks c, TestData.Variant v) {
        String push = "push." + v.key + ".manifests";
        Supplier<String> gate = c.variantOn(v);
        TestData.Manifest main = v.main();
        if (!main.tags().isEmpty()) {
            c.add("pull." + v.key + ".manifest-by-tag", PULL, v.title + ": GET the manifest by tag")
                    .must("end-3", GET_MANIFEST + " " + EXACT_BYTES)
                    .when(gate)
                    .requires(push)
                    .run(ctx -> {
                        for (String tag : main.tags()) {
                            Ops.pullManifest(ctx, ctx.repo1(), tag, main);
                        }
                    });
        }
        c.add("pull." + v.key + ".manifest-by-digest", PULL, v.title + ": GET every manifest by digest")
                .must("end-3", GET_MANIFEST + " " + EXACT_BYTES)
                .when(gate)
                .requires(push)
                .run(ctx -> {
                    for (TestData.Manifest m : v.manifests) {
                        Ops.pullManifest(ctx, ctx.repo1(), m.digest().toString(), m);
                    }
                });
        c.add("pull." + v.key + ".manifest-head", PULL, v.title + ": HEAD every manifest")
                .must("end-3", HEAD)
                .when(gate)
                .requires(push)
                .run(ctx -> {
                    for (TestData.Manifest m : v.manifests) {
                        Ops.headManifest(ctx, ctx.repo1(), m.digest().toString(), m);
                    }
                    if (!main.tags().isEmpty()) {
                        Ops.headManifest(ctx, ctx.repo1(), main.tags().get(0), main);
                    }
                });
        if (!v.blobs.isEmpty()) {
            String pushBlobs = "push." + v.key + ".blobs";
            c.add("pull." + v.key + ".blobs", PULL, v.title + ": GET every blob")
                    .must("end-2", GET_BLOB)
                    .when(gate)
                    .requires(pushBlobs)
                    .run(ctx -> {
                        for (TestData.Blob b : v.blobs) {
                            Ops.pullBlob(ctx, ctx.repo1(), b.digest(), b.content());
                        }
                    });
            c.add("pull." + v.key + ".blobs-head", PULL, v.title + ": HEAD every blob")
                    .must("end-2", HEAD)
                    .when(gate)
                    .requires(pushBlobs)
                    .run(ctx -> {
                        for (TestData.Blob b : v.blobs) {
                            Ops.headBlob(ctx, ctx.repo1(), b.digest(), b.content());
                        }
                    });
        }
        if (!v.unpushedManifests.isEmpty()) {
            c.add("pull." + v.key + ".children-absent", PULL, v.title + ": the children never pushed are 404")
                    .must("end-3", MANIFEST_404)
                    .when(gate)
                    .requires(push)
                    .run(ctx -> {
                        for (TestData.Manifest m : v.unpushedManifests) {
                            Ops.expectNotFound(
                                    ctx,
                                    ctx.get(
                                            Ctx.manifestPath(
                                                    ctx.repo1(), m.digest().toString()),
                                            "Accept",
                                            Ops.MANIFEST_ACCEPT),
                                    "GET " + m.label());
                        }
                    });
        }
    }

    private static void unknown(Checks c) {
        c.add("pull.manifest-unknown-tag", PULL, "GET a tag that does not exist: 404")
                .must("end-3", MANIFEST_404)
                .run(ctx -> Ops.expectNotFound(
                        ctx,
                        ctx.get(Ctx.manifestPath(ctx.repo1(), ctx.data.tag("absent")), "Accept", Ops.MANIFEST_ACCEPT),
                        "GET an unknown tag"));
        c.add("pull.manifest-unknown-digest", PULL, "GET a manifest digest that does not exist: 404")
                .must("end-3", MANIFEST_404)
                .run(ctx -> Ops.expectNotFound(
                        ctx,
                        ctx.get(
                                Ctx.manifestPath(
                                        ctx.repo1(), ctx.data.unknownDigest().toString()),
                                "Accept",
                                Ops.MANIFEST_ACCEPT),
                        "GET an unknown manifest digest"));
        c.add("pull.manifest-head-unknown", PULL, "HEAD a manifest that does not exist: 404")
                .must("end-3", HEAD_404)
                .run(ctx -> ctx.expectStatus(
                        ctx.head(Ctx.manifestPath(ctx.repo1(), ctx.data.tag("absent")), "Accept", Ops.MANIFEST_ACCEPT),
                        "HEAD an unknown tag",
                        404));
        c.add("pull.blob-unknown", PULL, "GET a blob that does not exist: 404")
                .must("end-2", BLOB_404)
                .run(ctx -> Ops.expectNotFound(
                        ctx, ctx.get(Ctx.blobPath(ctx.repo1(), ctx.data.unknownDigest())), "GET an unknown blob"));
        c.add("pull.blob-head-unknown", PULL, "HEAD a blob that does not exist: 404")
                .must("end-2", HEAD_404)
                .run(ctx -> ctx.expectStatus(
                        ctx.head(Ctx.blobPath(ctx.repo1(), ctx.data.unknownDigest())), "HEAD an unknown blob", 404));
        c.add("pull.repository-unknown", PULL, "GET a manifest of a repository that does not exist: 404")
                .must("end-3", "An attempt to pull a nonexistent repository MUST return response code 404 Not Found.")
                .run(ctx -> Ops.expectNotFound(
                        ctx,
                        ctx.get(
                                Ctx.manifestPath(ctx.repo1() + "/absent" + ctx.data.runId, "latest"),
                                "Accept",
                                Ops.MANIFEST_ACCEPT),
                        "GET a manifest of an unknown repository"));
        c.add("pull.error.blob-unknown", PULL, "an unknown blob is reported as BLOB_UNKNOWN")
                .should("end-2, code-1", ERROR_FORMAT + "BLOB_UNKNOWN (code-1): blob unknown to registry.")
                .run(ctx -> ctx.expectErrorCode(
                        ctx.get(Ctx.blobPath(ctx.repo1(), ctx.data.unknownDigest())),
                        "BLOB_UNKNOWN",
                        "GET an unknown blob"));
        c.add("pull.error.manifest-unknown", PULL, "an unknown manifest is reported as MANIFEST_UNKNOWN")
                .should("end-3, code-7", ERROR_FORMAT + "MANIFEST_UNKNOWN (code-7): manifest unknown to registry.")
                .requires("push.image.manifests")
                .when(c.on("OCI_DATA_IMAGE"))
                .run(ctx -> ctx.expectErrorCode(
                        ctx.get(Ctx.manifestPath(ctx.repo1(), ctx.data.tag("absent")), "Accept", Ops.MANIFEST_ACCEPT),
                        "MANIFEST_UNKNOWN",
                        "GET an unknown tag of an existing repository"));
    }

    private static void auth(Checks c) {
        c.add("pull.error.unauthorized", PULL, "without credentials: 401 with a challenge and UNAUTHORIZED")
                .should(
                        "end-1, code-11",
                        "GET /v2/: failure 404/401 (endpoint table). This endpoint MAY be used for"
                                + " authentication/authorization purposes. " + ERROR_FORMAT
                                + "UNAUTHORIZED (code-11): authentication required. (RFC 9110 §11.6.1: a 401 response"
                                + " MUST send a WWW-Authenticate header.)")
                .when(() -> c.settings.username().isEmpty()
                        ? "no credentials configured (OCI_USERNAME): the registry is tested anonymously"
                        : null)
                .run(ctx -> {
                    Http.Response r = ctx.request("GET", "/v2/").anonymous().send();
                    if (r.status() == 200) {
                        ctx.skip("the registry answers GET /v2/ without credentials; the credentials are for other"
                                + " requests");
                    }
                    ctx.expectStatus(r, "GET /v2/ without credentials", 401);
                    ctx.expectHeader(r, "WWW-Authenticate", "GET /v2/ without credentials");
                    ctx.expectErrorCode(r, "UNAUTHORIZED", "GET /v2/ without credentials");
                });
    }

    private static void ranges(Checks c) {

        TestData.Blob layer = c.data.variant("image").blobs.get(1); // 2048 bytes
        int size = layer.content().length;
        String push = "push.image.blobs";
        Supplier<String> gate = c.on("OCI_DATA_IMAGE");
        c.add("pull.range.first-bytes", PULL, "Range: bytes=0-99 gets 206 with the first 100 bytes")
                .should("end-2", RANGE)
                .when(gate)
                .requires(push)
                .run(ctx -> range(ctx, layer, "bytes=0-99", 0, 99));
        c.add("pull.range.middle", PULL, "Range: bytes=100-1123 gets 206 with those 1024 bytes")
                .should("end-2", RANGE)
                .when(gate)
                .requires(push)
                .run(ctx -> range(ctx, layer, "bytes=100-1123", 100, 1123));
        c.add("pull.range.open-ended", PULL, "Range: bytes=2000- gets 206 with the rest of the blob")
                .should("end-2", RANGE)
                .when(gate)
                .requires(push)
                .run(ctx -> range(ctx, layer, "bytes=2000-", 2000, size - 1));
        c.add("pull.range.suffix", PULL, "Range: bytes=-10 gets 206 with the last 10 bytes")
                .should("end-2", RANGE)
                .when(gate)
                .requires(push)
                .run(ctx -> range(ctx, layer, "bytes=-10", size - 10, size - 1));
        c.add("pull.range.unsatisfiable", PULL, "a Range beyond the blob gets 416 with Content-Range: bytes */size")
                .should(
                        "end-2",
                        RANGE + " (RFC 9110 §15.5.17: a 416 response to a byte-range request SHOULD send a"
                                + " Content-Range header with an unsatisfied-range value.)")
                .when(gate)
                .requires(push)
                .run(ctx -> {
                    Http.Response r =
                            ctx.get(Ctx.blobPath(ctx.repo1(), layer.digest()), "Range", "bytes=" + size + "-");
                    ctx.expectStatus(r, "GET blob with Range: bytes=" + size + "-", 416);
                    String contentRange = ctx.expectHeader(r, "Content-Range", "416 response");
                    ctx.check(
                            contentRange.strip().equals("bytes */" + size),
                            "416 response: Content-Range is '" + contentRange + "', expected 'bytes */" + size + "'");
                });
    }

    private static void range(Ctx ctx, TestData.Blob blob, String range, int first, int last) {
        Http.Response r = ctx.get(Ctx.blobPath(ctx.repo1(), blob.digest()), "Range", range);
        String what = "GET blob with Range: " + range;
        ctx.expectStatus(r, what, 206);
        String contentRange = ctx.expectHeader(r, "Content-Range", what);
        String expected = "bytes " + first + "-" + last + "/" + blob.size();
        ctx.check(
                contentRange.strip().equals(expected),
                what + ": Content-Range is '" + contentRange + "', expected '" + expected + "'");
        ctx.expectBody(r, Arrays.copyOfRange(blob.content(), first, last + 1), what);
    }

    private static void contentType(Checks c) {
        c.add("pull.content-type", PULL, "manifests are served with the media type pushed, without parameters")
                .should(
                        "end-3",
                        "The registry SHOULD NOT include parameters on the Content-Type header. The Content-Type"
                                + " header SHOULD match what the client pushed as the manifest's Content-Type.")
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.manifests")
                .run(ctx -> {
                    // one manifest of each media type pushed so far (manifest-by-digest checks compare them all)
                    java.util.Map<Digest, TestData.Manifest> pushed = Ops.pushedManifests(ctx);
                    java.util.Map<String, TestData.Manifest> oneOfEach = new java.util.LinkedHashMap<>();
                    pushed.values().forEach(m -> oneOfEach.putIfAbsent(m.mediaType(), m));
                    for (TestData.Manifest m : List.copyOf(oneOfEach.values())) {

                        Http.Response r = ctx.get(
                                Ctx.manifestPath(ctx.repo1(), m.digest().toString()), "Accept", Ops.MANIFEST_ACCEPT);
                        String what = "GET " + m.label();
                        ctx.expectStatus(r, what, 200);
                        String type = ctx.expectHeader(r, "Content-Type", what);
                        ctx.check(!type.contains(";"), what + ": Content-Type '" + type + "' has parameters");
                        ctx.check(
                                type.strip().toLowerCase(Locale.ROOT).equals(m.mediaType()),
                                what + ": Content-Type is '" + type + "', but it was pushed as " + m.mediaType());
                    }
                });
    }

    /** OCI_RO_DATA_*: content a read-only registry holds, pulled from repo1. */
    private static void readOnlyData(Checks c) {
        List<String> tags = c.settings.list("OCI_RO_DATA_TAGS");
        List<String> manifests = c.settings.list("OCI_RO_DATA_MANIFESTS");
        List<String> blobs = c.settings.list("OCI_RO_DATA_BLOBS");
        if (!tags.isEmpty()) {
            c.add("pull.ro.tags", PULL, "pre-loaded content: GET and HEAD every OCI_RO_DATA_TAGS tag")
                    .must("end-3", GET_MANIFEST + " " + HEAD)
                    .run(ctx -> {
                        for (String tag : tags) {
                            Http.Response r =
                                    ctx.get(Ctx.manifestPath(ctx.repo1(), tag), "Accept", Ops.MANIFEST_ACCEPT);
                            ctx.expectStatus(r, "GET " + ctx.repo1() + ":" + tag, 200);
                            checkDigestOfBody(ctx, r, "GET " + ctx.repo1() + ":" + tag);
                            Http.Response h =
                                    ctx.head(Ctx.manifestPath(ctx.repo1(), tag), "Accept", Ops.MANIFEST_ACCEPT);
                            ctx.expectStatus(h, "HEAD " + ctx.repo1() + ":" + tag, 200);
                            Ops.expectContentLength(ctx, h, r.body().length, "HEAD " + ctx.repo1() + ":" + tag);
                        }
                    });
        }
        if (!manifests.isEmpty()) {
            c.add("pull.ro.manifests", PULL, "pre-loaded content: GET and HEAD every OCI_RO_DATA_MANIFESTS digest")
                    .must("end-3", GET_MANIFEST + " " + HEAD)
                    .run(ctx -> {
                        for (String text : manifests) {
                            Digest digest = parseDigest(ctx, text, "OCI_RO_DATA_MANIFESTS");
                            Http.Response r = ctx.get(
                                    Ctx.manifestPath(ctx.repo1(), digest.toString()), "Accept", Ops.MANIFEST_ACCEPT);
                            String what = "GET manifest " + digest;
                            ctx.expectStatus(r, what, 200);
                            ctx.check(
                                    Digest.of(digest.algorithm(), r.body()).equals(digest),
                                    what + ": the body's digest is " + Digest.of(digest.algorithm(), r.body()));
                            ctx.expectDigestHeader(r, digest, r.body(), "OCI_API_MANIFESTS_DIGEST_HEADER", what);
                            Http.Response h = ctx.head(
                                    Ctx.manifestPath(ctx.repo1(), digest.toString()), "Accept", Ops.MANIFEST_ACCEPT);
                            ctx.expectStatus(h, "HEAD manifest " + digest, 200);
                            Ops.expectContentLength(ctx, h, r.body().length, "HEAD manifest " + digest);
                        }
                    });
        }
        if (!blobs.isEmpty()) {
            c.add("pull.ro.blobs", PULL, "pre-loaded content: GET and HEAD every OCI_RO_DATA_BLOBS digest")
                    .must("end-2", GET_BLOB + " " + HEAD)
                    .run(ctx -> {
                        for (String text : blobs) {
                            Digest digest = parseDigest(ctx, text, "OCI_RO_DATA_BLOBS");
                            Http.Response r = ctx.get(Ctx.blobPath(ctx.repo1(), digest));
                            String what = "GET blob " + digest;
                            ctx.expectStatus(r, what, 200);
                            ctx.check(
                                    Digest.of(digest.algorithm(), r.body()).equals(digest),
                                    what + ": the body's digest is " + Digest.of(digest.algorithm(), r.body()));
                            ctx.expectDigestHeader(r, digest, r.body(), "OCI_API_BLOBS_DIGEST_HEADER", what);
                            Ops.headBlob(ctx, ctx.repo1(), digest, r.body());
                        }
                    });
        }
    }

    static Digest parseDigest(Ctx ctx, String text, String setting) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw ctx.fail(setting + " holds '" + text + "', which is not a sha256 or sha512 digest");
        }
    }

    private static void checkDigestOfBody(Ctx ctx, Http.Response r, String what) {
        String header = r.header("Docker-Content-Digest");
        if (header == null) {
            if (ctx.settings.flag("OCI_API_MANIFESTS_DIGEST_HEADER")) {
                throw ctx.fail(what + ": no Docker-Content-Digest header");
            }
            return;
        }
        Digest d = parseDigest(ctx, header.strip(), "Docker-Content-Digest");
        ctx.check(
                Digest.of(d.algorithm(), r.body()).equals(d),
                what + ": Docker-Content-Digest " + d + " does not match the body");
    }
}
