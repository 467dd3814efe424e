package dev.ocireg.conformance.internal;

import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/** Requests more than one check makes: pushing blobs and manifests the way a client does, pulling and comparing. */
final class Ops {
    static final String MANIFEST_ACCEPT = String.join(
            ", ",
            MediaTypes.OCI_MANIFEST,
            MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST);
    static final String OCTET_STREAM = "application/octet-stream";

    /** State key: digest -> manifest, for every manifest this run pushed to repo1 and has not deleted. */
    static final String PUSHED_MANIFESTS = "pushedManifests";
    /** State key: tags this run pushed to repo1 and has not deleted. */
    static final String PUSHED_TAGS = "pushedTags";
    /** State key: repo + " " + digest of blobs the upload checks left behind, deleted by content management. */
    static final String LEFTOVER_BLOBS = "leftoverBlobs";

    /** State key: repo + " " + digest of manifests pushed outside the data variants, deleted by content management. */
    static final String LEFTOVER_MANIFESTS = "leftoverManifests";

    private Ops() {}

    /**
     * POST, then PUT with the content: the monolithic upload of end-4a and end-6. A 201 without {@code Location} is a
     * failure, yet when a HEAD finds the blob, the blob is there for the checks that build on it.
     */
    static void pushBlob(Ctx c, String repo, TestData.Blob blob) {
        URI upload = startUpload(c, repo, blob.digest().algorithm());
        Http.Response put = c.request(
                        "PUT", Ctx.withQuery(upload, "digest", blob.digest().toString()))
                .header("Content-Type", OCTET_STREAM)
                .body(blob.content())
                .send();
        String what = "closing PUT of blob " + blob.digest() + " (" + blob.size() + " bytes)";
        c.expectStatus(put, what, 201);
        if (c.checkHeader(put, "Location", what) == null) {
            provePushed(c, blobPath(repo, blob), what);
        }
    }

    private static String blobPath(String repo, TestData.Blob blob) {
        return Ctx.blobPath(repo, blob.digest());
    }

    /**
     * After a push whose response lacked something the spec requires: a HEAD shows whether the registry stored the
     * content anyway. If it did, the check goes on (failed, but what it pushed is usable); if not, it ends here.
     */
    static void provePushed(Ctx c, String path, String what) {
        Http.Response head = c.head(path, "Accept", MANIFEST_ACCEPT);
        c.check(
                head.status() == 200,
                what + ": the response was incomplete, and HEAD " + path + " is " + head.status()
                        + ", so the content was not stored");
    }

    /** POST /v2/<repo>/blobs/uploads/: 202 with a Location; returns it resolved. */
    static URI startUpload(Ctx c, String repo, String algorithm) {
        Http.Request post = c.request("POST", Ctx.uploadsPath(repo));
        if (!algorithm.equals("sha256") && c.settings.devVersion()) {
            post.query("digest-algorithm", algorithm);
        }
        Http.Response r = post.send();
        c.expectStatus(r, "POST " + Ctx.uploadsPath(repo) + " (start an upload)", 202);
        return Ctx.location(r, c.expectHeader(r, "Location", "POST " + Ctx.uploadsPath(repo)));
    }

    /** PUT /v2/<repo>/manifests/<reference> with the manifest's media type: 201 with a Location. */
    static Http.Response pushManifest(Ctx c, String repo, TestData.Manifest m, String reference) {
        Http.Response r = c.request("PUT", Ctx.manifestPath(repo, reference))
                .header("Content-Type", m.mediaType())
                .body(m.content())
                .send();
        String what = "PUT " + m.label() + " as " + repo + ":" + reference;
        c.expectErrorBody(r, what);
        c.expectStatus(r, what, 201);
        int flaws = c.flaws().size();
        c.checkHeader(r, "Location", what);
        c.expectPushedDigestHeader(r, m.digest(), "OCI_API_MANIFESTS_DIGEST_HEADER", what);
        if (c.flaws().size() > flaws) {
            provePushed(c, Ctx.manifestPath(repo, reference), what);
        }
        return r;
    }

    /** Records a manifest as pushed to repo1, with its tags. */
    static void recordPushed(Ctx c, TestData.Manifest m) {
        Map<Digest, TestData.Manifest> pushed = c.stateMap(PUSHED_MANIFESTS);
        pushed.put(m.digest(), m);
        tags(c).addAll(m.tags());
    }

    /** The manifests this run pushed to repo1 and has not deleted: a copy, safe to iterate. */
    static Map<Digest, TestData.Manifest> pushedManifests(Ctx c) {
        return Ctx.snapshot(c.stateMap(PUSHED_MANIFESTS));
    }

    static Set<String> tags(Ctx c) {
        return c.stateSet(PUSHED_TAGS);
    }

    static Set<String> leftoverManifests(Ctx c) {
        return c.stateSet(LEFTOVER_MANIFESTS);
    }

    static Set<String> leftovers(Ctx c) {
        return c.stateSet(LEFTOVER_BLOBS);
    }

    /** GET a manifest and compare: 200, the exact bytes pushed, Docker-Content-Digest. */
    static Http.Response pullManifest(Ctx c, String repo, String reference, TestData.Manifest m) {
        Http.Response r = c.get(Ctx.manifestPath(repo, reference), "Accept", MANIFEST_ACCEPT);
        String what = "GET " + m.label() + " as " + repo + ":" + reference;
        c.expectStatus(r, what, 200);
        c.expectBody(r, m.content(), what);
        c.expectDigestHeader(r, m.digest(), m.content(), "OCI_API_MANIFESTS_DIGEST_HEADER", what);
        return r;
    }

    /** HEAD a manifest: 200, Content-Length, Docker-Content-Digest. */
    static void headManifest(Ctx c, String repo, String reference, TestData.Manifest m) {
        Http.Response r = c.head(Ctx.manifestPath(repo, reference), "Accept", MANIFEST_ACCEPT);
        String what = "HEAD " + m.label() + " as " + repo + ":" + reference;
        c.expectStatus(r, what, 200);
        expectContentLength(c, r, m.content().length, what);
        c.expectDigestHeader(r, m.digest(), m.content(), "OCI_API_MANIFESTS_DIGEST_HEADER", what);
        c.check(r.body().length == 0, what + ": a HEAD response has a body of " + r.body().length + " bytes");
    }

    /** GET a blob: 200, the content, and Docker-Content-Digest equal to the content's digest when present. */
    static void pullBlob(Ctx c, String repo, Digest digest, byte[] content) {
        Http.Response r = c.get(Ctx.blobPath(repo, digest));
        String what = "GET blob " + digest + " from " + repo;
        c.expectStatus(r, what, 200);
        c.expectBody(r, content, what);
        c.expectDigestHeader(r, digest, content, "OCI_API_BLOBS_DIGEST_HEADER", what);
    }

    /** HEAD a blob: 200, Content-Length, Docker-Content-Digest (checked against the known content). */
    static void headBlob(Ctx c, String repo, Digest digest, byte[] content) {
        Http.Response r = c.head(Ctx.blobPath(repo, digest));
        String what = "HEAD blob " + digest + " in " + repo;
        c.expectStatus(r, what, 200);
        expectContentLength(c, r, content.length, what);
        c.expectDigestHeader(r, digest, content, "OCI_API_BLOBS_DIGEST_HEADER", what);
    }

    static void expectContentLength(Ctx c, Http.Response r, long size, String what) {
        String length = c.checkHeader(r, "Content-Length", what);
        if (length != null) {
            c.verify(
                    length.strip().equals(String.valueOf(size)),
                    what + ": Content-Length is " + length + ", expected " + size);
        }
    }

    /** Expects 404 and, when the body is JSON, the spec's error format. */
    static void expectNotFound(Ctx c, Http.Response r, String what) {
        c.expectErrorBody(r, what);
        c.expectStatus(r, what, 404);
    }
}
