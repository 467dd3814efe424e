package dev.ocireg.http;

import static dev.ocireg.testing.Http.assertError;
import static dev.ocireg.testing.Http.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Http;
import dev.ocireg.testing.Http.Response;
import dev.ocireg.testing.Oci;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** end-8a/8b (tags list with {@code n}, {@code last}, {@code Link}) and {@code /v2/_catalog}. */
class TagsAndCatalogTest {
    private static final String REPO = "tags/r";
    /** In ASCII ("ASCIIbetical") order, as the registry must list them. */
    private static final List<String> TAGS = List.of("A", "Z", "_x", "a", "b10", "b9", "latest", "v1.0", "v1.0-rc");

    private static final List<String> REPOSITORIES =
            List.of("alpha", "alpha-beta", "alpha/beta", "tags/empty", "tags/r", "z9"); // '-' < '/' in ASCII

    private static RegistryServer registry;
    private static Http http;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().build().start();
        http = new Http(registry);
        Http.Image image = http.pushImage(REPO, null, "tags");
        // Pushed out of order on purpose.
        for (String tag : List.of("b9", "latest", "a", "Z", "v1.0-rc", "A", "b10", "_x", "v1.0")) {
            http.pushManifest(REPO, tag, Oci.OCI_MANIFEST, image.manifest());
        }
        http.pushBlob("tags/empty", Oci.bytes("a blob but no tags"));
        for (String name : List.of("z9", "alpha-beta", "alpha/beta", "alpha")) {
            http.pushBlob(name, Oci.bytes(name));
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static List<String> tags(Response r) {
        assertThat(r.json().path("name").asString()).isEqualTo(REPO);
        return Http.strings(r.json().path("tags"));
    }

    private static List<String> repositories(Response r) {
        return Http.strings(r.json().path("repositories"));
    }

    // ------------------------------------------------------------------ tags

    @Test
    void allTagsInAsciiOrderWithoutLink() {
        Response r = assertStatus(http.get("/v2/" + REPO + "/tags/list"), 200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(tags(r)).containsExactlyElementsOf(TAGS);
        assertThat(r.hasHeader("Link")).isFalse();
    }

    static Stream<Arguments> tagPages() {
        return Stream.of(
                Arguments.of("?n=2", List.of("A", "Z"), "/v2/tags/r/tags/list?n=2&last=Z"),
                Arguments.of("?n=3&last=Z", List.of("_x", "a", "b10"), "/v2/tags/r/tags/list?n=3&last=b10"),
                Arguments.of("?n=2&last=b10", List.of("b9", "latest"), "/v2/tags/r/tags/list?n=2&last=latest"),
                Arguments.of("?n=2&last=latest", List.of("v1.0", "v1.0-rc"), null),
                Arguments.of("?n=9", TAGS, null),
                Arguments.of("?n=100", TAGS, null),
                Arguments.of("?last=b9", List.of("latest", "v1.0", "v1.0-rc"), null),
                Arguments.of("?last=v1.0-rc", List.of(), null),
                Arguments.of("?last=zzz", List.of(), null),
                Arguments.of("?last=b", List.of("b10", "b9", "latest", "v1.0", "v1.0-rc"), null), // need not be a tag
                Arguments.of("?n=0", List.of(), null),
                Arguments.of("?n=0&last=a", List.of(), null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("tagPages")
    void pagesOfTags(String query, List<String> expected, String link) {
        Response r = assertStatus(http.get("/v2/" + REPO + "/tags/list" + query), 200);
        assertThat(tags(r)).containsExactlyElementsOf(expected);
        if (link == null) {
            assertThat(r.hasHeader("Link")).as("no Link on %s", r).isFalse();
        } else {
            assertThat(r.header("Link")).isEqualTo("<" + link + ">; rel=\"next\"");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void followingLinksVisitsEveryTagOnce(int n) {
        List<String> seen = new ArrayList<>();
        String next = "/v2/" + REPO + "/tags/list?n=" + n;
        int pages = 0;
        while (next != null) {
            Response r = assertStatus(http.get(next), 200);
            List<String> page = tags(r);
            assertThat(page.size()).isLessThanOrEqualTo(n);
            seen.addAll(page);
            next = Http.nextLink(r);
            assertThat(++pages).isLessThanOrEqualTo(TAGS.size() + 1);
        }
        assertThat(seen).containsExactlyElementsOf(TAGS);
    }

    @Test
    void aRepositoryWithoutTagsHasAnEmptyList() {
        Response r = assertStatus(http.get("/v2/tags/empty/tags/list"), 200);
        assertThat(r.json().path("name").asString()).isEqualTo("tags/empty");
        assertThat(Http.strings(r.json().path("tags"))).isEmpty();
    }

    @Test
    void anUnknownRepositoryIs404NameUnknown() {
        assertError(http.get("/v2/tags/unknown/tags/list"), 404, "NAME_UNKNOWN");
        assertError(http.get("/v2/tags/unknown/tags/list?n=1"), 404, "NAME_UNKNOWN");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(strings = {"-1", "abc", "1.5", "99999999999999999999", "%20"})
    void invalidPageSizesAre400(String n) {
        assertError(http.get("/v2/" + REPO + "/tags/list?n=" + n), 400, null);
        assertError(http.get("/v2/_catalog?n=" + n), 400, null);
    }

    // ------------------------------------------------------------------ catalog

    @Test
    void catalogListsEveryRepositoryInOrder() {
        Response r = assertStatus(http.get("/v2/_catalog"), 200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(repositories(r)).containsExactlyElementsOf(REPOSITORIES);
        assertThat(r.hasHeader("Link")).isFalse();
    }

    static Stream<Arguments> catalogPages() {
        return Stream.of(
                Arguments.of("?n=2", List.of("alpha", "alpha-beta")),
                Arguments.of("?n=2&last=alpha-beta", List.of("alpha/beta", "tags/empty")),
                Arguments.of("?n=2&last=alpha%2Fbeta", List.of("tags/empty", "tags/r")),
                Arguments.of("?last=tags/r", List.of("z9")),
                Arguments.of("?n=6", REPOSITORIES),
                Arguments.of("?n=0", List.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("catalogPages")
    void pagesOfTheCatalog(String query, List<String> expected) {
        Response r = assertStatus(http.get("/v2/_catalog" + query), 200);
        assertThat(repositories(r)).containsExactlyElementsOf(expected);
        if (query.startsWith("?n=2")) {
            assertThat(Http.nextLink(r)).startsWith("/v2/_catalog?n=2&last=");
        } else {
            assertThat(r.hasHeader("Link")).isFalse();
        }
    }

    @Test
    void followingCatalogLinksVisitsEveryRepositoryOnce() {
        List<String> seen = new ArrayList<>();
        String next = "/v2/_catalog?n=1";
        while (next != null) {
            Response r = assertStatus(http.get(next), 200);
            List<String> page = repositories(r);
            assertThat(page).hasSizeLessThanOrEqualTo(1);
            seen.addAll(page);
            next = Http.nextLink(r);
            assertThat(seen.size()).isLessThanOrEqualTo(REPOSITORIES.size());
        }
        assertThat(seen).containsExactlyElementsOf(REPOSITORIES);
    }
}
