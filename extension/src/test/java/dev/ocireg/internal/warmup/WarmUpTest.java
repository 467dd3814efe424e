package dev.ocireg.internal.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The warm-up runs once per JVM, so each case loads ocireg afresh in its own class loader (the test class path
 * without the JDK's application loader): a JVM of its own as far as ocireg's statics and loaded classes go.
 */
@ResourceLock("ocireg.warmUp system property")
class WarmUpTest {
    private static final String THREAD = "ocireg-warm-up";

    /** What the first push and the first manifest PUT load, and a registry that has only started does not. */
    private static final List<String> PUSH_PATH = List.of(
            "com.google.common.jimfs.Jimfs",
            "dev.ocireg.storage.PathStorage",
            "dev.ocireg.storage.ChunkCopier",
            "dev.ocireg.storage.MemoryContent",
            "dev.ocireg.storage.StorageIndex",
            "dev.ocireg.internal.content.ContentJson",
            "dev.ocireg.internal.content.ManifestValidator",
            "tools.jackson.core.json.JsonFactory",
            "tools.jackson.databind.node.ObjectNode");

    /** Jackson's mapper: ~500 classes and ~170 ms in a fresh JVM, which the module's JSON does without. */
    private static final String MAPPER = "tools.jackson.databind.ObjectMapper";

    @Test
    void theFirstRegistryOfAJvmLoadsThePushPathInTheBackgroundAndLeavesNothingRunning() throws Exception {
        try (FreshJvm jvm = new FreshJvm()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Object registry = jvm.startRegistry();
            try {
                List<Thread> warmUps = newThreads(before, THREAD);
                assertThat(warmUps)
                        .as("warm-up threads started by the first registry")
                        .hasSizeLessThanOrEqualTo(1);
                for (Thread t : warmUps) {
                    assertThat(t.isDaemon()).isTrue();
                    t.join(30_000);
                    assertThat(t.isAlive()).as("the warm-up ends by itself").isFalse();
                }
                assertThat(PUSH_PATH)
                        .allSatisfy(name -> assertThat(jvm.isLoaded(name))
                                .as("%s loaded by the warm-up", name)
                                .isTrue());
                // its throwaway storage is closed: no upload worker of it lives on
                assertThat(newThreads(before, "ocireg-upload-worker")).isEmpty();
                assertThat(jvm.get(registry, "/v2/")).isEqualTo(200);
                assertThat(jvm.get(registry, "/v2/ocireg/warm-up/tags/list"))
                        .as("the warm-up's content is not in the registry")
                        .isEqualTo(404);

                Set<Thread> beforeSecond = Thread.getAllStackTraces().keySet();
                Object second = jvm.startRegistry();
                try {
                    assertThat(newThreads(beforeSecond, THREAD))
                            .as("once per JVM")
                            .isEmpty();
                } finally {
                    jvm.close(second);
                }
            } finally {
                jvm.close(registry);
            }
        }
    }

    @Test
    void anImagePushedAndPulledThroughTheRegistryAndTheClientMakesNoObjectMapper() throws Exception {
        try (FreshJvm jvm = new FreshJvm()) {
            Object registry = jvm.startRegistry();
            try {
                URI url = (URI) registry.getClass().getMethod("url").invoke(registry);
                Class<?> clientType = jvm.loadClass("dev.ocireg.client.RegistryClient");
                try (AutoCloseable client = (AutoCloseable)
                        clientType.getMethod("create", URI.class).invoke(null, url)) {
                    clientType
                            .getMethod("pushImage", String.class, String.class, byte[].class, List.class)
                            .invoke(
                                    client,
                                    "app",
                                    "1",
                                    "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8),
                                    List.of("layer".getBytes(StandardCharsets.UTF_8)));
                    Object manifest = clientType
                            .getMethod("pullManifest", String.class, String.class)
                            .invoke(client, "app", "1");
                    assertThat(manifest).isNotNull();
                }
                assertThat(jvm.get(registry, "/v2/app/tags/list")).isEqualTo(200);
                assertThat(jvm.get(registry, "/v2/app/referrers/sha256:" + "0".repeat(64)))
                        .isEqualTo(200);
                assertThat(jvm.get(registry, "/v2/app/manifests/nope")).isEqualTo(404); // a JSON error body
                jvm.loadClass(WarmUp.class.getName()).getMethod("await").invoke(null); // its work counts too
                assertThat(jvm.isLoaded("tools.jackson.core.json.JsonFactory"))
                        .as("JSON was read and written")
                        .isTrue();
                assertThat(jvm.isLoaded(MAPPER)).as("Jackson's ObjectMapper").isFalse();
            } finally {
                jvm.close(registry);
            }
        }
    }

    @Test
    void aRegistryOnADirectoryWarmsTheManifestPathButLoadsNoJimfs(@TempDir Path directory) throws Exception {
        try (FreshJvm jvm = new FreshJvm()) {
            Object registry = jvm.startRegistry(directory);
            try {
                jvm.loadClass(WarmUp.class.getName()).getMethod("await").invoke(null);
                assertThat(jvm.isLoaded("dev.ocireg.internal.content.ManifestValidator"))
                        .isTrue();
                assertThat(jvm.isLoaded("tools.jackson.core.json.JsonFactory")).isTrue();
                assertThat(jvm.isLoaded("com.google.common.jimfs.Jimfs")).isFalse();
                assertThat(jvm.get(registry, "/v2/")).isEqualTo(200);
            } finally {
                jvm.close(registry);
            }
        }
    }

    @Test
    void offWithTheSystemProperty() throws Exception {
        String old = System.setProperty("ocireg.warmUp", "false");
        try (FreshJvm jvm = new FreshJvm()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Object registry = jvm.startRegistry();
            try {
                assertThat(newThreads(before, THREAD)).isEmpty();
                assertThat(jvm.get(registry, "/v2/")).isEqualTo(200);
                assertThat(jvm.isLoaded("com.google.common.jimfs.Jimfs"))
                        .as("nothing made the in-memory file system yet")
                        .isFalse();
            } finally {
                jvm.close(registry);
            }
        } finally {
            if (old == null) {
                System.clearProperty("ocireg.warmUp");
            } else {
                System.setProperty("ocireg.warmUp", old);
            }
        }
    }

    private static List<Thread> newThreads(Set<Thread> before, String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().equals(name))
                .collect(Collectors.toList());
    }

    /** ocireg and its libraries in a class loader of their own, which says what it has loaded. */
    private static final class FreshJvm extends URLClassLoader {
        FreshJvm() throws Exception {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath() throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        boolean isLoaded(String name) {
            synchronized (getClassLoadingLock(name)) {
                return findLoadedClass(name) != null;
            }
        }

        Object startRegistry() throws Exception {
            return startRegistry(null);
        }

        /** A registry on {@code directory}, or in memory when null. */
        Object startRegistry(Path directory) throws Exception {
            Class<?> server = loadClass("dev.ocireg.RegistryServer");
            Object builder = server.getMethod("builder").invoke(null);
            if (directory != null) {
                builder.getClass().getMethod("storageDirectory", Path.class).invoke(builder, directory);
            }
            Object registry = builder.getClass().getMethod("build").invoke(builder);
            return server.getMethod("start").invoke(registry);
        }

        int get(Object registry, String path) throws Exception {
            URI url = (URI) registry.getClass().getMethod("url").invoke(registry);
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }

        void close(Object registry) throws Exception {
            registry.getClass().getMethod("close").invoke(registry);
        }
    }
}
