package dev.ocireg.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a registry is known to fail, by {@linkplain ConformanceCheck#id() id}: a run whose only failures are
 * these is successful, and the report lists new failures and checks that pass again.
 *
 * <p>The file holds one id a line; {@code #} starts a comment, which may follow an id to say why it fails:
 *
 * <pre>
 * # distribution 2.8
 * discovery.referrers.list        # no referrers API
 * push.upload.out-of-order        # PATCH ignores Content-Range
 * </pre>
 */
public final class ExpectedFailures {
    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9-]*(\\.[a-zA-Z0-9-]+)+");
    private static final ExpectedFailures NONE = new ExpectedFailures(null, Map.of());

    private final Path file;
    private final Map<String, String> reasons;

    private ExpectedFailures(Path file, Map<String, String> reasons) {
        this.file = file;
        this.reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    /** No expected failures: every failure counts. */
    public static ExpectedFailures none() {
        return NONE;
    }

    /** These ids, without reasons. */
    public static ExpectedFailures of(Collection<String> ids) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String id : ids) {
            reasons.put(checkId(id, null, 0), "");
        }
        return new ExpectedFailures(null, reasons);
    }

    /**
     * Reads a file. A file that does not exist is an error unless {@code missingIsEmpty} (when the file is about to be
     * written by {@code OCI_UPDATE_EXPECTED}).
     */
    public static ExpectedFailures read(Path file, boolean missingIsEmpty) {
        if (!Files.exists(file)) {
            if (missingIsEmpty) {
                return new ExpectedFailures(file, Map.of());
            }
            throw new IllegalArgumentException("the expected failures file " + file.toAbsolutePath()
                    + " does not exist (--update-expected creates it)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new ExpectedFailures(file, parse(text, file));
    }

    private static Map<String, String> parse(String text, Path file) {
        Map<String, String> reasons = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String id = (hash < 0 ? line : line.substring(0, hash)).strip();
            String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
            if (!id.isEmpty()) {
                reasons.put(checkId(id, file, i + 1), reason);
            }
        }
        return reasons;
    }

    private static String checkId(String id, Path file, int line) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException((file == null ? "" : file + ":" + line + ": ") + "'" + id
                    + "' is not a check id such as push.image.blobs");
        }
        return id;
    }

    /** The file read, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The ids, in the file's order. */
    public Set<String> ids() {
        return reasons.keySet();
    }

    public boolean contains(String id) {
        return reasons.containsKey(id);
    }

    /** The comment after the id, empty when there is none. */
    public String reason(String id) {
        return reasons.getOrDefault(id, "");
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    /**
     * The text of a file listing {@code failing} (ids with their reasons, kept from this list where it has one), then
     * the ids of this list that did not run ({@code notRun}: filtered out or skipped), which stay expected.
     */
    String format(List<String> failing, Collection<String> notRun, String header) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        for (String id : failing) {
            line(out, id);
        }
        for (String id : reasons.keySet()) {
            if (notRun.contains(id) && !failing.contains(id)) {
                line(out, id);
            }
        }
        return out.toString();
    }

    private void line(StringBuilder out, String id) {
        String reason = reason(id);
        out.append(id);
        if (!reason.isEmpty()) {
            out.append("  # ").append(reason);
        }
        out.append('\n');
    }

    @Override
    public String toString() {
        return "ExpectedFailures" + (file == null ? "" : "[" + file + "]") + reasons.keySet();
    }
}
