package dev.ocireg.internal.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One link of a {@code Link} header (RFC 8288): {@code <target>; rel="next"; title="a, b"}. A header value may hold
 * several links separated by commas, a quoted parameter may hold commas and semicolons, and {@code rel} may name
 * several relation types separated by spaces ({@code rel="next last"}). Parameter names are lower-cased; a parameter
 * given twice keeps its first value, as RFC 8288 asks for {@code rel}. The target is as sent: resolve it against the
 * URL of the response.
 *
 * <pre>{@code
 * Optional<String> next = Link.next(response.headers().allValues("Link"));
 * }</pre>
 */
public record Link(String target, Map<String, String> params) {

    public Link {
        params = Map.copyOf(params);
    }

    /** The relation types of {@code rel}, lower-cased; empty when there is no {@code rel}. */
    public Set<String> rels() {
        String rel = params.get("rel");
        Set<String> rels = new LinkedHashSet<>();
        if (rel != null) {
            for (String each : rel.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!each.isEmpty()) {
                    rels.add(each);
                }
            }
        }
        return rels;
    }

    /** True when {@code rel} names this relation type (case-insensitive), such as {@code "next"}. */
    public boolean hasRel(String relation) {
        return rels().contains(relation.toLowerCase(Locale.ROOT));
    }

    /** The target of the first link with {@code rel="next"} among the given header values, or empty. */
    public static Optional<String> next(List<String> headerValues) {
        return parse(headerValues).stream()
                .filter(link -> link.hasRel("next"))
                .map(Link::target)
                .findFirst();
    }

    /** Every link of every given header value, in order; text that is not a link is skipped up to the next comma. */
    public static List<Link> parse(List<String> headerValues) {
        List<Link> links = new ArrayList<>();
        for (String value : headerValues) {
            new Parser(value).linksInto(links);
        }
        return links;
    }

    /** A cursor over one header value. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void linksInto(List<Link> out) {
            while (skip(" \t,") < s.length()) {
                if (s.charAt(i) != '<') {
                    skipPastComma();
                    continue;
                }
                int close = s.indexOf('>', i + 1);
                if (close < 0) {
                    return;
                }
                String target = s.substring(i + 1, close).trim();
                i = close + 1;
                Map<String, String> params = new LinkedHashMap<>();
                while (skip(" \t") < s.length() && s.charAt(i) == ';') {
                    i++;
                    skip(" \t");
                    String name = token().toLowerCase(Locale.ROOT);
                    String value = "";
                    if (skip(" \t") < s.length() && s.charAt(i) == '=') {
                        i++;
                        skip(" \t");
                        value = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
                    }
                    if (!name.isEmpty()) {
                        params.putIfAbsent(name, value);
                    }
                }
                out.add(new Link(target, params));
                skipPastComma(); // anything else before the next link is not part of this one
            }
        }

        /** Moves past the given characters; returns the new position. */
        private int skip(String chars) {
            while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return i;
        }

        private String token() {
            int start = i;
            while (i < s.length() && " \t;,=\"".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            i++; // opening quote
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                value.append(s.charAt(i++));
            }
            i++; // closing quote
            return value.toString();
        }

        private void skipPastComma() {
            boolean inQuotes = false;
            while (i < s.length() && (inQuotes || s.charAt(i) != ',')) {
                if (s.charAt(i) == '"') {
                    inQuotes = !inQuotes;
                } else if (s.charAt(i) == '\\' && inQuotes) {
                    i++;
                }
                i++;
            }
        }
    }
}
