package dev.ocireg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every {@code // tag::name[]} region of these examples appears verbatim (dedented) in the README. */
class ReadmeSnippetsTest {
    private static final Pattern REGION =
            Pattern.compile("[ \\t]*// tag::(\\w+)\\[\\]\\n(.*?)[ \\t]*// end::\\1\\[\\]", Pattern.DOTALL);

    @Test
    void theReadmeShowsTheExamplesAsTheyAre() throws IOException {
        Path examples = Path.of("src/test/java/dev/ocireg/examples");
        Path readme = Path.of("../README.md");
        String text = Files.readString(readme);
        Map<String, String> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = REGION.matcher(Files.readString(file));
                while (m.find()) {
                    regions.put(m.group(1) + " (" + file.getFileName() + ")", dedent(m.group(2)));
                }
            }
        }
        assertThat(regions).as("tagged example regions").hasSizeGreaterThanOrEqualTo(7);
        List<String> missing = new ArrayList<>();
        regions.forEach((name, code) -> {
            if (!text.contains("```java\n" + code + "\n```")) {
                missing.add(name);
            }
        });
        assertThat(missing)
                .as("example regions whose code differs from the README's snippet; copy them into README.md again")
                .isEmpty();
    }

    private static String dedent(String body) {
        List<String> lines = List.of(body.stripTrailing().split("\n", -1));
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.append(line.length() >= indent ? line.substring(indent) : line.strip());
            if (i < lines.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
