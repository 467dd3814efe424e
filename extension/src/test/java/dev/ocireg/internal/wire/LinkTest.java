package dev.ocireg.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Link} headers as RFC 8288 writes them: several links, several rels, quoted commas. */
class LinkTest {

    @Test
    void severalLinksInOneHeaderWithSeveralRels() {
        List<Link> links = Link.parse(
                List.of("</v2/_catalog?n=2&last=a>; rel=\"prev first\", </v2/_catalog?n=2&last=c>;REL=\"Next last\""));

        assertThat(links).hasSize(2);
        assertThat(links.get(0).target()).isEqualTo("/v2/_catalog?n=2&last=a");
        assertThat(links.get(0).rels()).containsExactly("prev", "first");
        assertThat(links.get(1).rels()).containsExactly("next", "last");
        assertThat(links.get(1).hasRel("NEXT")).isTrue();
        assertThat(Link.next(List.of(
                        "</v2/_catalog?n=2&last=a>; rel=\"prev first\", </v2/_catalog?n=2&last=c>;REL=\"Next last\"")))
                .contains("/v2/_catalog?n=2&last=c");
    }

    @Test
    void quotedParametersMayHoldCommasAndSemicolons() {
        List<Link> links = Link.parse(
                List.of(
                        "<https://r.example/v2/a/tags/list?n=1&last=x,y>; title=\"a, b; c\"; rel=next, <https://r/2>; rel=last"));

        assertThat(links)
                .containsExactly(
                        new Link(
                                "https://r.example/v2/a/tags/list?n=1&last=x,y",
                                Map.of("title", "a, b; c", "rel", "next")),
                        new Link("https://r/2", Map.of("rel", "last")));
    }

    @Test
    void theFirstRelCountsAndLinksOfSeveralHeaderLinesAreRead() {
        assertThat(Link.parse(List.of("</a>; rel=prev; rel=next")).get(0).rels())
                .containsExactly("prev");
        assertThat(Link.next(List.of("</a>; rel=prev", "</b>; rel=\"next\""))).contains("/b");
        assertThat(Link.next(List.of("</a>; rel=prev"))).isEmpty();
        assertThat(Link.next(List.of())).isEmpty();
    }

    @Test
    void textThatIsNotALinkIsSkipped() {
        assertThat(Link.parse(List.of("garbage \"with, comma\", </ok>; rel=next, <unclosed")))
                .containsExactly(new Link("/ok", Map.of("rel", "next")));
        assertThat(Link.parse(List.of("/v2/_catalog?n=1; rel=next"))).isEmpty();
    }
}
