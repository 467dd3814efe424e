package dev.ocireg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the module's packages, checked on the compiled classes (every class named in a constant pool:
 * imports, fully qualified names, signatures), so a new dependency is a decision made in {@link #ALLOWED}, never an
 * accident. Package names are relative to {@code dev.ocireg}; {@code ""} is {@code dev.ocireg} itself. The JDK and
 * the shaded libraries are not counted.
 */
class PackageDependenciesTest {

    /**
     * What each package may use besides itself ({@code root} is {@code dev.ocireg}), lower layers first. The table
     * must have no cycle.
     */
    static final Map<String, Set<String>> ALLOWED = parse("""
            spec              :
            auth              :
            journal           : auth
            internal.io       :
            internal.logging  :
            internal.preload  :
            internal.net      :
            internal.journal  : journal
            faults            : journal
            faults            : journal
            internal.content  : spec
            internal.wire     : internal.content
            storage           : spec internal.content internal.io
            internal.config   : spec storage journal internal.journal faults faults
            internal.auth     : spec auth internal.content
            internal.layout   : spec storage internal.config internal.content internal.io
            internal.warmup   : spec storage internal.content
            internal.http     : spec storage journal auth internal.auth internal.config internal.content internal.journal faults faults
            client            : spec internal.content internal.wire
            root              : spec storage journal faults auth internal.auth internal.config internal.http internal.layout internal.journal internal.preload internal.net internal.warmup
            assertions        : root spec storage journal faults internal.content
            junit             : root spec storage journal faults auth client assertions
            testcontainers    : root junit
            """);

    /**
     * Public SPI and value types: what users implement or hold. They must not reach into {@code internal}, even where
     * their package may (the storage package holds the built-in implementation, the client package the wire code).
     */
    static final Set<String> SPI_AND_VALUE_TYPES = Set.of(
            "storage.Storage",
            "storage.UploadException",
            "client.ArtifactPush",
            "client.Manifest",
            "client.PulledImage",
            "client.RegistryClientException");

    /** Test packages that group tests by how they test rather than by the main package they test. */
    static final Set<String> TEST_ONLY_PACKAGES = Set.of(
            "testing", // the shared fixtures: HTTP helper, content builder, proxy front
            "http", // the HTTP contract, end to end over loopback
            "interop", // real clients (Jib, skopeo) against the registry
            "bench", // benchmarks, run by hand
            "docker"); // the Docker CLI against the registry

    private static final String BASE = "dev/ocireg/";
    private static final Pattern REFERENCE = Pattern.compile("dev/ocireg/((?:[a-z0-9_]+/)*)([A-Z][A-Za-z0-9_$]*)");

    @Test
    void everyPackageIsInTheTable() {
        assertThat(ALLOWED.keySet())
                .as("packages of the module; add a new one to ALLOWED with what it may use")
                .containsAll(references(mainClasses()).keySet().stream()
                        .map(PackageDependenciesTest::packageOf)
                        .toList());
    }

    @Test
    void packagesUseOnlyWhatTheTableAllows() {
        List<String> violations = new ArrayList<>();
        references(mainClasses()).forEach((type, used) -> {
            String from = packageOf(type);
            Set<String> allowed = ALLOWED.getOrDefault(from, Set.of());
            for (String target : used) {
                String to = packageOf(target);
                if (!to.equals(from) && !allowed.contains(to)) {
                    violations.add(name(type) + " uses " + name(target));
                }
            }
        });
        assertThat(violations)
                .as("dependencies outside the table (change the code, or ALLOWED if the layering really changes)")
                .isEmpty();
    }

    @Test
    void theTableHasNoCycle() {
        assertThat(cycle(ALLOWED)).as("a cycle among the allowed dependencies").isEmpty();
    }

    @Test
    void theCodeHasNoPackageCycle() {
        Map<String, Set<String>> actual = new TreeMap<>();
        references(mainClasses()).forEach((type, used) -> {
            Set<String> targets = actual.computeIfAbsent(packageOf(type), k -> new TreeSet<>());
            used.stream().map(PackageDependenciesTest::packageOf).forEach(targets::add);
        });
        actual.forEach((from, targets) -> targets.remove(from));
        assertThat(cycle(actual)).as("a cycle among the packages").isEmpty();
    }

    @Test
    void spiAndValueTypesDoNotReachInternals() {
        List<String> violations = new ArrayList<>();
        references(mainClasses()).forEach((type, used) -> {
            String outer = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
            if (SPI_AND_VALUE_TYPES.contains(outer)) {
                used.stream()
                        .filter(t -> t.startsWith("internal."))
                        .forEach(t -> violations.add(name(type) + " uses " + name(t)));
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void testPackagesMirrorMainPackages() {
        Set<String> main = new TreeSet<>();
        references(mainClasses()).keySet().forEach(t -> main.add(packageOf(t)));
        List<String> strays = new ArrayList<>();
        for (String type : references(classesOf(PackageDependenciesTest.class)).keySet()) {
            String pkg = packageOf(type);
            String top = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
            if (!main.contains(pkg) && !TEST_ONLY_PACKAGES.contains(top)) {
                strays.add(name(type));
            }
        }
        assertThat(strays)
                .as("test classes in a package that is neither a main package nor one of " + TEST_ONLY_PACKAGES)
                .isEmpty();
    }

    @Test
    void theCheckSeesRealDependencies() {
        // Guards the scanner itself: a rule that sees nothing passes for the wrong reason.
        Map<String, Set<String>> refs = references(mainClasses());
        assertThat(refs.get("storage.Storages")).contains("storage.PathStorage");
        assertThat(refs.get("storage.PathStorage")).contains("internal.content.ContentJson", "internal.io.FileTrees");
        assertThat(refs.get("RegistryServer")).contains("internal.http.RegistryHandler");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"))))
                .containsExactly("a", "b", "c", "a");
    }

    // ------------------------------------------------------------------ the scanner

    /** Every class of the module (top-level and nested, by name relative to dev.ocireg) with the classes it names. */
    private static Map<String, Set<String>> references(Path root) {
        Map<String, Set<String>> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (!relative.startsWith(BASE) || relative.startsWith(BASE + "shaded/")) {
                    continue;
                }
                String type = relative.substring(BASE.length(), relative.length() - ".class".length())
                        .replace('/', '.');
                Set<String> used = new TreeSet<>();
                Matcher m = REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    if (!m.group(1).startsWith("shaded/")) {
                        used.add((m.group(1) + m.group(2)).replace('/', '.'));
                    }
                }
                used.remove(type);
                result.put(type, used);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(result).as("classes under %s", root).isNotEmpty();
        return result;
    }

    private static Path mainClasses() {
        return classesOf(RegistryServer.class);
    }

    /** The directory (or the root of the jar) that a class was loaded from. */
    private static Path classesOf(Class<?> type) {
        try {
            Path location = Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return location;
            }
            FileSystem jar = FileSystems.newFileSystem(location);
            return jar.getPath("/");
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot find the classes of " + type, e);
        }
    }

    /** {@code internal.http.Routes} for {@code internal.http.Routes$Route}: the type a human looks for. */
    private static String name(String type) {
        return "dev.ocireg." + type.replace('$', '.');
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "" : type.substring(0, dot);
    }

    /** A cycle of the graph as the packages along it (first one repeated at the end), or empty. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        List<String> path = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(
            String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    private static Map<String, Set<String>> parse(String table) {
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (String line : table.strip().split("\n")) {
            String[] parts = line.split(":", 2);
            Set<String> uses = new HashSet<>();
            for (String use : parts[1].trim().split("\\s+")) {
                if (!use.isEmpty()) {
                    uses.add(relative(use));
                }
            }
            allowed.put(relative(parts[0].trim()), Set.copyOf(uses));
        }
        return allowed;
    }

    private static String relative(String name) {
        return name.equals("root") ? "" : name;
    }
}
