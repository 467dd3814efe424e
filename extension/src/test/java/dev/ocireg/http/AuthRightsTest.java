package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static dev.ocireg.testing.Http.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.auth.AccessRules;
import dev.ocireg.auth.Action;
import dev.ocireg.auth.AuthenticationException;
import dev.ocireg.auth.Principal;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rights per repository pattern, anonymous pull, the catalog showing only what the caller may pull, cross-repository
 * mounts that need pull on {@code from} (and never reveal a blob otherwise), and the SPI with your own authenticator
 * and authorizer.
 */
class AuthRightsTest {
    private static final byte[] SECRET_BLOB = Oci.bytes("a secret layer");
    private static final String SECRET_DIGEST = Oci.sha256(SECRET_BLOB);

    private static RegistryServer registry;
    private static RegistryServer tokens;
    private static Http admin;
    private static Http bob;
    private static Http carol;
    private static Http anonymous;

    @BeforeAll
    static void start() {
        registry = rights(RegistryServer.builder()).build().start();
        tokens = rights(RegistryServer.builder()).tokenAuth(true).build().start();
        Http http = new Http(registry);
        admin = http.as("admin", "a");
        bob = http.as("bob", "b");
        carol = http.as("carol", "c");
        anonymous = http;
        for (String repo : List.of("org/app", "org/team/app", "orgx/app", "public/app", "secret/src")) {
            admin.pushImage(repo, "1", repo);
        }
        admin.pushBlob("secret/src", SECRET_BLOB);
        Http tokenAdmin = new Http(tokens)
                .with("Bearer "
                        + AuthRoutesTest.token(new Http(tokens).as("admin", "a"), "repository:secret/src:pull,push"));
        tokenAdmin.pushBlob("secret/src", SECRET_BLOB);
        for (String repo : List.of("org/team/app", "public/app")) {
            String scope = "repository:" + repo + ":pull,push";
            new Http(tokens)
                    .with("Bearer " + AuthRoutesTest.token(new Http(tokens).as("admin", "a"), scope))
                    .pushImage(repo, "1", repo);
        }
    }

    private static RegistryServer.Builder rights(RegistryServer.Builder b) {
        return b.user("admin", "a")
                .user("bob", "b")
                .user("carol", "c")
                .allow("admin", "*", Action.PULL, Action.PUSH, Action.DELETE)
                .allow(AccessRules.parseRule("bob:org/*:pull,push"))
                .allow(AccessRules.parseRule("carol:org/team/app:pull"))
                .allow(AccessRules.parseRule(":public/*:pull"));
    }

    @AfterAll
    static void stop() {
        registry.close();
        tokens.close();
    }

    @Test
    void patternsMatchEveryDepthBelowAPrefixAndExactNamesOnlyThemselves() {
        assertStatus(bob.get("/v2/org/app/tags/list"), 200);
        assertStatus(bob.get("/v2/org/team/app/tags/list"), 200);
        bob.pushImage("org/new/deep/app", "1", "bob");
        assertError(bob.get("/v2/orgx/app/tags/list"), 403, "DENIED");
        assertError(bob.post("/v2/orgx/app/blobs/uploads/", new byte[0]), 403, "DENIED");
        Response delete = bob.delete("/v2/org/app/manifests/1");
        assertError(delete, 403, "DENIED");
        assertThat(delete.json().path("errors").get(0).path("detail").toString())
                .isEqualTo("[{\"Type\":\"repository\",\"Name\":\"org/app\",\"Action\":\"delete\"}]");

        assertStatus(carol.get("/v2/org/team/app/manifests/1", "Accept", Oci.OCI_MANIFEST), 200);
        assertError(carol.get("/v2/org/app/manifests/1"), 403, "DENIED");
        assertError(carol.post("/v2/org/team/app/blobs/uploads/", new byte[0]), 403, "DENIED");
    }

    @Test
    void anonymousCallersPullWhatTheRulesGiveThemAndLogInForTheRest() {
        assertStatus(anonymous.get("/v2/public/app/manifests/1", "Accept", Oci.OCI_MANIFEST), 200);
        assertStatus(anonymous.get("/v2/public/app/tags/list"), 200);
        Response push = anonymous.post("/v2/public/app/blobs/uploads/", new byte[0]);
        assertError(push, 401, "UNAUTHORIZED");
        assertThat(push.header("WWW-Authenticate")).startsWith("Basic ");
        assertError(anonymous.get("/v2/org/app/tags/list"), 401, "UNAUTHORIZED");
        assertError(anonymous.get("/v2/"), 401, "UNAUTHORIZED"); // clients learn here that credentials exist

        // with tokens too: no token needed for what anonymous callers may do
        Http tokenAnonymous = new Http(tokens);
        assertStatus(tokenAnonymous.get("/v2/public/app/tags/list"), 200);
        assertThat(tokenAnonymous.get("/v2/org/app/tags/list").header("WWW-Authenticate"))
                .startsWith("Bearer ");
    }

    @Test
    void anonymousPullOpensEveryRepositoryForReading() {
        try (RegistryServer open = RegistryServer.builder()
                .user("admin", "a")
                .anonymousPull(true)
                .build()
                .start()) {
            Http http = new Http(open);
            http.as("admin", "a").pushImage("any/repo", "1", "x");
            assertStatus(http.get("/v2/any/repo/manifests/1", "Accept", Oci.OCI_MANIFEST), 200);
            assertThat(strings(
                            assertStatus(http.get("/v2/_catalog"), 200).json().path("repositories")))
                    .containsExactly("any/repo");
            assertError(
                    http.put("/v2/any/repo/manifests/2", Oci.EMPTY_JSON, "Content-Type", Oci.OCI_MANIFEST),
                    401,
                    "UNAUTHORIZED");
            assertError(http.delete("/v2/any/repo/manifests/1"), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void theCatalogListsOnlyWhatTheCallerMayPull() {
        assertThat(catalog(admin)).containsExactly("org/app", "org/team/app", "orgx/app", "public/app", "secret/src");
        assertThat(catalog(bob)).containsExactly("org/app", "org/team/app", "public/app");
        assertThat(catalog(carol)).containsExactly("org/team/app", "public/app");
        assertThat(catalog(anonymous)).containsExactly("public/app");
        // paging works on what is visible
        Response page = assertStatus(bob.get("/v2/_catalog?n=1"), 200);
        assertThat(strings(page.json().path("repositories"))).containsExactly("org/app");
        assertThat(Http.nextLink(page)).isEqualTo("/v2/_catalog?n=1&last=org%2Fapp");

        // with tokens: registry:catalog:* in the token, the list filtered by the subject's rights
        String token = AuthRoutesTest.token(new Http(tokens).as("carol", "c"), "registry:catalog:*");
        Response r = assertStatus(new Http(tokens).with("Bearer " + token).get("/v2/_catalog"), 200);
        assertThat(strings(r.json().path("repositories"))).containsExactly("org/team/app", "public/app");
    }

    @Test
    void theCatalogPagesThroughManyRepositoriesTheCallerCannotSee() throws Exception {
        try (RegistryServer many = RegistryServer.builder()
                .user("admin", "a")
                .user("bob", "b")
                .allow("admin", "*", Action.PULL)
                .allow(AccessRules.parseRule("bob:team/*:pull"))
                .build()
                .start()) {
            Storage storage = many.storage();
            RepositoryName first = RepositoryName.parse("a000");
            Digest d = Digest.sha256(Oci.bytes("in every repository"));
            String id = storage.startUpload(first, "sha256");
            storage.appendUpload(
                    first, id, -1, new java.io.ByteArrayInputStream(Oci.bytes("in every repository")), Long.MAX_VALUE);
            storage.completeUpload(first, id, d);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 300; i++) { // more hidden names on each side than the catalog fetches at once
                names.add(String.format("a%03d", i));
                names.add(String.format("z%03d", i));
            }
            for (int i = 0; i < 5; i++) {
                names.add("team/v" + i);
            }
            for (String name : names) {
                storage.mountBlob(RepositoryName.parse(name), d, Optional.of(first));
            }
            Http bobs = new Http(many).as("bob", "b");

            Response page = assertStatus(bobs.get("/v2/_catalog?n=2"), 200);
            assertThat(strings(page.json().path("repositories"))).containsExactly("team/v0", "team/v1");
            assertThat(Http.nextLink(page)).isEqualTo("/v2/_catalog?n=2&last=team%2Fv1");
            page = assertStatus(bobs.get("/v2/_catalog?n=2&last=team%2Fv1"), 200);
            assertThat(strings(page.json().path("repositories"))).containsExactly("team/v2", "team/v3");
            page = assertStatus(bobs.get("/v2/_catalog?n=2&last=team%2Fv3"), 200);
            assertThat(strings(page.json().path("repositories"))).containsExactly("team/v4");
            assertThat(page.hasHeader("Link")).isFalse(); // the hidden names after it are no next page
            assertThat(catalog(bobs)).containsExactly("team/v0", "team/v1", "team/v2", "team/v3", "team/v4");

            List<String> all = catalog(new Http(many).as("admin", "a"));
            assertThat(all).hasSize(605).isSorted();
        }
    }

    private static List<String> catalog(Http http) {
        return strings(assertStatus(http.get("/v2/_catalog"), 200).json().path("repositories"));
    }

    @Test
    void aMountFromARepositoryTheCallerCannotPullFallsBackToAnUpload() {
        Response r = bob.post("/v2/org/m1/blobs/uploads/?mount=" + SECRET_DIGEST + "&from=secret/src", new byte[0]);
        assertStatus(r, 202);
        Http.uploadId(r, "org/m1");
        assertError(bob.get("/v2/org/m1/blobs/" + SECRET_DIGEST), 404, "BLOB_UNKNOWN");
        // and without from: only repositories bob may pull are searched
        assertStatus(bob.post("/v2/org/m2/blobs/uploads/?mount=" + SECRET_DIGEST, new byte[0]), 202);
        assertError(bob.get("/v2/org/m2/blobs/" + SECRET_DIGEST), 404, "BLOB_UNKNOWN");

        // once bob has the blob in a repository he may pull, both mounts work
        bob.pushBlob("org/m1", SECRET_BLOB);
        assertStatus(bob.post("/v2/org/m3/blobs/uploads/?mount=" + SECRET_DIGEST + "&from=org/m1", new byte[0]), 201);
        assertStatus(bob.post("/v2/org/m4/blobs/uploads/?mount=" + SECRET_DIGEST, new byte[0]), 201);
        assertStatus(
                admin.post("/v2/org/m5/blobs/uploads/?mount=" + SECRET_DIGEST + "&from=secret/src", new byte[0]), 201);
    }

    @Test
    void withTokensAMountNeedsPullOnFromInTheToken() {
        Http http = new Http(tokens);
        String scopes = "repository:org/t1:pull,push&scope=repository:secret/src:pull";
        Http bobs = http.with("Bearer " + AuthRoutesTest.token(http.as("bob", "b"), scopes));
        assertStatus(
                bobs.post("/v2/org/t1/blobs/uploads/?mount=" + SECRET_DIGEST + "&from=secret/src", new byte[0]), 202);
        assertError(bobs.get("/v2/org/t1/blobs/" + SECRET_DIGEST), 404, "BLOB_UNKNOWN");

        Http admins = http.with("Bearer " + AuthRoutesTest.token(http.as("admin", "a"), scopes));
        assertStatus(
                admins.post("/v2/org/t1/blobs/uploads/?mount=" + SECRET_DIGEST + "&from=secret/src", new byte[0]), 201);
        // a token without pull on from: an upload, even for admin
        Http narrow = http.with("Bearer " + AuthRoutesTest.token(http.as("admin", "a"), "repository:org/t2:pull,push"));
        assertStatus(
                narrow.post("/v2/org/t2/blobs/uploads/?mount=" + SECRET_DIGEST + "&from=secret/src", new byte[0]), 202);
    }

    @Test
    void yourOwnAuthenticatorAndAuthorizer() {
        try (RegistryServer custom = RegistryServer.builder()
                .authenticator(header -> {
                    if (header == null) {
                        return Principal.ANONYMOUS;
                    }
                    if (header.equals("Token ci-key")) {
                        return Principal.of("ci");
                    }
                    throw new AuthenticationException("unknown API key");
                })
                .authorizer((who, repository, action) ->
                        who.name().equals("ci") && (action != Action.DELETE || repository.startsWith("tmp/")))
                .build()
                .start()) {
            Http http = new Http(custom);
            Http ci = http.with("Token ci-key");
            ci.pushImage("app", "1", "ci");
            assertError(ci.delete("/v2/app/manifests/1"), 403, "DENIED");
            ci.pushImage("tmp/app", "1", "ci");
            assertStatus(ci.delete("/v2/tmp/app/manifests/1"), 202);
            Response wrong = http.with("Token other").get("/v2/");
            assertError(wrong, 401, "UNAUTHORIZED");
            assertThat(wrong.json().path("errors").get(0).path("message").asString())
                    .isEqualTo("unknown API key");
            assertError(http.get("/v2/app/tags/list"), 401, "UNAUTHORIZED");
        }
    }
}
