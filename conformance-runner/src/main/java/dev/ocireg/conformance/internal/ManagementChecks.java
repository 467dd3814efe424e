package dev.ocireg.conformance.internal;

import static dev.ocireg.conformance.Workflow.CONTENT_MANAGEMENT;

import dev.ocireg.spec.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Content Management workflow: deleting a tag, a referrer, every variant's manifests and blobs, and 404s for
 * what does not exist. Runs last; it also cleans up what the run pushed.
 */
final class ManagementChecks {
    static final String DELETE_TAG = "Upon success, the registry MUST respond with a 202 Accepted code. If tag deletion"
            + " is disabled, the registry MUST respond with either a 400 Bad Request or a 405 Method Not Allowed. Once"
            + " deleted, a GET to /v2/<name>/manifests/<tag> will return a 404.";
    static final String DELETE_MANIFEST = "Upon success, the registry MUST respond with a 202 Accepted code. [...] If"
            + " manifest deletion is disabled, the registry MUST respond with either a 400 Bad Request or a 405 Method"
            + " Not Allowed. Once deleted, a GET to /v2/<name>/manifests/<digest> and any tag pointing to that digest"
            + " will return a 404.";
    static final String DELETE_BLOB = "Upon success, the registry MUST respond with code 202 Accepted. If the blob is"
            + " not found, a 404 Not Found code MUST be returned. If blob deletion is disabled, the registry MUST"
            + " respond with either a 400 Bad Request or a 405 Method Not Allowed.";
    private static final String DELETED_BLOBS = "deletedBlobs";
    private static final long EVENTUAL_MILLIS = 10_000;

    private ManagementChecks() {}

    static void add(Checks c) {
        TestData.Variant image = c.data.variant("image");
        TestData.Variant subject = c.data.variant("subject");

        c.add("manage.tag.delete", CONTENT_MANAGEMENT, "DELETE a tag: 202, then the tag is 404")
                .must("end-9", DELETE_TAG)
                .when(Checks.all(List.of(c.on("OCI_API_TAGS_DELETE"), c.variantOn(image))))
                .requires("push.image.manifests")
                .run(ctx -> {
                    String alias = image.main().tags().get(1);
                    Http.Response r = ctx.delete(Ctx.manifestPath(ctx.repo1(), alias));
                    refusedDeletion(ctx, r, "tag deletion");
                    ctx.expectErrorBody(r, "DELETE tag " + alias);
                    ctx.expectStatus(r, "DELETE tag " + alias, 202);
                    Ops.tags(ctx).remove(alias);
                    gone(ctx, Ctx.manifestPath(ctx.repo1(), alias), "OCI_API_TAGS_ATOMIC", "GET the deleted tag");
                });

        c.add("manage.referrers.after-delete", CONTENT_MANAGEMENT, "a deleted referrer leaves the referrers list")
                .must(
                        "end-9, end-12a",
                        "Each descriptor is of an image manifest or index in the same <name> namespace with a subject"
                                + " field that specifies the value of <digest>. " + DELETE_MANIFEST)
                .when(Checks.all(List.of(c.on("OCI_API_MANIFESTS_DELETE", "OCI_API_REFERRER"), c.variantOn(subject))))
                .requires("push.subject.manifests")
                .run(ctx -> {
                    TestData.Manifest referrer = subject.manifests.get(0);
                    deleteManifest(ctx, referrer);
                    Map<Digest, ?> listed =
                            DiscoveryChecks.listReferrers(ctx, image.main().digest(), null);
                    ctx.check(
                            !listed.containsKey(referrer.digest()),
                            "the referrers of " + image.main().digest() + " still list the deleted " + referrer.label()
                                    + " " + referrer.digest());
                    ctx.check(
                            listed.keySet()
                                    .equals(DiscoveryChecks.expectedReferrers(
                                                    ctx, image.main().digest())
                                            .keySet()),
                            "after the delete the referrers are " + listed.keySet() + ", expected "
                                    + DiscoveryChecks.expectedReferrers(
                                                    ctx, image.main().digest())
                                            .keySet());
                });

        List<TestData.Variant> reversed = new ArrayList<>(c.data.variants());
        Collections.reverse(reversed);
        for (TestData.Variant v : reversed) {
            c.add(
                            "manage." + v.key + ".delete-manifests",
                            CONTENT_MANAGEMENT,
                            v.title + ": DELETE every manifest by digest")
                    .must("end-9", DELETE_MANIFEST)
                    .stage(CheckDef.DELETE_MANIFESTS)
                    .when(Checks.all(List.of(c.on("OCI_API_MANIFESTS_DELETE"), c.variantOn(v))))
                    .requires("push." + v.key + ".manifests")
                    .run(ctx -> {
                        Map<Digest, TestData.Manifest> pushed = Ops.pushedManifests(ctx);
                        List<TestData.Manifest> order = new ArrayList<>(v.manifests);
                        Collections.reverse(order); // parents before children
                        int deleted = 0;
                        for (TestData.Manifest m : order) {
                            if (pushed.containsKey(m.digest())) {
                                deleteManifest(ctx, m);
                                deleted++;
                            }
                        }
                        if (deleted == 0) {
                            ctx.note("nothing left to delete");
                        }
                    });
        }

        c.add("manage.manifest.delete-others", CONTENT_MANAGEMENT, "DELETE the manifests the push checks left")
                .must("end-9", DELETE_MANIFEST)
                .stage(CheckDef.DELETE_OTHER_MANIFESTS)
                .when(c.on("OCI_API_MANIFESTS_DELETE"))
                .run(ctx -> {
                    List<TestData.Manifest> left =
                            new ArrayList<>(Ops.pushedManifests(ctx).values());
                    List<String> elsewhere = new ArrayList<>(Ops.leftoverManifests(ctx));
                    if (left.isEmpty() && elsewhere.isEmpty()) {
                        ctx.note("nothing left to delete");
                    }
                    for (TestData.Manifest m : left) {
                        deleteManifest(ctx, m);
                    }
                    for (String entry : elsewhere) {
                        String[] parts = entry.split(" ");
                        String what = "DELETE manifest " + parts[1] + " of " + parts[0];
                        Http.Response r = ctx.delete(Ctx.manifestPath(parts[0], parts[1]));
                        refusedDeletion(ctx, r, "manifest deletion");
                        ctx.expectErrorBody(r, what);
                        ctx.expectStatus(r, what, 202);
                        Ops.leftoverManifests(ctx).remove(entry);
                        gone(
                                ctx,
                                Ctx.manifestPath(parts[0], parts[1]),
                                "OCI_API_MANIFESTS_ATOMIC",
                                "GET the deleted" + " manifest " + parts[1] + " of " + parts[0]);
                    }
                });

        c.add("manage.manifest.delete-unknown", CONTENT_MANAGEMENT, "DELETE a manifest that does not exist: 404")
                .must(
                        "end-9",
                        "DELETE /v2/<name>/manifests/<digest>: success 202, failure 404 (endpoint table). "
                                + DELETE_MANIFEST)
                .when(c.on("OCI_API_MANIFESTS_DELETE"))
                .run(ctx -> {
                    Http.Response r = ctx.delete(Ctx.manifestPath(
                            ctx.repo1(), ctx.data.unknownDigest().toString()));
                    refusedDeletion(ctx, r, "manifest deletion");
                    Ops.expectNotFound(ctx, r, "DELETE an unknown manifest");
                });

        c.add(
                        "manage.manifest.delete-unknown-repository",
                        CONTENT_MANAGEMENT,
                        "DELETE a manifest of a repository that does not exist: 404")
                .must("end-9", "If the repository does not exist, the response MUST return 404 Not Found.")
                .when(c.on("OCI_API_MANIFESTS_DELETE"))
                .run(ctx -> {
                    Http.Response r = ctx.delete(Ctx.manifestPath(
                            ctx.repo1() + "/absent" + ctx.data.runId,
                            ctx.data.unknownDigest().toString()));
                    refusedDeletion(ctx, r, "manifest deletion");
                    Ops.expectNotFound(ctx, r, "DELETE a manifest of an unknown repository");
                });

        for (TestData.Variant v : reversed) {
            if (v.blobs.isEmpty()) {
                continue;
            }
            c.add("manage." + v.key + ".delete-blobs", CONTENT_MANAGEMENT, v.title + ": DELETE every blob")
                    .must("end-10", DELETE_BLOB)
                    .stage(CheckDef.DELETE_BLOBS)
                    .when(Checks.all(List.of(c.on("OCI_API_BLOBS_DELETE"), c.variantOn(v))))
                    .requires("push." + v.key + ".blobs")
                    .run(ctx -> {
                        Set<Digest> done = deleted(ctx);
                        int n = 0;
                        for (TestData.Blob b : v.blobs) {
                            if (done.add(b.digest())) {
                                deleteBlob(ctx, ctx.repo1(), b.digest());
                                n++;
                            }
                        }
                        if (n == 0) {
                            ctx.note("every blob was already deleted with another variant");
                        }
                    });
        }

        c.add("manage.blob.delete-others", CONTENT_MANAGEMENT, "DELETE the blobs the upload and mount checks left")
                .must("end-10", DELETE_BLOB)
                .stage(CheckDef.DELETE_OTHER_BLOBS)
                .when(c.on("OCI_API_BLOBS_DELETE"))
                .run(ctx -> {
                    List<String> left = new ArrayList<>(Ops.leftovers(ctx));
                    if (left.isEmpty()) {
                        ctx.note("nothing left to delete");
                    }
                    for (String entry : left) {
                        String[] parts = entry.split(" ");
                        Digest digest = Digest.parse(parts[1]);
                        if (parts[0].equals(ctx.repo1()) && !deleted(ctx).add(digest)) {
                            continue;
                        }
                        deleteBlob(ctx, parts[0], digest);
                        Ops.leftovers(ctx).remove(entry);
                    }
                });

        c.add("manage.blob.delete-unknown", CONTENT_MANAGEMENT, "DELETE a blob that does not exist: 404")
                .must("end-10", DELETE_BLOB)
                .when(c.on("OCI_API_BLOBS_DELETE"))
                .run(ctx -> {
                    Http.Response r = ctx.delete(Ctx.blobPath(ctx.repo1(), ctx.data.unknownDigest()));
                    refusedDeletion(ctx, r, "blob deletion");
                    Ops.expectNotFound(ctx, r, "DELETE an unknown blob");
                });

        disabledDeletes(c);
    }

    /**
     * Deletes switched off: a DELETE of content of its own (pushed by the check) is refused with 400 or 405 and the
     * error code UNSUPPORTED, and the content stays. Skipped when the registry deletes.
     */
    private static void disabledDeletes(Checks c) {
        TestData.Variant image = c.data.variant("image");
        String unsupported = PullChecks.ERROR_FORMAT + "UNSUPPORTED (code-13): the operation is unsupported.";
        c.add("manage.error.blob-delete-unsupported", CONTENT_MANAGEMENT, "blob deletion off: 405 UNSUPPORTED")
                .should("end-10, code-13", DELETE_BLOB + " " + unsupported)
                .when(Checks.all(List.of(c.on("OCI_API_BLOBS_DELETE", "OCI_API_PUSH"))))
                .run(ctx -> {
                    byte[] content = ctx.data.randomBytes(128);
                    TestData.Blob blob = new TestData.Blob(Ops.OCTET_STREAM, content, Digest.sha256(content));
                    Ops.pushBlob(ctx, ctx.repo1(), blob);
                    String path = Ctx.blobPath(ctx.repo1(), blob.digest());
                    expectUnsupported(ctx, ctx.delete(path), "blob deletion", "DELETE blob " + blob.digest());
                    Http.Response get = ctx.get(path);
                    ctx.expectStatus(get, "GET the blob after the refused DELETE", 200);
                    ctx.expectBody(get, content, "GET the blob after the refused DELETE");
                });
        c.add("manage.error.manifest-delete-unsupported", CONTENT_MANAGEMENT, "manifest deletion off: UNSUPPORTED")
                .should("end-9, code-13", DELETE_MANIFEST + " " + unsupported)
                .when(Checks.all(List.of(c.on("OCI_API_MANIFESTS_DELETE", "OCI_API_PUSH"), c.variantOn(image))))
                .requires("push.image.blobs")
                .run(ctx -> {
                    TestData.Manifest m = ownManifest(ctx, image, "delete-off");
                    Ops.pushManifest(ctx, ctx.repo1(), m, m.digest().toString());
                    String path = Ctx.manifestPath(ctx.repo1(), m.digest().toString());
                    expectUnsupported(ctx, ctx.delete(path), "manifest deletion", "DELETE " + m.label());
                    Ops.pullManifest(ctx, ctx.repo1(), m.digest().toString(), m);
                });
        c.add("manage.error.tag-delete-unsupported", CONTENT_MANAGEMENT, "tag deletion off: UNSUPPORTED")
                .should("end-9, code-13", DELETE_TAG + " " + unsupported)
                .when(Checks.all(List.of(c.on("OCI_API_TAGS_DELETE", "OCI_API_PUSH"), c.variantOn(image))))
                .requires("push.image.blobs")
                .run(ctx -> {
                    TestData.Manifest m = ownManifest(ctx, image, "tag-delete-off");
                    String tag = m.tags().get(0);
                    Ops.pushManifest(ctx, ctx.repo1(), m, tag);
                    Ops.leftoverManifests(ctx).add(ctx.repo1() + " " + m.digest());
                    String path = Ctx.manifestPath(ctx.repo1(), tag);
                    expectUnsupported(ctx, ctx.delete(path), "tag deletion", "DELETE tag " + tag);
                    Ops.pullManifest(ctx, ctx.repo1(), tag, m);
                });
    }

    /** A manifest of the image's config, no layers, and an annotation of its own: content no other check touches. */
    private static TestData.Manifest ownManifest(Ctx ctx, TestData.Variant image, String label) {
        tools.jackson.databind.node.ObjectNode node = Json.object();
        node.put("schemaVersion", 2);
        node.put("mediaType", dev.ocireg.spec.MediaTypes.OCI_MANIFEST);
        node.set("config", image.blobs.get(0).descriptor());
        node.putArray("layers");
        node.putObject("annotations").put(TestData.RUN_ANNOTATION, ctx.data.runId + "-" + label);
        byte[] bytes = Json.bytes(node);
        return new TestData.Manifest(
                "manifest of " + label,
                dev.ocireg.spec.MediaTypes.OCI_MANIFEST,
                bytes,
                Digest.sha256(bytes),
                List.of(ctx.data.tag(label)),
                null,
                dev.ocireg.spec.MediaTypes.OCI_CONFIG,
                Map.of());
    }

    /**
     * A DELETE the registry may carry out (202: this check does not apply, skipped) or refuse as switched off: 400 or
     * 405 with the error code UNSUPPORTED.
     */
    private static void expectUnsupported(Ctx ctx, Http.Response r, String feature, String what) {
        if (r.status() == 202) {
            ctx.skip(feature + " is on (" + what + ": 202): this check is for a registry that refuses it");
        }
        ctx.check(
                r.status() == 400 || r.status() == 405,
                what + ": expected 202, or 400 or 405 when " + feature + " is off, but got " + r.status()
                        + Ctx.errorSummary(r));
        ctx.expectErrorCode(r, "UNSUPPORTED", what + " (" + feature + " is off)");
    }

    private static Set<Digest> deleted(Ctx ctx) {
        return ctx.stateSet(DELETED_BLOBS);
    }

    /** A 400 or 405 to a delete means the registry has it switched off, which the spec allows: skip. */
    private static void refusedDeletion(Ctx ctx, Http.Response r, String what) {
        if (r.status() == 405 || r.status() == 400) {

            List<String> codes = ctx.expectErrorBody(r, what);
            ctx.skip(what + " is disabled on this registry (" + r.status() + (codes.isEmpty() ? "" : " " + codes)
                    + "), which the spec allows");
        }
    }

    private static void deleteManifest(Ctx ctx, TestData.Manifest m) {
        String what = "DELETE " + m.label() + " " + m.digest();
        Http.Response r = ctx.delete(Ctx.manifestPath(ctx.repo1(), m.digest().toString()));
        refusedDeletion(ctx, r, "manifest deletion");
        ctx.expectErrorBody(r, what);
        ctx.expectStatus(r, what, 202);
        Map<Digest, TestData.Manifest> pushed = ctx.stateMap(Ops.PUSHED_MANIFESTS);
        pushed.remove(m.digest());
        gone(
                ctx,
                Ctx.manifestPath(ctx.repo1(), m.digest().toString()),
                "OCI_API_MANIFESTS_ATOMIC",
                "GET the deleted " + m.label());
        for (String tag : m.tags()) {
            if (Ops.tags(ctx).remove(tag)) {
                gone(
                        ctx,
                        Ctx.manifestPath(ctx.repo1(), tag),
                        "OCI_API_MANIFESTS_ATOMIC",
                        "GET tag " + tag + " of the deleted " + m.label());
            }
        }
    }

    private static void deleteBlob(Ctx ctx, String repo, Digest digest) {
        String what = "DELETE blob " + digest + " of " + repo;
        Http.Response r = ctx.delete(Ctx.blobPath(repo, digest));
        refusedDeletion(ctx, r, "blob deletion");
        ctx.expectErrorBody(r, what);
        ctx.expectStatus(r, what, 202);
        gone(ctx, Ctx.blobPath(repo, digest), "OCI_API_BLOBS_ATOMIC", "GET the deleted blob " + digest);
    }

    /**
     * GET must be 404 — at once, or within 10 s when the ATOMIC setting is false: then asked again after 10 ms, 20
     * ms, 40 ms … (at most 500 ms apart), so a registry that is quick is not waited for.
     */
    private static void gone(Ctx ctx, String path, String atomicSetting, String what) {
        boolean atomic = ctx.settings.flag(atomicSetting);
        long deadline = System.nanoTime() + (atomic ? 0 : EVENTUAL_MILLIS * 1_000_000);
        long pause = 10;
        while (true) {
            Http.Response r = ctx.get(path, "Accept", Ops.MANIFEST_ACCEPT);
            if (r.status() == 404) {
                ctx.expectErrorBody(r, what);
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw ctx.fail(what + ": expected 404 but got " + r.status()
                        + (atomic ? " (" + atomicSetting + "=true: deletes must be immediate)" : " after 10 s"));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 500);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Outcome.failed("interrupted");
        }
    }
}
