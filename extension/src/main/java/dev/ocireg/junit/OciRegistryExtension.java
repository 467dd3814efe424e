package dev.ocireg.junit;

import dev.ocireg.RegistryServer;
import dev.ocireg.auth.AccessRules;
import dev.ocireg.auth.Credentials;
import dev.ocireg.client.RegistryClient;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link OciRegistry}, also usable programmatically:
 *
 * <pre>{@code
 * @RegisterExtension
 * static OciRegistryExtension registry = OciRegistryExtension.builder()
 *         .configure(b -> b.maxChunkBytes(1024 * 1024))
 *         .build();
 * }</pre>
 *
 * <p>A {@code static} field gives one registry per class, emptied before each test unless {@link
 * Builder#resetBeforeEach(boolean) resetBeforeEach(false)}; an instance field gives a registry per test. Several
 * registries in one class get names ({@link Builder#name(String)}) and parameters pick one with {@link
 * RegistryName}.
 *
 * <p>All state lives in JUnit's {@link ExtensionContext.Store}: the running registry is an {@link AutoCloseable}
 * value that JUnit closes when its scope ends. Tests may run in parallel; tests that share a registry that is reset
 * before each of them take turns on it.
 */
public final class OciRegistryExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(OciRegistryExtension.class);
    private static final String NAMES = "names";
    private static final String DEFAULT_NAME = "default";

    /** Null for the declarative extension: its settings come from the {@link OciRegistry} annotation. */
    private final Settings settings;

    /** Used by JUnit for {@link OciRegistry}. */
    public OciRegistryExtension() {
        this.settings = null;
    }

    private OciRegistryExtension(Settings settings) {
        this.settings = settings;
    }

    /** A builder for {@code @RegisterExtension} use. */
    public static Builder builder() {
        return new Builder();
    }

    private String name() {
        return settings == null ? DEFAULT_NAME : settings.name;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings != null) {
            Optional<Running> visible = running(context);
            if (visible.isEmpty() || visible.get().startedIn.equals(context.getUniqueId())) {
                start(context, settings); // refuses a second registry of the same name in this class
            }
            return; // else started by an enclosing class: @Nested classes share it
        }
        Class<?> testClass = context.getRequiredTestClass();
        Optional<OciRegistry> annotation = AnnotationSupport.findAnnotation(testClass, OciRegistry.class);
        boolean declaredHere = annotation.isPresent()
                && (testClass.isAnnotationPresent(OciRegistry.class)
                        || running(context).isEmpty());
        if (declaredHere) {
            start(context, Settings.of(annotation.get(), DEFAULT_NAME));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Running> visible = running(context);
        if (settings == null) {
            Optional<OciRegistry> onMethod =
                    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, OciRegistry.class));
            if (onMethod.isPresent()) {
                start(context, Settings.of(onMethod.get(), DEFAULT_NAME));
                return;
            }
        } else if (visible.isEmpty()) { // an instance field: a registry per test
            start(context, settings);
            return;
        }
        visible.ifPresent(r -> r.beforeTest(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<Running> running = running(context);
        if (context.getExecutionException().isPresent()) {
            running.ifPresent(r -> {
                String dump = "ocireg: test " + context.getDisplayName() + " failed; journal of " + r.handle + ":\n"
                        + r.handle.journal()
                        + (r.handle.faults().isEmpty() ? "" : "\n" + r.handle.faults());
                System.err.println(dump);
            });
        }
    }

    private void start(ExtensionContext context, Settings s) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        List<String> names = new ArrayList<>(visibleNames(context));
        Running existing = store.get(key(s.name), Running.class);
        if (existing != null && existing.startedIn.equals(context.getUniqueId())) {
            throw new ExtensionConfigurationException(
                    "two ocireg registries are named '" + s.name + "' in " + context.getDisplayName()
                            + "; give each its own name with OciRegistryExtension.builder().name(…)");
        }
        RegistryServer server;
        try {
            server = s.newServer().start();
        } catch (RuntimeException e) {
            if (s.preload.isEmpty()) {
                throw e;
            }
            throw new ExtensionConfigurationException(
                    "ocireg: preloading " + s.preload + " failed: " + e.getMessage(), e);
        }
        Running running = new Running(new RegistryHandle(s.name, server), s.resetBeforeEach, context.getUniqueId());
        store.put(key(s.name), running);
        if (!names.contains(s.name)) {
            names.add(s.name);
        }
        store.put(NAMES, List.copyOf(names));
    }

    private Optional<Running> running(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(key(name()), Running.class));
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleNames(ExtensionContext context) {
        List<String> names = context.getStore(NAMESPACE).get(NAMES, List.class);
        return names == null ? List.of() : names;
    }

    private static String key(String name) {
        return "registry:" + name;
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        boolean ours = type == RegistryHandle.class || isClientType(type) || parameter.isAnnotated(RegistryUrl.class);
        if (!ours) {
            return false;
        }
        Optional<RegistryName> wanted = parameter.findAnnotation(RegistryName.class);
        if (wanted.isPresent()) {
            return wanted.get().value().equals(name());
        }
        List<String> names = visibleNames(context);
        if (names.size() > 1) {
            // Ambiguous: the first registry claims the parameter so that resolveParameter can explain the fix.
            return names.get(0).equals(name());
        }
        return running(context).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String where = describe(parameter);
        List<String> names = visibleNames(context);
        if (parameter.findAnnotation(RegistryName.class).isEmpty() && names.size() > 1) {
            throw new ParameterResolutionException(names.size() + " ocireg registries " + names
                    + " are running for this test, so " + where + " is ambiguous; annotate it with @RegistryName(\""
                    + names.get(0) + "\") or another of those names");
        }
        Running running = running(context)
                .orElseThrow(() -> new ParameterResolutionException("no ocireg registry named '"
                        + name() + "' is running where " + where
                        + " is resolved; a registry started for a test method cannot be"
                        + " injected into the constructor or @BeforeAll — use a static @RegisterExtension or a class-level"
                        + " @OciRegistry"));
        Class<?> type = parameter.getParameter().getType();
        if (parameter.isAnnotated(RegistryUrl.class)) {
            if (type == String.class) {
                return running.handle.url().toString();
            }
            if (type == URI.class) {
                return running.handle.url();
            }
            throw new ParameterResolutionException(
                    "@RegistryUrl needs a String or java.net.URI parameter, but " + where + " is a " + type.getName());
        }
        if (type == RegistryHandle.class) {
            return running.handle;
        }
        return running.handle.client();
    }

    private static boolean isClientType(Class<?> type) {
        return type == RegistryClient.class;
    }

    private static String describe(ParameterContext parameter) {
        String owner = parameter.getDeclaringExecutable() instanceof Method m
                ? m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()"
                : parameter.getDeclaringExecutable().getDeclaringClass().getSimpleName() + " constructor";
        String name = parameter.getParameter().isNamePresent()
                ? parameter.getParameter().getName()
                : "#" + parameter.getIndex();
        return "parameter '" + parameter.getParameter().getType().getSimpleName() + " " + name + "' of " + owner;
    }

    // ------------------------------------------------------------------ the Store value

    /**
     * A started registry; JUnit closes it when the scope that started it ends. JUnit 5.13 and later close
     * {@link AutoCloseable} Store values; 5.10 to 5.12 close only {@code CloseableResource}s, so it is both.
     */
    @SuppressWarnings("deprecation")
    static final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final RegistryHandle handle;
        final String startedIn;
        private final boolean resetBeforeEach;
        private final Semaphore turn = new Semaphore(1);

        Running(RegistryHandle handle, boolean resetBeforeEach, String startedIn) {
            this.handle = handle;
            this.resetBeforeEach = resetBeforeEach;
            this.startedIn = startedIn;
        }

        void beforeTest(ExtensionContext context) {
            if (!resetBeforeEach) {
                return;
            }
            if (context.getExecutionMode() == ExecutionMode.CONCURRENT) {
                // A reset would pull the content from under a test running beside this one: take turns.
                turn.acquireUninterruptibly();
                context.getStore(NAMESPACE).put(this, new Turn(turn));
            }
            handle.reset(); // the server reloads its preloads and clears the journal
        }

        @Override
        public void close() {
            handle.close();
        }
    }

    /** A test's turn on a shared registry, given back when JUnit closes the test's Store (any supported version). */
    @SuppressWarnings("deprecation")
    private static final class Turn implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final Semaphore semaphore;
        private final AtomicBoolean released = new AtomicBoolean();

        Turn(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                semaphore.release();
            }
        }
    }

    // ------------------------------------------------------------------ settings

    /** Settings of a programmatic registry. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private boolean resetBeforeEach = true;
        private final List<Consumer<RegistryServer.Builder>> configuration = new ArrayList<>();
        private final List<String> preload = new ArrayList<>();

        private Builder() {}

        /** The name parameters use to pick this registry with {@link RegistryName}; {@code default} if not set. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Whether a per-class registry is emptied before each test (default true). */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        /** Any {@link RegistryServer.Builder} setting: {@code configure(b -> b.readOnly(true).maxChunkBytes(1 << 20))}. */
        public Builder configure(Consumer<RegistryServer.Builder> settings) {
            configuration.add(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** Adds a user (see {@link RegistryServer.Builder#user}); the injected client logs in as the first one. */
        public Builder user(String name, String password) {
            return configure(b -> b.user(name, password));
        }

        /** Grants a right {@code USER:PATTERN:ACTIONS} ({@code bob:org/*:pull,push}; see {@link AccessRules}). */
        public Builder allow(String right) {
            AccessRules.Rule rule = AccessRules.parseRule(right);
            return configure(b -> b.allow(rule));
        }

        /** Lets callers without credentials pull. */
        public Builder anonymousPull(boolean allowed) {
            return configure(b -> b.anonymousPull(allowed));
        }

        /** The Docker token flow instead of Basic. */
        public Builder tokenAuth(boolean enabled) {
            return configure(b -> b.tokenAuth(enabled));
        }

        /** HTTPS with a generated self-signed certificate; the injected client trusts it. */
        public Builder tls(boolean enabled) {
            return configure(b -> b.tls(enabled));
        }

        /** Loads an OCI image layout (directory or tar, {@code classpath:} or file) into {@code repository} at start. */
        public Builder preload(String repository, String location) {
            preload.add(repository + "=" + location);
            return this;
        }

        /** Loads an OCI image layout directory or tar file into {@code repository} at start. */
        public Builder preload(String repository, Path location) {
            return preload(repository, location.toString());
        }

        public OciRegistryExtension build() {
            List<Consumer<RegistryServer.Builder>> steps = List.copyOf(configuration);
            return new OciRegistryExtension(new Settings(
                    name,
                    resetBeforeEach,
                    () -> {
                        RegistryServer.Builder b = RegistryServer.builder();
                        steps.forEach(step -> step.accept(b));
                        return b;
                    },
                    List.copyOf(preload)));
        }
    }

    /** Everything needed to start one registry. */
    record Settings(
            String name,
            boolean resetBeforeEach,
            java.util.function.Supplier<RegistryServer.Builder> builder,
            List<String> preload) {

        /** A server with the settings and the preload entries ({@code repository=location}) applied. */
        RegistryServer newServer() {
            RegistryServer.Builder b = builder.get();
            for (String entry : preload) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new ExtensionConfigurationException("a preload entry must be repository=location (e.g."
                            + " \"library/app=classpath:layouts/app\"), not '" + entry + "'");
                }
                String repository = entry.substring(0, eq);
                String location = entry.substring(eq + 1);
                if (location.startsWith("classpath:")) {
                    b.preloadResource(repository, location.substring("classpath:".length()));
                } else {
                    b.preload(repository, Path.of(location));
                }
            }
            return b.build();
        }

        private static RegistryConfigurer configurer(Class<? extends RegistryConfigurer> type) {
            try {
                return ReflectionSupport.newInstance(type);
            } catch (Exception e) { // JUnit rethrows NoSuchMethodException unchecked
                throw new ExtensionConfigurationException(
                        "@OciRegistry(configurer = " + type.getSimpleName() + ".class) cannot be created: it needs a"
                                + " no-argument constructor (a static nested class or a top-level class): " + e,
                        e);
            }
        }

        static Settings of(OciRegistry a, String name) {
            return new Settings(
                    name,
                    a.resetBeforeEach(),
                    () -> {
                        RegistryServer.Builder b = RegistryServer.builder().readOnly(a.readOnly());
                        for (String user : a.users()) {
                            Credentials c = Credentials.parse(user);
                            b.user(c.username(), c.password());
                        }
                        for (String right : a.rights()) {
                            b.allow(AccessRules.parseRule(right));
                        }
                        b.anonymousPull(a.anonymousPull())
                                .tokenAuth(a.tokenAuth())
                                .tls(a.tls());
                        if (a.configurer() != RegistryConfigurer.class) {
                            configurer(a.configurer()).configure(b);
                        }
                        return b;
                    },
                    List.of(a.preload()));
        }
    }
}
