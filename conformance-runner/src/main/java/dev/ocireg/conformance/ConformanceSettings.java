package dev.ocireg.conformance;

import dev.ocireg.conformance.internal.MiniYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of a conformance run, with the names of the official suite's {@code conformance/README.md}, so a
 * configuration written for it works here too.
 *
 * <pre>{@code
 * ConformanceSettings settings = ConformanceSettings.load();            // environment, -D, oci-conformance.yaml
 * ConformanceSettings mine = ConformanceSettings.builder()
 *         .url(URI.create("http://127.0.0.1:5000"))
 *         .set("OCI_DATA_SPARSE", "true")
 *         .build();
 * }</pre>
 *
 * <p><b>Sources</b>, highest precedence first: {@linkplain Builder#set values set on a builder}, Java system
 * properties ({@code -DOCI_REGISTRY=…}), environment variables, the YAML file ({@code OCI_CONFIGURATION}, by default
 * {@code oci-conformance.yaml} in the working directory when it exists; keys such as {@code apis.blobs.atomic}), and
 * last the legacy variables of the 1.0 suite: {@code OCI_ROOT_URL}, {@code OCI_NAMESPACE}, {@code
 * OCI_CROSSMOUNT_NAMESPACE}, {@code OCI_REPORT_DIR}, {@code OCI_AUTOMATIC_CROSSMOUNT}, {@code OCI_TAG_NAME}, {@code
 * OCI_MANIFEST_DIGEST}, {@code OCI_BLOB_DIGEST}. The legacy workflow switches {@code OCI_TEST_PULL}, {@code
 * OCI_TEST_PUSH}, {@code OCI_TEST_CONTENT_DISCOVERY} and {@code OCI_TEST_CONTENT_MANAGEMENT} keep their old meaning:
 * when any of them is set, only the workflows set to true run.
 *
 * <p><b>Registry URL.</b> {@code OCI_REGISTRY} ({@code host:port}) with {@code OCI_TLS} ({@code enabled} = https,
 * {@code insecure} = https without certificate checks, {@code disabled} = http). A full URL in {@code OCI_REGISTRY}
 * or {@code OCI_ROOT_URL} is taken as it is.
 *
 * <p><b>{@code OCI_VERSION}.</b> {@code 1.1} and {@code stable} test the released spec; {@code dev} also the
 * unreleased additions (upload cancel, {@code ?tag=}, {@code digest-algorithm}) by default.
 *
 * <p>Instances are immutable. Unknown {@code OCI_*} names given to {@link Builder#set} and unknown keys in the YAML file
 * are errors; other {@code OCI_*} environment variables are ignored.
 */
public final class ConformanceSettings {

    private static final List<String> LEGACY_WORKFLOW_KEYS =
            List.of("OCI_TEST_PULL", "OCI_TEST_PUSH", "OCI_TEST_CONTENT_DISCOVERY", "OCI_TEST_CONTENT_MANAGEMENT");

    /** Every setting and its default for {@code OCI_VERSION=1.1}, in the README's order. */
    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private ConformanceSettings(Map<String, String> values, Map<String, String> sources) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("OCI_CONFIGURATION", "oci-conformance.yaml");
        d.put("OCI_RESULTS_DIR", "./results");
        d.put("OCI_VERSION", "1.1");
        d.put("OCI_LOG", "warn");
        d.put("OCI_REGISTRY", "localhost:5000");
        d.put("OCI_TLS", "enabled");
        d.put("OCI_REPO1", "conformance/repo1");
        d.put("OCI_REPO2", "conformance/repo2");
        d.put("OCI_USERNAME", "");
        d.put("OCI_PASSWORD", "");
        d.put("OCI_USERNAME2", "");
        d.put("OCI_PASSWORD2", "");
        d.put("OCI_CACHE_AUTH", "true");
        d.put("OCI_API_PULL", "true");
        d.put("OCI_API_PUSH", "true");
        d.put("OCI_API_BLOBS_ATOMIC", "true");
        d.put("OCI_API_BLOBS_DELETE", "true");
        d.put("OCI_API_BLOBS_DIGEST_HEADER", "false");
        d.put("OCI_API_BLOBS_MOUNT_ANONYMOUS", "true");
        d.put("OCI_API_BLOBS_UPLOAD_CANCEL", "false");
        d.put("OCI_API_MANIFESTS_ATOMIC", "true");
        d.put("OCI_API_MANIFESTS_DELETE", "true");
        d.put("OCI_API_MANIFESTS_DIGEST_HEADER", "false");
        d.put("OCI_API_MANIFESTS_TAG_PARAM", "false");
        d.put("OCI_API_TAGS_ATOMIC", "true");
        d.put("OCI_API_TAGS_DELETE", "true");
        d.put("OCI_API_TAGS_LIST", "true");
        d.put("OCI_API_REFERRER", "true");
        d.put("OCI_DATA_IMAGE", "true");
        d.put("OCI_DATA_INDEX", "true");
        d.put("OCI_DATA_INDEX_LIST", "true");
        d.put("OCI_DATA_SPARSE", "false");
        d.put("OCI_DATA_ARTIFACT", "true");
        d.put("OCI_DATA_SUBJECT", "true");
        d.put("OCI_DATA_SUBJECT_MISSING", "true");
        d.put("OCI_DATA_ARTIFACT_LIST", "true");
        d.put("OCI_DATA_SUBJECT_LIST", "true");
        d.put("OCI_DATA_DATA_FIELD", "true");
        d.put("OCI_DATA_NONDISTRIBUTABLE", "true");
        d.put("OCI_DATA_CUSTOM_FIELDS", "true");
        d.put("OCI_DATA_NO_LAYERS", "true");
        d.put("OCI_DATA_EMPTY_BLOB", "true");
        d.put("OCI_DATA_SHA512", "true");
        d.put("OCI_RO_DATA_TAGS", "");
        d.put("OCI_RO_DATA_MANIFESTS", "");
        d.put("OCI_RO_DATA_BLOBS", "");
        d.put("OCI_RO_DATA_REFERRERS", "");
        d.put("OCI_FILTER_TEST", "");
        d.put("OCI_CONCURRENCY", "4");
        d.put("OCI_EXPECTED_FAILURES", "");
        d.put("OCI_UPDATE_EXPECTED", "false");
        for (String legacy : LEGACY_WORKFLOW_KEYS) {
            d.put(legacy, "");
        }
        return d;
    }

    /** The names this class knows, in the README's order (plus the legacy workflow switches). */
    public static List<String> names() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** The settings from system properties, the environment and {@code oci-conformance.yaml}. */
    public static ConformanceSettings load() {
        return fromEnvironment().build();
    }

    /** A builder holding the settings of {@link #load()}; what it is given overrides them. */
    public static Builder fromEnvironment() {
        Map<String, String> props = new LinkedHashMap<>();
        Properties system = System.getProperties();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("OCI_")) {
                props.put(name, system.getProperty(name));
            }
        }
        return from(System.getenv(), props, null);
    }

    /**
     * A builder from explicit sources: {@code environment} and {@code properties} are maps of {@code OCI_*} names
     * (properties win); {@code configFile} is the YAML file, or null to look for {@code OCI_CONFIGURATION} (default
     * {@code oci-conformance.yaml}, read only when it exists).
     */
    public static Builder from(Map<String, String> environment, Map<String, String> properties, Path configFile) {
        Builder b = new Builder();
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("OCI_")) {
                env.put(k, v);
            }
        });
        properties.forEach((k, v) -> {
            if (k.startsWith("OCI_")) {
                env.put(k, v);
            }
        });
        // legacy names, lowest precedence
        b.layer(legacy(env), "legacy environment");
        Path yaml = configFile;
        boolean explicitFile = configFile != null || env.containsKey("OCI_CONFIGURATION");
        if (yaml == null) {
            yaml = Path.of(env.getOrDefault("OCI_CONFIGURATION", DEFAULTS.get("OCI_CONFIGURATION")));
        }
        if (Files.isRegularFile(yaml)) {
            b.layer(readYaml(yaml), yaml.toString());
        } else if (explicitFile) {
            throw new IllegalArgumentException("configuration file " + yaml.toAbsolutePath() + " does not exist");
        }
        Map<String, String> current = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (DEFAULTS.containsKey(k)) {
                current.put(k, v);
            }
        });
        b.layer(current, "environment");
        return b;
    }

    /** Reads {@code oci-conformance.yaml} into {@code OCI_*} names ({@code apis.blobs.atomic -> OCI_API_BLOBS_ATOMIC}). */
    public static Map<String, String> readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> flat;
        try {
            flat = MiniYaml.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String name = yamlKeyToName(e.getKey());
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException(file + ": unknown setting '" + e.getKey() + "'");
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    /** {@code apis.blobs.digestHeader -> OCI_API_BLOBS_DIGEST_HEADER}, {@code logging -> OCI_LOG}. */
    static String yamlKeyToName(String key) {
        if (key.equals("logging")) {
            return "OCI_LOG";
        }
        String[] parts = key.split("\\.");
        StringBuilder name = new StringBuilder("OCI");
        for (int i = 0; i < parts.length; i++) {
            String part = i == 0 && parts[i].equals("apis") ? "api" : parts[i];
            name.append('_');
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (Character.isUpperCase(c) && j > 0) {
                    name.append('_');
                }
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }

    private static Map<String, String> legacy(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        String root = env.get("OCI_ROOT_URL");
        if (root != null && !root.isBlank()) {
            URI uri = URI.create(root.strip());
            if (uri.getScheme() == null || uri.getAuthority() == null) {
                throw new IllegalArgumentException(
                        "OCI_ROOT_URL must be a URL such as http://localhost:5000, not '" + root + "'");
            }
            out.put("OCI_REGISTRY", uri.getAuthority());
            out.put("OCI_TLS", uri.getScheme().equalsIgnoreCase("https") ? "enabled" : "disabled");
        }
        copy(env, "OCI_NAMESPACE", out, "OCI_REPO1");
        copy(env, "OCI_CROSSMOUNT_NAMESPACE", out, "OCI_REPO2");
        copy(env, "OCI_REPORT_DIR", out, "OCI_RESULTS_DIR");
        copy(env, "OCI_AUTOMATIC_CROSSMOUNT", out, "OCI_API_BLOBS_MOUNT_ANONYMOUS");
        copy(env, "OCI_TAG_NAME", out, "OCI_RO_DATA_TAGS");
        copy(env, "OCI_MANIFEST_DIGEST", out, "OCI_RO_DATA_MANIFESTS");
        copy(env, "OCI_BLOB_DIGEST", out, "OCI_RO_DATA_BLOBS");
        return out;
    }

    private static void copy(Map<String, String> from, String oldName, Map<String, String> to, String newName) {
        String v = from.get(oldName);
        if (v != null && !v.isBlank()) {
            to.put(newName, v.strip());
        }
    }

    // ================================================================== values

    /** The value of a setting (its default when not set); an unknown name is an error. */
    public String value(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting " + name + "; known: " + names());
        }
        return v;
    }

    /** A boolean setting: {@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off}. */
    public boolean flag(String name) {
        String v = value(name).strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "1", "yes", "on", "enabled" -> true;
            case "false", "0", "no", "off", "disabled", "" -> false;
            default ->
                throw new IllegalArgumentException(
                        name + " must be true or false, not '" + value(name) + "' (from " + source(name) + ")");
        };
    }

    /** A list setting: items separated by spaces or commas. */
    public List<String> list(String name) {
        String v = value(name).strip();
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : v.split("[\\s,]+")) {
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    /** Where a setting came from: {@code default}, {@code environment}, a file name, {@code builder}, … */
    public String source(String name) {
        return sources.getOrDefault(name, "default");
    }

    /** True when a setting was given by some source rather than left at its default. */
    public boolean isSet(String name) {
        return sources.containsKey(name);
    }

    /** The registry's base URL, without a trailing slash: from {@code OCI_REGISTRY} and {@code OCI_TLS}. */
    public URI url() {
        String registry = value("OCI_REGISTRY").strip();
        while (registry.endsWith("/")) {
            registry = registry.substring(0, registry.length() - 1);
        }
        if (registry.contains("://")) {
            return URI.create(registry);
        }
        String tls = value("OCI_TLS").strip().toLowerCase(Locale.ROOT);
        String scheme = switch (tls) {
            case "enabled", "insecure", "true" -> "https";
            case "disabled", "false" -> "http";
            default ->
                throw new IllegalArgumentException(
                        "OCI_TLS must be enabled, insecure or disabled, not '" + value("OCI_TLS") + "'");
        };
        return URI.create(scheme + "://" + registry);
    }

    /**
     * True for {@code OCI_TLS=insecure}: https without checking the server's certificate chain. The host name is
     * still checked unless {@code -Djdk.internal.httpclient.disableHostnameVerification=true} (the CLI sets it).
     */
    public boolean insecureTls() {
        return value("OCI_TLS").strip().equalsIgnoreCase("insecure");
    }

    /** {@code OCI_REPO1}: the repository most content is pushed to. */
    public String repo1() {
        return value("OCI_REPO1").strip();
    }

    /** {@code OCI_REPO2}: the repository blobs are mounted into. */
    public String repo2() {
        return value("OCI_REPO2").strip();
    }

    /** {@code OCI_USERNAME}, empty for anonymous access. */
    public String username() {
        return value("OCI_USERNAME");
    }

    /** {@code OCI_PASSWORD}. */
    public String password() {
        return value("OCI_PASSWORD");
    }

    /**
     * {@code OCI_USERNAME2}: a second user who may pull but not push to {@code OCI_REPO1}; empty when there is none
     * (the {@code DENIED} check is then skipped).
     */
    public String username2() {
        return value("OCI_USERNAME2");
    }

    /**
     * {@code OCI_CONCURRENCY}: how many checks run at the same time (at least 1). Checks that depend on each other, or
     * on the registry's state, still run in order.
     */
    public int concurrency() {
        String v = value("OCI_CONCURRENCY").strip();
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("OCI_CONCURRENCY must be a number from 1 to 64, not '" + v + "' (from "
                + source("OCI_CONCURRENCY") + ")");
    }

    /**
     * {@code OCI_EXPECTED_FAILURES}: the file listing the ids of checks that may fail (known gaps), or empty when
     * every failure counts.
     */
    public Optional<Path> expectedFailuresFile() {
        String v = value("OCI_EXPECTED_FAILURES").strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    /** {@code OCI_UPDATE_EXPECTED}: write the run's failures back to {@link #expectedFailuresFile()}. */
    public boolean updateExpected() {
        return flag("OCI_UPDATE_EXPECTED");
    }

    /** True for {@code OCI_VERSION=dev}: the unreleased additions of the spec's main branch are tested too. */
    public boolean devVersion() {
        return value("OCI_VERSION").strip().equalsIgnoreCase("dev");
    }

    /** {@code OCI_RESULTS_DIR}. */
    public Path resultsDir() {
        return Path.of(value("OCI_RESULTS_DIR"));
    }

    /** {@code OCI_FILTER_TEST}: only checks whose {@link ConformanceCheck#path() path} contains it run. */
    public String filterTest() {
        return value("OCI_FILTER_TEST").strip();
    }

    /**
     * Null when {@code workflow} runs, else the reason it does not: a legacy {@code OCI_TEST_*} switch or {@code
     * OCI_API_PULL} / {@code OCI_API_PUSH}.
     */
    public String workflowDisabledReason(Workflow workflow) {
        String legacyKey = switch (workflow) {
            case PULL -> "OCI_TEST_PULL";
            case PUSH -> "OCI_TEST_PUSH";
            case CONTENT_DISCOVERY -> "OCI_TEST_CONTENT_DISCOVERY";
            case CONTENT_MANAGEMENT -> "OCI_TEST_CONTENT_MANAGEMENT";
        };
        boolean anyLegacy = LEGACY_WORKFLOW_KEYS.stream().anyMatch(k -> !value(k).isBlank());
        if (anyLegacy && !flag(legacyKey)) {
            return "the " + workflow.title() + " workflow is off (" + legacyKey + " is not set to true while other"
                    + " OCI_TEST_* switches are)";
        }
        if (workflow == Workflow.PULL && !flag("OCI_API_PULL")) {
            return "OCI_API_PULL=false";
        }
        if (workflow == Workflow.PUSH && !flag("OCI_API_PUSH")) {
            return "OCI_API_PUSH=false";
        }
        return null;
    }

    /** Every setting with its value; {@code OCI_PASSWORD} and {@code OCI_PASSWORD2} are shown as {@code ***} when set. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>(values);
        for (String secret : List.of("OCI_PASSWORD", "OCI_PASSWORD2")) {
            if (!value(secret).isEmpty()) {
                out.put(secret, "***");
            }
        }
        return out;
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.explicit.putAll(explicitValues());
        b.sources.putAll(sources);
        return b;
    }

    private Map<String, String> explicitValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : sources.keySet()) {
            out.put(name, values.get(name));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ConformanceSettings" + redacted();
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ConformanceSettings}; each setter returns this builder. */
    public static final class Builder {
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();

        private Builder() {}

        private void layer(Map<String, String> layer, String source) {
            layer.forEach((k, v) -> {
                explicit.put(k, v);
                sources.put(k, source);
            });
        }

        /**
         * Sets a setting by its {@code OCI_*} name, such as {@code set("OCI_DATA_SPARSE", "true")}.
         *
         * @throws IllegalArgumentException for a name the README does not list
         */
        public Builder set(String name, String value) {
            Objects.requireNonNull(value, "value");
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown setting " + name + "; known: " + DEFAULTS.keySet());
            }
            explicit.put(name, value);
            sources.put(name, "builder");
            return this;
        }

        /** Sets several boolean settings to {@code value}. */
        public Builder setAll(boolean value, String... names) {
            Arrays.stream(names).forEach(n -> set(n, String.valueOf(value)));
            return this;
        }

        /** The registry's URL ({@code http://host:port} or {@code https://…}): sets OCI_REGISTRY and OCI_TLS. */
        public Builder url(URI url) {
            Objects.requireNonNull(url, "url");
            if (url.getScheme() == null || url.getAuthority() == null) {
                throw new IllegalArgumentException("the registry URL needs a scheme and a host: " + url);
            }
            boolean https = url.getScheme().equalsIgnoreCase("https");
            set("OCI_REGISTRY", url.getAuthority());
            if (!(https && "insecure".equalsIgnoreCase(explicit.get("OCI_TLS")))) {
                set("OCI_TLS", https ? "enabled" : "disabled");
            }
            return this;
        }

        /** {@code OCI_REPO1} and {@code OCI_REPO2}. */
        public Builder repositories(String repo1, String repo2) {
            return set("OCI_REPO1", repo1).set("OCI_REPO2", repo2);
        }

        /** {@code OCI_USERNAME} and {@code OCI_PASSWORD}. */
        public Builder credentials(String username, String password) {
            return set("OCI_USERNAME", username).set("OCI_PASSWORD", password);
        }

        /** {@code OCI_USERNAME2} and {@code OCI_PASSWORD2}: a user who may pull but not push (the DENIED check). */
        public Builder secondUser(String username, String password) {
            return set("OCI_USERNAME2", username).set("OCI_PASSWORD2", password);
        }

        /** {@code OCI_EXPECTED_FAILURES}: the file of check ids that may fail. */
        public Builder expectedFailures(Path file) {
            return set("OCI_EXPECTED_FAILURES", file.toString());
        }

        /** {@code OCI_UPDATE_EXPECTED}: write the run's failures to the expected failures file. */
        public Builder updateExpected(boolean update) {
            return set("OCI_UPDATE_EXPECTED", String.valueOf(update));
        }

        /** Reads a YAML configuration file; its values override what this builder holds. */
        public Builder configFile(Path file) {
            layer(readYaml(file), file.toString());
            return this;
        }

        /** The settings. Defaults depend on {@code OCI_VERSION}: {@code dev} turns the unreleased features on. */
        public ConformanceSettings build() {
            Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
            String version = explicit.getOrDefault("OCI_VERSION", DEFAULTS.get("OCI_VERSION"));
            if (version.strip().equalsIgnoreCase("dev")) {
                values.put("OCI_API_BLOBS_UPLOAD_CANCEL", "true");
                values.put("OCI_API_MANIFESTS_TAG_PARAM", "true");
            }
            values.putAll(explicit);
            ConformanceSettings settings = new ConformanceSettings(values, sources);
            settings.url(); // validates OCI_REGISTRY and OCI_TLS
            settings.concurrency();
            settings.flag("OCI_UPDATE_EXPECTED");
            if (settings.updateExpected() && settings.expectedFailuresFile().isEmpty()) {
                throw new IllegalArgumentException(
                        "OCI_UPDATE_EXPECTED=true needs OCI_EXPECTED_FAILURES (the file to write)");
            }
            return settings;
        }
    }
}
