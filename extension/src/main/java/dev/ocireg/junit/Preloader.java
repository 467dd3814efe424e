package dev.ocireg.junit;

import dev.ocireg.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;

/** Resolves {@code repository=location} preload entries (file paths or {@code classpath:} resources) and loads them. */
final class Preloader {

    static void load(RegistryServer server, List<String> entries) {
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "a preload entry must be repository=location (e.g. \"library/app=classpath:layouts/app\"), not '"
                                + entry + "'");
            }
            String repository = entry.substring(0, eq);
            String location = entry.substring(eq + 1);
            if (location.startsWith("classpath:")) {
                loadResource(server, repository, location.substring("classpath:".length()));
            } else {
                server.load(repository, Path.of(location));
            }
        }
    }

    private static void loadResource(RegistryServer server, String repository, String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL url = loader == null ? null : loader.getResource(name);
        if (url == null) {
            url = Preloader.class.getClassLoader().getResource(name);
        }
        if (url == null) {
            throw new IllegalArgumentException("no classpath resource '" + name + "' to preload into " + repository);
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                // jar:file:/x.jar!/entry — opened privately (not registered), so parallel preloads from one jar work
                String spec = uri.getSchemeSpecificPart();
                int bang = spec.indexOf("!/");
                Path jarFile = Path.of(URI.create(spec.substring(0, bang)));
                try (FileSystem jar = FileSystems.newFileSystem(jarFile, (ClassLoader) null)) {
                    server.load(repository, jar.getPath(spec.substring(bang + 1)));
                }
            } else {
                server.load(repository, Path.of(uri));
            }
        } catch (URISyntaxException | IOException e) {
            throw new UncheckedIOException(
                    new IOException("cannot read classpath resource " + name + ": " + e.getMessage(), e));
        }
    }

    private Preloader() {}
}
