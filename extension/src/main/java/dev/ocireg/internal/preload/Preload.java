package dev.ocireg.internal.preload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One OCI image layout (a directory or a {@code .tar}) to load into a repository when a registry starts and after
 * each reset: a file, or a class-path resource (found in a directory or inside a jar). The registry server owns the
 * list, so every reset path restores the same content.
 */
public record Preload(String repository, Path file, String resource) {

    public Preload {
        Objects.requireNonNull(repository, "repository");
        if ((file == null) == (resource == null)) {
            throw new IllegalArgumentException("a preload is either a file or a class-path resource");
        }
    }

    /** A layout directory or tar file. */
    public static Preload file(String repository, Path layout) {
        return new Preload(repository, Objects.requireNonNull(layout, "layout"), null);
    }

    /** A layout on the class path, such as {@code layouts/app} or {@code layouts/app.tar}. */
    public static Preload resource(String repository, String resource) {
        Objects.requireNonNull(resource, "resource");
        return new Preload(repository, null, resource.startsWith("/") ? resource.substring(1) : resource);
    }

    /** Hands the layout's path to {@code loader} (with the repository), opening a jar privately when it is in one. */
    public void loadWith(BiConsumer<String, Path> loader) {
        if (file != null) {
            loader.accept(repository, file);
            return;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(resource);
        if (url == null) {
            url = Preload.class.getClassLoader().getResource(resource);
        }
        if (url == null) {
            throw new IllegalArgumentException(
                    "no classpath resource '" + resource + "' to preload into " + repository);
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                // jar:file:/x.jar!/entry — opened privately (not registered), so parallel preloads from one jar work
                String spec = uri.getSchemeSpecificPart();
                int bang = spec.indexOf("!/");
                Path jarFile = Path.of(URI.create(spec.substring(0, bang)));
                try (FileSystem jar = FileSystems.newFileSystem(jarFile, (ClassLoader) null)) {
                    loader.accept(repository, jar.getPath(spec.substring(bang + 1)));
                }
            } else {
                loader.accept(repository, Path.of(uri));
            }
        } catch (URISyntaxException | IOException e) {
            throw new UncheckedIOException(
                    new IOException("cannot read classpath resource " + resource + ": " + e.getMessage(), e));
        }
    }

    @Override
    public String toString() {
        return repository + "=" + (file != null ? file : "classpath:" + resource);
    }
}
