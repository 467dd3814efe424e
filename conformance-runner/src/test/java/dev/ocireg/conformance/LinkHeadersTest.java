package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.testing.Front;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The paging checks read {@code Link} as RFC 8288 writes it (with the parser {@code RegistryClient} uses): other
 * links and parameters around {@code rel="next"} are fine; a {@code Link} without {@code rel="next"} is not.
 */
class LinkHeadersTest {
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");
    private static final List<String> PAGING = List.of("discovery.tags.list", "discovery.tags.paginated");

    @RegisterExtension
    static final EmbeddedRegistry registry = new EmbeddedRegistry();

    private static CheckResult run(Front front, String id) {
        return ConformanceSuite.run(ConformanceMain.strict(ConformanceSettings.builder(), front.url())
                        .set("OCI_FILTER_TEST", "discovery.") // the checks that push what is listed too
                        .build())
                .result(id)
                .orElseThrow();
    }

    /** Rewrites each {@code <url>; rel="next"} of the registry's Link headers with {@code replacement}. */
    private static Front rewritingLinks(String replacement) {
        return Front.start(registry.url()).forwardingAuthorization().rewrite((call, reply) -> {
            List<String> links = reply.headers.get("Link");
            if (links != null) {
                links.replaceAll(link -> {
                    Matcher m = NEXT.matcher(link);
                    return m.matches() ? replacement.replace("URL", m.group(1)) : link;
                });
            }
        });
    }

    @Test
    void nextAmongOtherLinksAndParametersIsFollowed() {
        try (Front front = rewritingLinks(
                "</v2/elsewhere?n=1>; rel=\"prev first\", <URL&via=link>; title=\"more, please\"; REL=\"next last\"")) {
            for (String id : PAGING) {
                CheckResult r = run(front, id);
                assertThat(r.status()).as(r.describe()).isEqualTo(CheckResult.Status.PASSED);
            }
            // the pages were reached through the rewritten links, not by asking for what follows the last tag
            assertThat(front.seen).anyMatch(s -> s.pathAndQuery().matches(".*/tags/list\\?n=2&last=.*&via=link"));
            assertThat(front.seen).noneMatch(s -> s.pathAndQuery().contains("elsewhere"));
        }
    }

    @Test
    void aLinkWithoutNextFails() {
        try (Front front = rewritingLinks("<URL>; rel=\"prev\"")) {
            CheckResult r = run(front, "discovery.tags.paginated");

            assertThat(r.status()).as(r.describe()).isEqualTo(CheckResult.Status.FAILED);
            assertThat(r.message()).contains("has no <url>; rel=\"next\" (RFC 8288)");
        }
    }
}
