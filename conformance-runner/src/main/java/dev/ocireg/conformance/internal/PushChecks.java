package dev.ocireg.conformance.internal;

import static dev.ocireg.conformance.Workflow.PUSH;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/** The Push workflow: each data variant's blobs and manifests, every upload method, mounts, manifest rules. */
final class PushChecks {
    static final String POST_UPLOAD = "Upon success, the response MUST have a code of 202 Accepted, and MUST include"
            + " the following header: Location: <blob-push-location>";
    static final String PUT_UPLOAD = "Upon successful completion of the request, the response MUST have code 201"
            + " Created and MUST have the following header: Location: <blob-location>. With <blob-location> being a"
            + " pullable blob URL.";
    static final String PUT_MANIFEST = "Upon a successful upload, the registry MUST return response code 201 Created,"
            + " and MUST have the following header: Location: <location>. The Docker-Content-Digest header returns the"
            + " digest of the uploaded blob, and MUST be equal to the client provided digest.";
    static final String PATCH = "The response for each successful chunk upload MUST be 202 Accepted, and MUST have"
            + " the following headers: Location: <blob-push-location>, Range: 0-<end-of-range>.";
    static final String CLOSE = "The response to a successful closing of the session MUST be 201 Created, and MUST"
            + " contain the following header: Location: <blob-location>.";
    static final String STATUS = "The response to an active upload <blob-push-location> MUST be a 204 No Content"
            + " response code, and MUST have the following headers: Location: <blob-push-location>, Range:"
            + " 0-<end-of-range>.";
    static final String BAD_DIGEST = "In each implementation, if the client provided digest is invalid or uses an"
            + " unsupported algorithm, the registry SHOULD respond with a response code 400 Bad Request.";
    static final String MISSING_REFERENCE = "A registry MAY reject a manifest uploaded to the manifest endpoint with"
            + " descriptors in other fields that reference a manifest or blob that does not exist in the registry. When"
            + " a manifest is rejected for this reason, it MUST result in one or more MANIFEST_BLOB_UNKNOWN errors.";
    static final String OCI_SUBJECT = "When processing a request for an image manifest with the subject field, a"
            + " registry implementation that supports the referrers API MUST respond with the response header"
            + " OCI-Subject: <subject digest> to indicate to the client that the registry processed the request's"
            + " subject.";

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PushChecks() {}

    static void add(Checks c) {
        for (TestData.Variant v : c.data.variants()) {
            variant(c, v);
        }
        uploads(c);
        mounts(c);
        manifests(c);
        denied(c);
    }

    // ================================================================== rights

    /** OCI_USERNAME2 may pull but not push: its pushes are refused with DENIED, and nothing is stored. */
    private static void denied(Checks c) {
        TestData.Blob config = c.data.variant("image").blobs.get(0);
        c.add("push.error.denied", PUSH, "a user without push rights is refused with DENIED; nothing is stored")
                .should(
                        "end-4a, end-7a, code-12",
                        PullChecks.ERROR_FORMAT + "DENIED (code-12): requested access to the resource is denied."
                                + " (RFC 9110 §15.5.4: 403 Forbidden, the server understood the request but refuses"
                                + " to fulfil it; a token registry may answer 401 for a token without push scope.)")
                .when(() -> {
                    if (c.settings.username2().isEmpty()) {
                        return "no second user (OCI_USERNAME2, OCI_PASSWORD2): a user who may pull from "
                                + c.settings.repo1() + " but not push to it";
                    }
                    return c.on("OCI_DATA_IMAGE").get();
                })
                .requires("push.image.blobs")
                .run(ctx -> {
                    Http other = ctx.secondUser();
                    String user = ctx.settings.username2();
                    String what = "POST " + Ctx.uploadsPath(ctx.repo1()) + " as " + user;
                    Http.Response post =
                            other.request("POST", Ctx.uploadsPath(ctx.repo1())).send();
                    if (post.status() == 202) {
                        String location = post.header("Location");
                        if (location != null) {
                            other.request("DELETE", Ctx.location(post, location).toString())
                                    .send();
                        }
                        throw ctx.fail(what + ": 202, an upload started: OCI_USERNAME2 (" + user + ") may push to "
                                + ctx.repo1() + "; this check needs a user without push rights");
                    }
                    expectDenied(ctx, post, what);

                    ObjectNode node = manifestNode(config);
                    node.putObject("annotations").put(TestData.RUN_ANNOTATION, ctx.data.runId + "-denied");
                    byte[] bytes = Json.bytes(node);
                    Digest digest = Digest.sha256(bytes);
                    String tag = ctx.data.tag("denied");
                    Http.Response put = other.request("PUT", Ctx.manifestPath(ctx.repo1(), tag))
                            .header("Content-Type", MediaTypes.OCI_MANIFEST)
                            .body(bytes)
                            .send();
                    String putWhat = "PUT a manifest as " + ctx.repo1() + ":" + tag + " as " + user;
                    if (put.status() == 201) {
                        Ops.leftoverManifests(ctx).add(ctx.repo1() + " " + digest);
                    }
                    expectDenied(ctx, put, putWhat);
                    Http.Response head = ctx.head(Ctx.manifestPath(ctx.repo1(), tag), "Accept", Ops.MANIFEST_ACCEPT);
                    ctx.check(
                            head.status() == 404,
                            "HEAD " + ctx.repo1() + ":" + tag + " (as " + ctx.settings.username() + ") after the"
                                    + " refused push: " + head.status() + "; nothing may be stored");
                });
    }

    private static void expectDenied(Ctx ctx, Http.Response r, String what) {
        ctx.check(
                r.status() == 401 || r.status() == 403,
                what + ": expected 403 (or 401) with DENIED, got " + r.status() + Ctx.errorSummary(r));
        ctx.expectErrorCode(r, "DENIED", what);
    }

    // ================================================================== data variants

    private static void variant(Checks c, TestData.Variant v) {
        Supplier<String> gate = c.variantOn(v);
        List<String> requires = new ArrayList<>();
        if (!v.blobs.isEmpty()) {
            String algorithm = v.algorithm();
            String how = algorithm.equals("sha256")
                    ? "POST then PUT"
                    : "POST" + (c.settings.devVersion() ? " ?digest-algorithm=" + algorithm : "") + " then PUT ?digest="
                            + algorithm + ":…";
            c.add("push." + v.key + ".blobs", PUSH, v.title + ": push the blobs (" + how + ")")
                    .must("end-4a, end-6", POST_UPLOAD + " " + PUT_UPLOAD)
                    .when(gate)
                    .run(ctx -> {
                        for (TestData.Blob b : v.blobs) {
                            Ops.pushBlob(ctx, ctx.repo1(), b);
                        }
                    });
            requires.add("push." + v.key + ".blobs");
        }
        String requirement = PUT_MANIFEST;
        if (v.key.equals("subjectMissing")) {
            requirement = "A registry MUST initially accept an otherwise valid manifest with a subject field that"
                    + " references a manifest that does not exist in the repository, allowing clients to push a"
                    + " manifest and referrers to that manifest in either order. " + PUT_MANIFEST;
        }
        boolean mayBeRefused = !v.unpushedManifests.isEmpty() || !v.unpushedBlobs.isEmpty();
        if (mayBeRefused) {
            requirement = PUT_MANIFEST + " " + MISSING_REFERENCE;
        }
        String references = v.manifests.size() == 1
                ? describe(v.main())
                : v.manifests.size() + " manifests"
                        + (MediaTypes.isIndex(v.main().mediaType()) ? ", children before the index" : "");
        c.add("push." + v.key + ".manifests", PUSH, v.title + ": push " + references)
                .must(v.key.equals("sha512") ? "end-7a (by sha512 digest)" : "end-7a", requirement)
                .when(gate)
                .requires(requires)
                .run(ctx -> {
                    for (TestData.Manifest m : v.manifests) {
                        List<String> refs =
                                m.tags().isEmpty() ? List.of(m.digest().toString()) : m.tags();
                        for (String reference : refs) {

                            if (mayBeRefused && m == v.main()) {
                                pushMayBeRefused(ctx, m, reference);
                            } else {
                                Ops.pushManifest(ctx, ctx.repo1(), m, reference);
                            }
                        }
                        Ops.recordPushed(ctx, m);
                    }
                });
        if (v.key.equals("subject") || v.key.equals("subjectMissing")) {
            c.add("push." + v.key + ".oci-subject", PUSH, v.title + ": the push answers with OCI-Subject")
                    .must("end-7a", OCI_SUBJECT)
                    .stage(CheckDef.PUSH_AGAIN)
                    .when(Checks.all(List.of(gate, c.on("OCI_API_REFERRER"))))
                    .requires("push." + v.key + ".manifests")
                    .run(ctx -> {
                        for (TestData.Manifest m : v.manifests) {
                            Http.Response r = Ops.pushManifest(
                                    ctx, ctx.repo1(), m, m.digest().toString());
                            String header = r.header("OCI-Subject");
                            ctx.check(
                                    header != null,
                                    "PUT " + m.label() + " (again, by digest): no OCI-Subject header, so the registry"
                                            + " did not process the subject " + m.subject()
                                            + " (a client must then maintain the referrers tag schema itself)");
                            ctx.check(
                                    header.strip().equals(m.subject().toString()),
                                    "PUT " + m.label() + ": OCI-Subject is " + header + ", expected " + m.subject());
                        }
                    });
        }
    }

    private static String describe(TestData.Manifest m) {
        return m.tags().isEmpty()
                ? "the manifest by digest"
                : "the manifest by tag" + (m.tags().size() > 1 ? " (twice)" : "");
    }

    /** A manifest referencing content not pushed: accepted, or refused with MANIFEST_BLOB_UNKNOWN (then skipped). */
    private static void pushMayBeRefused(Ctx ctx, TestData.Manifest m, String reference) {
        Http.Response r = ctx.request("PUT", Ctx.manifestPath(ctx.repo1(), reference))
                .header("Content-Type", m.mediaType())
                .body(m.content())
                .send();
        String what = "PUT " + m.label() + " as " + ctx.repo1() + ":" + reference;
        if (r.status() >= 400 && r.status() <= 499) {
            List<String> codes = ctx.expectErrorBody(r, what);
            ctx.check(
                    codes.contains("MANIFEST_BLOB_UNKNOWN"),
                    what + ": refused with " + r.status() + " " + codes + "; a manifest refused because it"
                            + " references content the registry does not hold MUST get MANIFEST_BLOB_UNKNOWN");
            ctx.skip("the registry refuses a manifest that references content it does not hold (" + r.status()
                    + " MANIFEST_BLOB_UNKNOWN), which the spec allows");
        }
        ctx.check(
                r.status() == 201,
                what + ": expected 201, or a 4XX with MANIFEST_BLOB_UNKNOWN, but got " + r.status()
                        + Ctx.errorSummary(r));
        int flaws = ctx.flaws().size();
        ctx.checkHeader(r, "Location", what);
        ctx.expectPushedDigestHeader(r, m.digest(), "OCI_API_MANIFESTS_DIGEST_HEADER", what);
        if (ctx.flaws().size() > flaws) {
            Ops.provePushed(ctx, Ctx.manifestPath(ctx.repo1(), reference), what);
        }
    }

    // ================================================================== uploads

    private static void uploads(Checks c) {
        c.add("push.upload.post-put", PUSH, "monolithic upload: POST, then PUT with the blob; Location is pullable")
                .must("end-4a, end-6", POST_UPLOAD + " " + PUT_UPLOAD)
                .run(ctx -> {
                    byte[] content = ctx.data.randomBytes(1000);
                    Digest digest = Digest.sha256(content);
                    URI upload = Ops.startUpload(ctx, ctx.repo1(), "sha256");
                    Http.Response put = ctx.request("PUT", Ctx.withQuery(upload, "digest", digest.toString()))
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .body(content)
                            .send();
                    ctx.expectStatus(put, "closing PUT", 201);
                    Ops.leftovers(ctx).add(ctx.repo1() + " " + digest);
                    expectPullableLocation(ctx, put, ctx.repo1(), digest, content, "closing PUT");
                });

        c.add("push.upload.session-id", PUSH, "each upload's Location holds its own UUID")
                .must(
                        "end-4a",
                        "The <blob-push-location> MUST contain a UUID representing a unique session ID for the upload to"
                                + " follow.")
                .run(ctx -> {
                    URI first = Ops.startUpload(ctx, ctx.repo1(), "sha256");
                    URI second = Ops.startUpload(ctx, ctx.repo1(), "sha256");
                    for (URI location : List.of(first, second)) {
                        ctx.check(
                                UUID.matcher(location.toString()).find(),
                                "the upload Location " + location + " contains no UUID");
                    }
                    ctx.check(!first.equals(second), "two uploads got the same Location " + first);
                    ctx.delete(first.toString());
                    ctx.delete(second.toString());
                });

        c.add("push.error.name-invalid", PUSH, "a repository name outside the spec's grammar gets NAME_INVALID")
                .should(
                        "end-4a, code-8",
                        "Throughout this document, <name> MUST match the following regular expression:"
                                + " [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*. "
                                + PullChecks.ERROR_FORMAT + "NAME_INVALID (code-8): invalid repository name.")
                .run(ctx -> {
                    String name = ctx.repo1() + "/Invalid-NAME";
                    Http.Response r = ctx.request("POST", Ctx.uploadsPath(name)).send();
                    if (r.status() == 202) {
                        ctx.delete(Ctx.location(r, ctx.expectHeader(r, "Location", "POST"))
                                .toString());
                    }
                    ctx.expectErrorCode(r, "NAME_INVALID", "POST " + Ctx.uploadsPath(name));
                });

        c.add("push.upload.single-post", PUSH, "single-request upload: POST ?digest= with the blob")
                .must(
                        "end-4b",
                        "Successful completion of the request MUST return a 201 Created and MUST include the following"
                                + " header: Location: <blob-location>. Registries that do not support single request"
                                + " monolithic uploads SHOULD return a 202 Accepted status code and Location header"
                                + " and clients SHOULD proceed with a subsequent PUT request.")
                .run(ctx -> {
                    byte[] content = ctx.data.randomBytes(900);
                    Digest digest = Digest.sha256(content);
                    Http.Response r = ctx.request("POST", Ctx.uploadsPath(ctx.repo1()))
                            .query("digest", digest.toString())
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .body(content)
                            .send();
                    ctx.expectErrorBody(r, "POST ?digest=");
                    ctx.expectStatus(r, "POST ?digest= with the blob", 201, 202);
                    Ops.leftovers(ctx).add(ctx.repo1() + " " + digest);
                    if (r.status() == 201) {
                        expectPullableLocation(ctx, r, ctx.repo1(), digest, content, "POST ?digest=");
                        return;
                    }
                    URI upload = Ctx.location(r, ctx.expectHeader(r, "Location", "202 to POST ?digest="));
                    Http.Response put = ctx.request("PUT", Ctx.withQuery(upload, "digest", digest.toString()))
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .body(content)
                            .send();
                    ctx.expectStatus(put, "PUT after a 202 to POST ?digest=", 201);
                    expectPullableLocation(ctx, put, ctx.repo1(), digest, content, "PUT after a 202 to POST ?digest=");
                    ctx.note("single-request uploads are not supported (202); the upload was finished with PUT");
                });

        c.add("push.upload.chunked", PUSH, "chunked upload: POST, PATCH twice with Content-Range, then PUT")
                .must("end-5, end-6", PATCH + " " + CLOSE)
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk * 2 + 100);
                    s.patch(ctx, content, 0, s.chunk);
                    s.patch(ctx, content, s.chunk, content.length);
                    s.close(ctx, content, null);
                });

        c.add("push.upload.chunked-final-put", PUSH, "chunked upload: the last chunk in the closing PUT")
                .must(
                        "end-5, end-6",
                        PATCH + " The final chunk MAY be uploaded using a PATCH request or it MAY be uploaded in the"
                                + " closing PUT request. " + CLOSE)
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk + 300);
                    s.patch(ctx, content, 0, s.chunk);
                    s.close(ctx, content, s.chunk);
                });

        c.add("push.upload.streamed", PUSH, "streamed upload: one PATCH without Content-Range or length, then PUT")
                .should(
                        "end-5, end-6",
                        PATCH + " (Docker and containerd send a blob as one PATCH with chunked transfer encoding and"
                                + " no Content-Range; RFC 9110 semantics apply where the spec is silent.) " + CLOSE)
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(5000);
                    Http.Response r = ctx.request("PATCH", s.location.toString())
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .streamedBody(content)
                            .send();
                    s.accepted(ctx, r, content.length, "streamed PATCH");
                    s.close(ctx, content, null);
                });

        c.add("push.upload.status", PUSH, "upload status: GET the upload URL after a chunk")
                .must("end-13", STATUS)
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk + 10);
                    s.patch(ctx, content, 0, s.chunk);
                    s.status(ctx, s.chunk);
                    s.cancelQuietly(ctx);
                });

        c.add("push.upload.out-of-order", PUSH, "a chunk that does not start at the upload's end gets 416")
                .must(
                        "end-5",
                        "Chunks MUST be uploaded in order, with the first byte of a chunk being the last chunk's"
                                + " <end-of-range> plus one. If a chunk is uploaded out of order, the registry MUST"
                                + " respond with a 416 Requested Range Not Satisfiable code.")
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk * 3);
                    s.patch(ctx, content, 0, s.chunk);
                    Http.Response r = s.rawPatch(ctx, content, s.chunk * 2, s.chunk * 3);
                    ctx.expectErrorBody(r, "out-of-order PATCH");
                    ctx.expectStatus(
                            r,
                            "PATCH with Content-Range " + (s.chunk * 2) + "-" + (s.chunk * 3 - 1) + " after 0-"
                                    + (s.chunk - 1),
                            416);
                    s.cancelQuietly(ctx);
                });

        c.add("push.upload.out-of-order-final", PUSH, "a closing PUT whose chunk is out of order gets 416")
                .must(
                        "end-6",
                        "If the final chunk is uploaded out of order, the registry MUST respond with a 416 Requested"
                                + " Range Not Satisfiable code.")
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk * 2 + 50);
                    s.patch(ctx, content, 0, s.chunk);
                    int from = s.chunk + 10;
                    Http.Response r = ctx.request(
                                    "PUT",
                                    Ctx.withQuery(
                                            s.location,
                                            "digest",
                                            Digest.sha256(content).toString()))
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .header("Content-Range", from + "-" + (content.length - 1))
                            .body(Arrays.copyOfRange(content, from, content.length))
                            .send();
                    ctx.expectErrorBody(r, "out-of-order closing PUT");
                    ctx.expectStatus(
                            r,
                            "closing PUT with Content-Range " + from + "-" + (content.length - 1) + " after 0-"
                                    + (s.chunk - 1),
                            416);
                    s.cancelQuietly(ctx);
                });

        c.add("push.upload.resume-after-416", PUSH, "after a 416, GET tells the offset and the upload can resume")
                .must(
                        "end-13",
                        "To get the current status after a 416 error, issue a GET request to a URL"
                                + " <blob-push-location>. " + STATUS)
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk * 2 + 20);
                    s.patch(ctx, content, 0, s.chunk);
                    Http.Response bad = s.rawPatch(ctx, content, s.chunk + 1, content.length);
                    ctx.expectStatus(bad, "out-of-order PATCH", 416);
                    s.status(ctx, s.chunk);
                    s.patch(ctx, content, s.chunk, content.length);
                    s.close(ctx, content, null);
                });

        c.add("push.upload.closed-session", PUSH, "the upload URL of a finished upload is 404")
                .must("end-13", "GET <blob-push-location>: success 204, failure 404 (endpoint table, end-13).")
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(100);
                    s.patch(ctx, content, 0, content.length);
                    URI last = s.location;
                    s.close(ctx, content, null);
                    Ops.expectNotFound(ctx, ctx.get(last.toString()), "GET the upload URL after the closing PUT");
                });

        c.add("push.error.upload-unknown", PUSH, "a finished upload is reported as BLOB_UPLOAD_UNKNOWN")
                .should(
                        "end-13, code-3",
                        PullChecks.ERROR_FORMAT + "BLOB_UPLOAD_UNKNOWN (code-3): blob upload unknown to registry.")
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(100);
                    s.patch(ctx, content, 0, content.length);
                    URI last = s.location;
                    s.close(ctx, content, null);
                    ctx.expectErrorCode(
                            ctx.get(last.toString()),
                            "BLOB_UPLOAD_UNKNOWN",
                            "GET the upload URL after the closing PUT");
                });

        c.add("push.error.blob-upload-invalid", PUSH, "a malformed Content-Range is refused with BLOB_UPLOAD_INVALID")
                .should(
                        "end-5, code-2",
                        "The <range> refers to the byte range of the chunk, and MUST be inclusive on both ends. [...] It"
                                + " MUST match the following regular expression: ^[0-9]+-[0-9]+$. "
                                + PullChecks.ERROR_FORMAT + "BLOB_UPLOAD_INVALID (code-2): blob upload invalid.")
                .run(ctx -> patchExpectingError(ctx, "bytes=0-99", 100, "BLOB_UPLOAD_INVALID"));

        c.add("push.error.size-invalid", PUSH, "a chunk shorter than its Content-Range is refused with SIZE_INVALID")
                .should(
                        "end-5, code-10",
                        "The <length> is the content-length, in bytes, of the current chunk. [...] "
                                + PullChecks.ERROR_FORMAT + "SIZE_INVALID (code-10): provided length did not match"
                                + " content length.")
                .run(ctx -> patchExpectingError(ctx, "0-99", 50, "SIZE_INVALID"));

        c.add("push.upload.cancel", PUSH, "cancel an upload: DELETE the upload URL gets 204, then it is gone")
                .should(
                        "end-14",
                        "During a blob upload, the session may be canceled with a DELETE request. If successful, the"
                                + " response SHOULD be a 204 No Content response code.")
                .when(c.on("OCI_API_BLOBS_UPLOAD_CANCEL"))
                .run(ctx -> {
                    Session s = Session.start(ctx);
                    byte[] content = ctx.data.randomBytes(s.chunk);
                    s.patch(ctx, content, 0, content.length);
                    Http.Response r = ctx.delete(s.location.toString());
                    ctx.expectStatus(r, "DELETE the upload URL", 204);
                    Ops.expectNotFound(ctx, ctx.get(s.location.toString()), "GET the upload URL after the DELETE");
                });

        c.add("push.upload.digest-mismatch", PUSH, "a closing PUT whose digest does not match the content gets 400")
                .should("end-6", BAD_DIGEST)
                .run(ctx -> {
                    Http.Response r = mismatch(ctx);
                    ctx.expectStatus(r, "closing PUT with the digest of other content", 400);
                });
        c.add("push.error.digest-invalid", PUSH, "a digest mismatch is reported as DIGEST_INVALID")
                .should(
                        "end-6, code-4",
                        PullChecks.ERROR_FORMAT + "DIGEST_INVALID (code-4): provided digest did not match uploaded"
                                + " content.")
                .run(ctx -> ctx.expectErrorCode(mismatch(ctx), "DIGEST_INVALID", "closing PUT with a wrong digest"));

        c.add("push.upload.invalid-digest", PUSH, "a closing PUT with a malformed digest gets 400")
                .should("end-6", BAD_DIGEST)
                .run(ctx -> {
                    URI upload = Ops.startUpload(ctx, ctx.repo1(), "sha256");
                    Http.Response r = ctx.request("PUT", Ctx.withQuery(upload, "digest", "sha256:not-a-digest"))
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .body(ctx.data.randomBytes(10))
                            .send();
                    ctx.expectErrorBody(r, "closing PUT ?digest=sha256:not-a-digest");
                    ctx.expectStatus(r, "closing PUT ?digest=sha256:not-a-digest", 400);
                    ctx.delete(upload.toString());
                });

        c.add("push.upload.unsupported-algorithm", PUSH, "a closing PUT with an unknown digest algorithm gets 400")
                .should("end-6", BAD_DIGEST)
                .run(ctx -> {
                    URI upload = Ops.startUpload(ctx, ctx.repo1(), "sha256");
                    String digest = "md5:" + "0".repeat(32);
                    Http.Response r = ctx.request("PUT", Ctx.withQuery(upload, "digest", digest))
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .body(ctx.data.randomBytes(10))
                            .send();
                    ctx.expectErrorBody(r, "closing PUT ?digest=" + digest);
                    ctx.expectStatus(r, "closing PUT ?digest=" + digest, 400);
                    ctx.delete(upload.toString());
                });

        c.add("push.upload.digest-algorithm", PUSH, "POST ?digest-algorithm=sha512, then PUT with a sha512 digest")
                .should(
                        "end-4c",
                        "When pushing a blob with a digest algorithm other than sha256, the post request SHOULD include"
                                + " the digest-algorithm parameter: /v2/<name>/blobs/uploads/?digest-algorithm="
                                + "<algorithm> (success 201/202). " + CLOSE)
                .when(() -> c.settings.devVersion() ? null : "OCI_VERSION is not dev (digest-algorithm is unreleased)")
                .run(ctx -> {
                    byte[] content = ctx.data.randomBytes(700);
                    Digest digest = Digest.of("sha512", content);
                    Http.Response r = ctx.request("POST", Ctx.uploadsPath(ctx.repo1()))
                            .query("digest-algorithm", "sha512")
                            .send();
                    ctx.expectErrorBody(r, "POST ?digest-algorithm=sha512");
                    ctx.expectStatus(r, "POST ?digest-algorithm=sha512", 202);
                    URI upload = Ctx.location(r, ctx.expectHeader(r, "Location", "POST ?digest-algorithm=sha512"));
                    Http.Response put = ctx.request("PUT", Ctx.withQuery(upload, "digest", digest.toString()))
                            .header("Content-Type", Ops.OCTET_STREAM)
                            .body(content)
                            .send();
                    ctx.expectStatus(put, "closing PUT ?digest=sha512:…", 201);
                    Ops.leftovers(ctx).add(ctx.repo1() + " " + digest);
                    Ops.pullBlob(ctx, ctx.repo1(), digest, content);
                });
    }

    private static Http.Response mismatch(Ctx ctx) {
        byte[] content = ctx.data.randomBytes(64);
        Digest other = Digest.sha256(ctx.data.randomBytes(64));
        URI upload = Ops.startUpload(ctx, ctx.repo1(), "sha256");
        Http.Response r = ctx.request("PUT", Ctx.withQuery(upload, "digest", other.toString()))
                .header("Content-Type", Ops.OCTET_STREAM)
                .body(content)
                .send();
        ctx.expectErrorBody(r, "closing PUT with the digest of other content");
        if (r.status() == 201 || r.status() == 202) {
            throw ctx.fail("closing PUT with the digest of other content: accepted (" + r.status() + ")");
        }
        Http.Response get = ctx.get(Ctx.blobPath(ctx.repo1(), other));
        ctx.check(
                get.status() == 404,
                "GET " + other + " after the refused PUT: " + get.status() + "; content must not be stored under a"
                        + " digest it does not have");
        ctx.delete(upload.toString());
        return r;
    }

    /**
     * The response's Location is a pullable blob URL serving {@code content}. Without a Location the check fails but
     * goes on: the blob is then pulled by its digest, so what follows still runs.
     */
    private static void expectPullableLocation(
            Ctx ctx, Http.Response r, String repo, Digest digest, byte[] content, String what) {
        String header = ctx.checkHeader(r, "Location", what);
        if (header == null) {
            Http.Response get = ctx.get(Ctx.blobPath(repo, digest));
            ctx.expectStatus(get, "GET " + digest + " after " + what + " (which gave no Location)", 200);
            ctx.expectBody(get, content, "GET " + digest + " after " + what);
            return;
        }
        URI location = Ctx.location(r, header);
        Http.Response get = ctx.get(location.toString());
        ctx.expectStatus(get, "GET the Location of " + what + " (a pullable blob URL)", 200);
        ctx.expectBody(get, content, "GET the Location of " + what);
    }

    /** An upload session: its current URL and the chunk size to use (at least OCI-Chunk-Min-Length). */
    static final class Session {
        URI location;
        final int chunk;

        private Session(URI location, int chunk) {
            this.location = location;
            this.chunk = chunk;
        }

        static Session start(Ctx ctx) {
            Http.Response r = ctx.request("POST", Ctx.uploadsPath(ctx.repo1())).send();
            ctx.expectStatus(r, "POST " + Ctx.uploadsPath(ctx.repo1()), 202);
            URI location = Ctx.location(r, ctx.expectHeader(r, "Location", "POST " + Ctx.uploadsPath(ctx.repo1())));
            int chunk = 1024;
            String min = r.header("OCI-Chunk-Min-Length");
            if (min != null) {
                try {
                    chunk = (int) Math.max(chunk, Math.min(Long.parseLong(min.strip()), 64L * 1024 * 1024));
                } catch (NumberFormatException e) {
                    throw ctx.fail("OCI-Chunk-Min-Length is not a number: " + min);
                }
            }
            return new Session(location, chunk);
        }

        Http.Response rawPatch(Ctx ctx, byte[] content, int from, int to) {
            return ctx.request("PATCH", location.toString())
                    .header("Content-Type", Ops.OCTET_STREAM)
                    .header("Content-Range", from + "-" + (to - 1))
                    .body(Arrays.copyOfRange(content, from, to))
                    .send();
        }

        void patch(Ctx ctx, byte[] content, int from, int to) {
            Http.Response r = rawPatch(ctx, content, from, to);
            accepted(ctx, r, to, "PATCH with Content-Range " + from + "-" + (to - 1));
        }

        /** 202 with Location and Range: 0-(size-1); follows the new Location. */
        void accepted(Ctx ctx, Http.Response r, int size, String what) {
            ctx.expectErrorBody(r, what);
            ctx.expectStatus(r, what, 202);
            location = Ctx.location(r, ctx.expectHeader(r, "Location", what));
            String range = ctx.checkHeader(r, "Range", what);
            if (range != null) {
                ctx.verify(
                        range.strip().equals("0-" + (size - 1)),
                        what + ": Range is '" + range + "', expected '0-" + (size - 1) + "'");
            }
        }

        void status(Ctx ctx, int size) {
            Http.Response r = ctx.get(location.toString());
            String what = "GET the upload URL";
            ctx.expectStatus(r, what, 204);
            location = Ctx.location(r, ctx.expectHeader(r, "Location", what));
            String range = ctx.checkHeader(r, "Range", what);
            if (range != null) {
                ctx.verify(
                        range.strip().equals("0-" + (size - 1)),
                        what + ": Range is '" + range + "', expected '0-" + (size - 1) + "'");
            }
        }

        /** The closing PUT, with the rest of the content from {@code finalFrom} (or no body when null). */
        void close(Ctx ctx, byte[] content, Integer finalFrom) {
            Digest digest = Digest.sha256(content);
            Http.Request put = ctx.request("PUT", Ctx.withQuery(location, "digest", digest.toString()));
            String what;
            if (finalFrom != null) {
                put.header("Content-Type", Ops.OCTET_STREAM)
                        .header("Content-Range", finalFrom + "-" + (content.length - 1))
                        .body(Arrays.copyOfRange(content, finalFrom, content.length));
                what = "closing PUT with the final chunk " + finalFrom + "-" + (content.length - 1);
            } else {
                what = "closing PUT ?digest=" + digest;
            }
            Http.Response r = put.send();
            ctx.expectErrorBody(r, what);
            ctx.expectStatus(r, what, 201);
            Ops.leftovers(ctx).add(ctx.repo1() + " " + digest);
            expectPullableLocation(ctx, r, ctx.repo1(), digest, content, what);
        }

        void cancelQuietly(Ctx ctx) {
            try {
                ctx.delete(location.toString());
            } catch (Http.NoResponse ignored) {
                // best effort
            }
        }
    }

    // ================================================================== mounts

    private static void mounts(Checks c) {
        TestData.Blob layer1 = c.data.variant("image").blobs.get(1);
        TestData.Blob layer2 = c.data.variant("image").blobs.get(2);
        String mountRequirement = "The response to a successful mount MUST be 201 Created, and MUST contain the"
                + " following header: Location: <blob-location>. Alternatively, if a registry does not support"
                + " cross-repository mounting or is unable to mount the requested blob, it SHOULD return a 202.";
        c.add("push.mount.from", PUSH, "mount a blob of repo1 into repo2 with ?mount=&from=")
                .must("end-11", mountRequirement)
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    Http.Response r = ctx.request("POST", Ctx.uploadsPath(ctx.repo2()))
                            .query("mount", layer1.digest().toString())
                            .query("from", ctx.repo1())
                            .send();
                    String what = "POST " + ctx.repo2() + " ?mount=…&from=" + ctx.repo1();
                    ctx.expectErrorBody(r, what);
                    ctx.expectStatus(r, what, 201, 202);
                    if (r.status() == 202) {
                        if (ctx.checkHeader(r, "Location", what) != null) {
                            ctx.delete(Ctx.location(r, r.header("Location")).toString());
                        }
                        ctx.note("cross-repository mounting is not supported (202, an upload session; cancelled)");
                        return;
                    }
                    Ops.leftovers(ctx).add(ctx.repo2() + " " + layer1.digest());
                    expectPullableLocation(ctx, r, ctx.repo2(), layer1.digest(), layer1.content(), what);
                    Ops.pullBlob(ctx, ctx.repo2(), layer1.digest(), layer1.content());
                });
        c.add("push.mount.without-from", PUSH, "mount a blob into repo2 with ?mount= alone")
                .may(
                        "end-11",
                        "The registry MAY treat the from parameter as optional, and it MAY cross-mount the blob if it"
                                + " can be found. " + mountRequirement)
                .when(c.on("OCI_DATA_IMAGE", "OCI_API_BLOBS_MOUNT_ANONYMOUS"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    Http.Response r = ctx.request("POST", Ctx.uploadsPath(ctx.repo2()))
                            .query("mount", layer2.digest().toString())
                            .send();
                    String what = "POST " + ctx.repo2() + " ?mount= without from";
                    ctx.expectErrorBody(r, what);
                    ctx.expectStatus(r, what, 201, 202);
                    if (r.status() == 202) {
                        if (ctx.checkHeader(r, "Location", what) != null) {
                            ctx.delete(Ctx.location(r, r.header("Location")).toString());
                        }
                        ctx.skip("the registry does not mount without 'from' (202, an upload session), which the"
                                + " spec allows");
                    }
                    Ops.leftovers(ctx).add(ctx.repo2() + " " + layer2.digest());
                    expectPullableLocation(ctx, r, ctx.repo2(), layer2.digest(), layer2.content(), what);
                });
        c.add("push.mount.unknown-blob", PUSH, "mounting a blob the source does not hold gets 202 (an upload)")
                .should("end-11", mountRequirement)
                .run(ctx -> {
                    Http.Response r = ctx.request("POST", Ctx.uploadsPath(ctx.repo2()))
                            .query("mount", ctx.data.unknownDigest().toString())
                            .query("from", ctx.repo1())
                            .send();
                    String what = "POST " + ctx.repo2() + " ?mount=<unknown digest>&from=" + ctx.repo1();
                    ctx.expectErrorBody(r, what);
                    ctx.expectStatus(r, what, 202);
                    URI upload = Ctx.location(r, ctx.expectHeader(r, "Location", what));
                    ctx.delete(upload.toString());
                });
    }

    // ================================================================== manifests

    private static void manifests(Checks c) {
        TestData.Blob config = c.data.variant("image").blobs.get(0);
        c.add("push.manifest.missing-blob", PUSH, "a manifest with a layer never pushed: 201, or MANIFEST_BLOB_UNKNOWN")
                .must("end-7a, code-5", MISSING_REFERENCE)
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    byte[] absent = ctx.data.randomBytes(300);
                    ObjectNode layer =
                            new TestData.Blob(MediaTypes.OCI_LAYER_TAR, absent, Digest.sha256(absent)).descriptor();
                    ObjectNode m = manifestNode(config);
                    m.withArray("layers").add(layer);
                    byte[] bytes = Json.bytes(m);
                    Digest digest = Digest.sha256(bytes);
                    Http.Response r = ctx.request("PUT", Ctx.manifestPath(ctx.repo1(), digest.toString()))
                            .header("Content-Type", MediaTypes.OCI_MANIFEST)
                            .body(bytes)
                            .send();
                    String what =
                            "PUT a manifest whose layer " + layer.get("digest").asString() + " was never pushed";
                    List<String> codes = ctx.expectErrorBody(r, what);
                    if (r.status() == 201) {
                        ctx.note("the registry accepts manifests referencing blobs it does not hold");
                        ctx.delete(Ctx.manifestPath(ctx.repo1(), digest.toString()));
                        return;
                    }
                    ctx.check(
                            r.status() >= 400 && r.status() <= 499,
                            what + ": expected 201, or a 4XX with MANIFEST_BLOB_UNKNOWN; got " + r.status());
                    ctx.check(
                            codes.contains("MANIFEST_BLOB_UNKNOWN"),
                            what + ": refused with " + r.status() + " " + codes + " instead of MANIFEST_BLOB_UNKNOWN");
                });

        c.add("push.manifest.invalid", PUSH, "a manifest that is not JSON gets 400 MANIFEST_INVALID")
                .should("end-7a, code-6", PullChecks.ERROR_FORMAT + "MANIFEST_INVALID (code-6): manifest invalid.")
                .run(ctx -> {
                    byte[] bytes = "{\"schemaVersion\": 2, \"mediaType\": ".getBytes(StandardCharsets.UTF_8);
                    Http.Response r = ctx.request("PUT", Ctx.manifestPath(ctx.repo1(), ctx.data.tag("invalid")))
                            .header("Content-Type", MediaTypes.OCI_MANIFEST)
                            .body(bytes)
                            .send();
                    ctx.expectErrorCode(r, "MANIFEST_INVALID", "PUT a manifest that is cut off");
                    ctx.expectStatus(r, "PUT a manifest that is cut off", 400);
                });

        c.add("push.manifest.tag-param", PUSH, "PUT a manifest by digest with ?tag= three times: OCI-Tag lists them")
                .must(
                        "end-7b",
                        "When pushing a manifest by digest, the registry MAY support the pushing of tags specified by"
                                + " addition of tag query parameters. If a registry supports this, it: SHOULD support"
                                + " pushing at least 10 tags per request. [...] MUST include an OCI-Tag response"
                                + " header, in accordance with RFC 9110 (section 5) semantics, for each accepted tag.")
                .when(c.on("OCI_DATA_IMAGE", "OCI_API_MANIFESTS_TAG_PARAM"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    ObjectNode node = manifestNode(config);
                    node.putObject("annotations").put(TestData.RUN_ANNOTATION, ctx.data.runId + "-tag-param");
                    byte[] bytes = Json.bytes(node);
                    List<String> tags =
                            List.of(ctx.data.tag("param-a"), ctx.data.tag("param-b"), ctx.data.tag("param-c"));
                    TestData.Manifest m = new TestData.Manifest(
                            "manifest pushed with ?tag=",
                            MediaTypes.OCI_MANIFEST,
                            bytes,
                            Digest.sha256(bytes),
                            tags,
                            null,
                            MediaTypes.OCI_CONFIG,
                            java.util.Map.of());
                    Http.Request put = ctx.request(
                                    "PUT",
                                    Ctx.manifestPath(ctx.repo1(), m.digest().toString()))
                            .header("Content-Type", m.mediaType())
                            .body(bytes);
                    tags.forEach(t -> put.query("tag", t));
                    Http.Response r = put.send();
                    String what = "PUT by digest with ?tag=" + String.join("&tag=", tags);
                    ctx.expectErrorBody(r, what);
                    ctx.expectStatus(r, what, 201);
                    Ops.recordPushed(ctx, m);
                    Set<String> announced = new LinkedHashSet<>();
                    for (String header : r.headers("OCI-Tag")) {
                        for (String t : header.split(",")) {
                            announced.add(t.strip());
                        }
                    }
                    ctx.check(
                            announced.containsAll(tags),
                            what + ": OCI-Tag lists " + announced + ", expected all of " + tags);
                    for (String tag : tags) {
                        Ops.pullManifest(ctx, ctx.repo1(), tag, m);
                    }
                });

        c.add("push.manifest.location", PUSH, "the Location of a pushed manifest is pullable")
                .must(
                        "end-7a",
                        "Upon a successful upload, the registry MUST return response code 201 Created, and MUST have"
                                + " the following header: Location: <location>. The <location> is a pullable manifest"
                                + " URL.")
                .stage(CheckDef.PUSH_AGAIN)
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.manifests")
                .run(ctx -> {
                    TestData.Manifest m = c.data.variant("image").main();
                    Http.Response r =
                            Ops.pushManifest(ctx, ctx.repo1(), m, m.tags().get(0));
                    URI location = Ctx.location(r, r.header("Location"));
                    Http.Response get = ctx.get(location.toString(), "Accept", Ops.MANIFEST_ACCEPT);
                    ctx.expectStatus(get, "GET the Location of the manifest push", 200);
                    ctx.expectBody(get, m.content(), "GET the Location of the manifest push");
                });

        c.add("push.manifest.long-tag", PUSH, "a tag of 128 characters (upper case, digits, . _ -) is stored")
                .must(
                        "end-7a",
                        "Throughout this document, <tag-or-digest> as a tag MUST be at most 128 characters in length"
                                + " and MUST match the following regular expression: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}. "
                                + PUT_MANIFEST)
                .stage(CheckDef.PUSH_AGAIN)
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.manifests")
                .run(ctx -> {
                    String prefix = "Long_Tag.With-Every.Kind_of-Character." + ctx.data.runId + ".";
                    String tag = prefix + "x".repeat(128 - prefix.length());
                    TestData.Manifest image = c.data.variant("image").main();
                    TestData.Manifest m = new TestData.Manifest(
                            image.label() + " (tag of 128 characters)",
                            image.mediaType(),
                            image.content(),
                            image.digest(),
                            List.of(tag),
                            null,
                            null,
                            java.util.Map.of());
                    Ops.pushManifest(ctx, ctx.repo1(), m, tag);
                    Ops.tags(ctx).add(tag);
                    Ops.pullManifest(ctx, ctx.repo1(), tag, m);
                });

        c.add("push.manifest.content-type-parameters", PUSH, "Content-Type parameters on a manifest push are ignored")
                .should(
                        "end-7a",
                        "The registry SHOULD ignore parameters on the Content-Type header. [...] The registry SHOULD"
                                + " NOT include parameters on the Content-Type header.")
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    ObjectNode node = manifestNode(config);
                    node.putObject("annotations").put(TestData.RUN_ANNOTATION, ctx.data.runId + "-parameters");
                    byte[] bytes = Json.bytes(node);
                    TestData.Manifest m = new TestData.Manifest(
                            "manifest pushed with Content-Type parameters",
                            MediaTypes.OCI_MANIFEST,
                            bytes,
                            Digest.sha256(bytes),
                            List.of(),
                            null,
                            MediaTypes.OCI_CONFIG,
                            java.util.Map.of());
                    String type = MediaTypes.OCI_MANIFEST + "; charset=utf-8";
                    Http.Response r = ctx.request(
                                    "PUT",
                                    Ctx.manifestPath(ctx.repo1(), m.digest().toString()))
                            .header("Content-Type", type)
                            .body(bytes)
                            .send();
                    String what = "PUT with Content-Type: " + type;
                    ctx.expectErrorBody(r, what);
                    ctx.expectStatus(r, what, 201);
                    Ops.recordPushed(ctx, m);
                    Http.Response get =
                            Ops.pullManifest(ctx, ctx.repo1(), m.digest().toString(), m);
                    String served = ctx.expectHeader(get, "Content-Type", "GET " + m.label());
                    ctx.check(
                            served.strip().equals(MediaTypes.OCI_MANIFEST),
                            "GET " + m.label() + ": Content-Type is '" + served + "', expected "
                                    + MediaTypes.OCI_MANIFEST + " without parameters");
                });

        c.add("push.manifest.4mb", PUSH, "a manifest of 4,000,000 bytes is accepted and served")
                .should(
                        "end-7a",
                        "Client and registry implementations SHOULD expect to be able to support manifest pushes of at"
                                + " least 4 megabytes.")
                .when(c.on("OCI_DATA_IMAGE"))
                .requires("push.image.blobs")
                .run(ctx -> {
                    ObjectNode node = manifestNode(config);
                    // {..., "annotations":{"<key>":""}} with the empty value padded to 4,000,000 bytes in all
                    node.putObject("annotations").put(TestData.RUN_ANNOTATION, "");
                    byte[] probe = Json.bytes(node);
                    byte[] bytes = new byte[4_000_000];
                    int head = probe.length - 3; // up to the value's opening quote
                    System.arraycopy(probe, 0, bytes, 0, head);
                    java.util.Arrays.fill(bytes, head, bytes.length - 3, (byte) 'x');
                    System.arraycopy(probe, head, bytes, bytes.length - 3, 3); // "}}

                    TestData.Manifest m = new TestData.Manifest(
                            "4,000,000-byte manifest",
                            MediaTypes.OCI_MANIFEST,
                            bytes,
                            Digest.sha256(bytes),
                            List.of(),
                            null,
                            MediaTypes.OCI_CONFIG,
                            java.util.Map.of());
                    Ops.pushManifest(ctx, ctx.repo1(), m, m.digest().toString());
                    Ops.recordPushed(ctx, m);
                    Ops.pullManifest(ctx, ctx.repo1(), m.digest().toString(), m);
                    ctx.note("manifest of " + bytes.length + " bytes");
                });
    }

    /** An image manifest with the image's config and no layers. */
    private static ObjectNode manifestNode(TestData.Blob config) {
        ObjectNode m = Json.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        m.set("config", config.descriptor());
        m.putArray("layers");
        return m;
    }

    /**
     * Starts an upload, sends one PATCH of {@code bytes} random bytes with {@code contentRange}, and expects the spec
     * error {@code code}; the session is cancelled whatever happens, so a failed check leaves nothing open.
     */
    private static void patchExpectingError(Ctx ctx, String contentRange, int bytes, String code) throws Exception {
        Session s = Session.start(ctx);
        try {
            Http.Response r = ctx.request("PATCH", s.location.toString())
                    .header("Content-Type", Ops.OCTET_STREAM)
                    .header("Content-Range", contentRange)
                    .body(ctx.data.randomBytes(bytes))
                    .send();
            ctx.expectErrorCode(r, code, "PATCH of " + bytes + " bytes with Content-Range: " + contentRange);
        } finally {
            s.cancelQuietly(ctx);
        }
    }
}
