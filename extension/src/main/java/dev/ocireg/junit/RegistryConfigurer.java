package dev.ocireg.junit;

import dev.ocireg.RegistryServer;

/**
 * Every registry setting the {@link OciRegistry} annotation does not name, in one place: a class with a no-argument
 * constructor that configures the {@link RegistryServer.Builder} before the registry starts.
 *
 * <pre>{@code
 * @OciRegistry(configurer = SmallManifests.class)
 * class LimitsTest {
 *     static class SmallManifests implements RegistryConfigurer {
 *         public void configure(RegistryServer.Builder registry) {
 *             registry.maxManifestBytes(512).tagDeletion(false);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The annotation's own attributes are applied first, so a configurer can override them. With {@link
 * OciRegistryExtension#builder()} use {@code configure(builder -> …)} instead.
 */
@FunctionalInterface
public interface RegistryConfigurer {

    /** Applies settings to the registry about to start. */
    void configure(RegistryServer.Builder registry);
}
