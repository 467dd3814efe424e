package dev.ocireg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Testcontainers is optional: only {@code dev.ocireg.testcontainers} refers to it, and everything else loads, links and
 * runs on a class path without it.
 */
class WithoutTestcontainersTest {
    /** Testcontainers and what it brings (docker-java, JNA, duct-tape, commons-compress and its friends). */
    private static final List<String> OPTIONAL_JARS = List.of(
            "testcontainers",
            "docker-java",
            "/jna",
            "duct-tape",
            "commons-compress",
            "commons-io",
            "commons-codec",
            "commons-lang3",
            "jetbrains");

    private static final String OPTIONAL_PACKAGE = "dev/ocireg/testcontainers/";

    @Test
    void noOtherClassNamesATestcontainersOrDockerJavaType() throws IOException {
        Path classes = mainClasses();
        List<String> offenders = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                if (name.startsWith(OPTIONAL_PACKAGE)) {
                    continue;
                }
                checked.add(name);
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (constants.contains("org/testcontainers/") || constants.contains("com/github/dockerjava/")) {
                    offenders.add(name);
                }
            }
        }
        assertThat(checked).contains("dev/ocireg/RegistryServer.class", "dev/ocireg/junit/RegistryHandle.class");
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyOtherClassLoadsAndTheRegistryRunsWithoutTestcontainers() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (OPTIONAL_JARS.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        Path classes = mainClasses();
        try (URLClassLoader loader =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // the loader really lacks Testcontainers: the optional package cannot link
            assertThatThrownBy(() -> loader.loadClass("dev.ocireg.testcontainers.OciTestcontainers")
                            .getDeclaredMethods())
                    .isInstanceOf(NoClassDefFoundError.class)
                    .hasMessageContaining("org/testcontainers/");

            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                    if (name.startsWith(OPTIONAL_PACKAGE) || name.endsWith("module-info.class")) {
                        continue;
                    }
                    Class<?> type = Class.forName(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                    // resolves every type in the signatures of its fields and methods
                    type.getDeclaredFields();
                    type.getDeclaredMethods();
                    type.getDeclaredConstructors();
                }
            }

            Class<?> server = loader.loadClass("dev.ocireg.RegistryServer");
            assertThat(server.getClassLoader()).isSameAs(loader);
            Object builder = server.getMethod("builder").invoke(null);
            Object registry = builder.getClass().getMethod("build").invoke(builder);
            server.getMethod("start").invoke(registry);
            try {
                URI url = (URI) server.getMethod("url").invoke(registry);
                HttpResponse<String> base = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(url.resolve("/v2/")).build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(base.statusCode()).isEqualTo(200);
                Method containerHost = server.getMethod("containerHost");
                assertThat(containerHost.getReturnType()).isEqualTo(String.class);
            } finally {
                server.getMethod("close").invoke(registry);
            }
        }
    }

    private static Path mainClasses() {
        try {
            return Path.of(RegistryServer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
