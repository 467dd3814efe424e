package dev.ocireg.internal.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 section 11.6.1), such as {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:app:pull"}. Scheme lower-cased, parameter
 * names lower-cased, quoted values unescaped. One header value may hold several challenges, and a quoted value may
 * hold commas: {@code Bearer realm="r",scope="repository:a:pull,push", Basic realm="b"} is two challenges.
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        params = Map.copyOf(params);
    }

    /** A parameter by its lower-case name, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** True for a challenge of this scheme (case-insensitive), such as {@code "bearer"}. */
    public boolean is(String scheme) {
        return this.scheme.equalsIgnoreCase(scheme);
    }

    /** Every challenge of every given header value, in order; malformed parts are skipped. */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            parseInto(value, challenges);
        }
        return challenges;
    }

    private static void parseInto(String s, List<Challenge> out) {
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && " \t,=".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String token = s.substring(start, i);
            int j = i;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j < n && s.charAt(j) == '=') {
                i = j + 1;
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && s.charAt(i) == '"') {
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(s.charAt(i++));
                    }
                    i++; // closing quote
                } else {
                    while (i < n && " \t,".indexOf(s.charAt(i)) < 0) {
                        value.append(s.charAt(i++));
                    }
                }
                if (scheme != null && !token.isEmpty()) {
                    params.put(token.toLowerCase(Locale.ROOT), value.toString());
                } // else a parameter before any scheme: skipped with its value
            } else if (!token.isEmpty()) {
                if (scheme != null) {
                    out.add(new Challenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, params));
        }
    }
}
