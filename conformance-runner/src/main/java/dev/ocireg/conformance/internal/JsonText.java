package dev.ocireg.conformance.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON written without a JSON library, for the test data built before the first check: loading Jackson in a fresh JVM
 * takes longer than building every manifest, so the run does not wait for it. Objects keep their keys in order;
 * values are strings, numbers, booleans, {@link Obj} and lists.
 */
final class JsonText {

    private JsonText() {}

    /** A JSON object being built; keys keep their order. */
    static final class Obj {
        final Map<String, Object> fields = new LinkedHashMap<>();

        Obj put(String key, Object value) {
            fields.put(key, value);
            return this;
        }

        /** The object under {@code key}, created when missing. */
        Obj obj(String key) {
            return (Obj) fields.computeIfAbsent(key, k -> new Obj());
        }

        /** The array under {@code key}, created when missing. */
        @SuppressWarnings("unchecked")
        List<Object> array(String key) {
            return (List<Object>) fields.computeIfAbsent(key, k -> new ArrayList<>());
        }

        Object get(String key) {
            return fields.get(key);
        }

        /** A copy, deep for nested objects and arrays. */
        Obj copy() {
            Obj out = new Obj();
            fields.forEach((k, v) -> out.fields.put(k, copyOf(v)));
            return out;
        }

        private static Object copyOf(Object v) {
            if (v instanceof Obj o) {
                return o.copy();
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(copyOf(x)));
                return out;
            }
            return v;
        }

        byte[] bytes() {
            return write(this, -1);
        }

        /** Indented two spaces a level, as a person would write it. */
        byte[] prettyBytes() {
            return write(this, 0);
        }
    }

    private static byte[] write(Object value, int indent) {
        StringBuilder out = new StringBuilder();
        value(out, value, indent);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder out, Object v, int indent) {
        if (v instanceof Obj o) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) {
                out.append(first ? "" : ",");
                newline(out, indent, indent + 1);
                string(out, e.getKey());
                out.append(indent >= 0 ? ": " : ":");
                value(out, e.getValue(), indent < 0 ? indent : indent + 1);
                first = false;
            }
            if (!first) {
                newline(out, indent, indent);
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            boolean first = true;
            for (Object item : l) {
                out.append(first ? "" : ",");
                newline(out, indent, indent + 1);
                value(out, item, indent < 0 ? indent : indent + 1);
                first = false;
            }
            if (!first) {
                newline(out, indent, indent);
            }
            out.append(']');
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    /** A line break and the indent of {@code level}, when pretty ({@code pretty} is the current level, -1 when not). */
    private static void newline(StringBuilder out, int pretty, int level) {
        if (pretty >= 0) {
            out.append('\n').append("  ".repeat(level));
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
