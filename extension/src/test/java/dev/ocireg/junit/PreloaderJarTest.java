package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layouts preloaded from inside a jar on the classpath, several at once (as parallel test classes would). */
class PreloaderJarTest {

    @Test
    void layoutsInsideAJarLoadConcurrently(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("layouts.jar");
        Path source = Path.of("src/test/resources/layouts/hello");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(source)) {
            zip.putNextEntry(new JarEntry("jarred/")); // directory entries, as Maven's jars have them
            zip.closeEntry();
            for (Path file : files.toList()) {
                String name =
                        "jarred/hello/" + source.relativize(file).toString().replace('\\', '/');
                if (Files.isDirectory(file)) {
                    zip.putNextEntry(new JarEntry(name.endsWith("/") ? name : name + "/"));
                } else {
                    zip.putNextEntry(new JarEntry(name));
                    zip.write(Files.readAllBytes(file));
                }
                zip.closeEntry();
            }
        }
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Future<List<String>>> loads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                loads.add(pool.submit(() -> {
                    Thread.currentThread().setContextClassLoader(loader);
                    try (RegistryServer server = RegistryServer.builder()
                            .preloadResource("from/jar", "jarred/hello")
                            .build()
                            .start()) {
                        server.reset(); // loaded from the jar again
                        return server.storage().tags(dev.ocireg.spec.RepositoryName.parse("from/jar"));
                    }
                }));
            }
            for (Future<List<String>> load : loads) {
                assertThat(load.get()).containsExactly("1.0");
            }
        } finally {
            pool.shutdownNow();
            Thread.currentThread().setContextClassLoader(original);
        }
    }
}
