package dev.ocireg.conformance.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of YAML that {@code oci-conformance.yaml} uses: nested mappings by indentation, scalars (plain, single-
 * or double-quoted), flow lists ({@code [a, b]}, {@code []}) and block lists ({@code - item}), comments. The result is
 * flat: {@code apis.blobs.atomic -> true}; list items are joined with a space, as the environment variables take them.
 * Anchors, multi-line scalars and flow mappings are refused with the line number.
 */
public final class MiniYaml {

    private MiniYaml() {}

    /** Flattens the document into dotted keys. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<int[]> stackIndent = new ArrayList<>(); // indent per open mapping level
        List<String> stackKey = new ArrayList<>();
        String listKey = null;
        int listIndent = -1;
        List<String> listItems = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = stripComment(lines[i]);
            if (raw.isBlank() || raw.strip().equals("---")) {
                continue;
            }
            if (raw.indexOf('\t') >= 0
                    && raw.substring(0, raw.length() - raw.stripLeading().length())
                            .contains("\t")) {
                throw error(lineNo, "tabs are not allowed for indentation");
            }
            int indent = raw.length() - raw.stripLeading().length();
            String line = raw.strip();
            if (line.startsWith("- ") || line.equals("-")) {
                if (listItems == null || indent < listIndent) {
                    throw error(lineNo, "a list item must follow a key such as 'tags:'");
                }
                listItems.add(scalar(line.substring(1).strip(), lineNo));
                continue;
            }
            int colon = keyColon(line);
            if (colon <= 0) {
                throw error(lineNo, "expected 'key: value'");
            }
            if (listItems != null) {
                if (!listItems.isEmpty() || indent <= listIndent) {
                    // a finished block list, or a key whose value was empty
                    out.put(listKey, String.join(" ", listItems));
                }
                listItems = null;
                listKey = null;
            }
            String key = unquote(line.substring(0, colon).strip(), lineNo);
            String value = line.substring(colon + 1).strip();
            while (!stackIndent.isEmpty() && stackIndent.get(stackIndent.size() - 1)[0] >= indent) {
                stackIndent.remove(stackIndent.size() - 1);
                stackKey.remove(stackKey.size() - 1);
            }
            String path = stackKey.isEmpty() ? key : String.join(".", stackKey) + "." + key;
            if (value.isEmpty()) {
                // a nested mapping or a block list follows
                stackIndent.add(new int[] {indent});
                stackKey.add(key);
                listKey = path;
                listIndent = indent;
                listItems = new ArrayList<>();
                continue;
            }
            if (value.startsWith("[")) {
                if (!value.endsWith("]")) {
                    throw error(lineNo, "a flow list must end on the same line");
                }
                List<String> items = new ArrayList<>();
                String inner = value.substring(1, value.length() - 1).strip();
                if (!inner.isEmpty()) {
                    for (String item : inner.split(",")) {
                        items.add(scalar(item.strip(), lineNo));
                    }
                }
                out.put(path, String.join(" ", items));
                continue;
            }
            if (value.startsWith("{")
                    || value.startsWith("&")
                    || value.startsWith("*")
                    || value.startsWith("|")
                    || value.startsWith(">")) {
                throw error(lineNo, "only plain values, quoted strings and lists are supported");
            }
            out.put(path, scalar(value, lineNo));
        }
        if (listItems != null) {
            out.put(listKey, String.join(" ", listItems));
        }
        return out;
    }

    /** The colon that ends the key (outside quotes, followed by a space or the end of the line). */
    private static int keyColon(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String scalar(String value, int lineNo) {
        String v = unquote(value, lineNo);
        return v.equals("~") || v.equals("null") && !value.startsWith("\"") && !value.startsWith("'") ? "" : v;
    }

    private static String unquote(String value, int lineNo) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            String inner = value.substring(1, value.length() - 1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    char n = inner.charAt(++i);
                    switch (n) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case '"' -> out.append('"');
                        case '\\' -> out.append('\\');
                        default -> out.append('\\').append(n);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        if (value.startsWith("\"") || value.startsWith("'")) {
            throw error(lineNo, "unterminated quoted string");
        }
        return value;
    }

    private static IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException("line " + line + ": " + message);
    }
}
