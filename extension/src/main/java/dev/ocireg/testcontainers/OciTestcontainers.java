package dev.ocireg.testcontainers;

import dev.ocireg.RegistryServer;
import dev.ocireg.junit.RegistryHandle;
import java.util.Objects;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Images in a test registry as Testcontainers sees them. Needs {@code org.testcontainers:testcontainers} (2.x) on
 * your test class path; ocireg declares it optional, so it is there only when you declare it. Nothing else in ocireg
 * refers to this package.
 *
 * <pre>{@code
 * @Test
 * void runsWhatTheBuildPushed(RegistryHandle registry) {
 *     // … Jib, docker push or skopeo put demo/app:1 into the registry …
 *     try (GenericContainer<?> app = OciTestcontainers.container(registry, "demo/app:1")) {
 *         app.start();
 *     }
 * }
 * }</pre>
 *
 * <p>The Docker daemon pulls these images from {@link RegistryServer#host()} ({@code localhost:PORT}, which the daemon
 * on Linux treats as an insecure registry: plain HTTP is fine). A registry with users needs {@code docker login} or
 * {@code anonymousPull}: Testcontainers takes credentials from the Docker configuration.
 */
public final class OciTestcontainers {
    private OciTestcontainers() {}

    /**
     * {@code localhost:PORT/image}: a name in the registry for Testcontainers. {@code image} is {@code name:tag},
     * {@code name@sha256:…} or a bare {@code name} ({@code latest}); a name already starting with the registry's host
     * is taken as it is.
     */
    public static DockerImageName image(RegistryServer registry, String image) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(image, "image");
        String host = registry.host();
        String name = image.startsWith(host + "/") ? image : host + "/" + image;
        return DockerImageName.parse(name);
    }

    /** {@code localhost:PORT/image} for the registry of a test; see {@link #image(RegistryServer, String)}. */
    public static DockerImageName image(RegistryHandle registry, String image) {
        return image(Objects.requireNonNull(registry, "registry").server(), image);
    }

    /**
     * A container of {@code image} from the registry that is pulled each time it starts ({@link
     * PullPolicy#alwaysPull()}), so that a tag pushed again in the test runs what was pushed last, never what the
     * daemon has from an earlier run. Configure it further and start it as usual.
     */
    public static GenericContainer<?> container(RegistryServer registry, String image) {
        return new GenericContainer<>(image(registry, image)).withImagePullPolicy(PullPolicy.alwaysPull());
    }

    /** A container of {@code image} from the registry of a test; see {@link #container(RegistryServer, String)}. */
    public static GenericContainer<?> container(RegistryHandle registry, String image) {
        return container(Objects.requireNonNull(registry, "registry").server(), image);
    }
}
