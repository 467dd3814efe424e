package dev.ocireg.junit;

import dev.ocireg.RegistryServer;

/** A base class whose annotation, configurer included, {@link InheritedAnnotationTest} inherits. */
@OciRegistry(configurer = AnnotatedBase.SmallManifests.class)
abstract class AnnotatedBase {

    static class SmallManifests implements RegistryConfigurer {
        @Override
        public void configure(RegistryServer.Builder registry) {
            registry.maxManifestBytes(512);
        }
    }
}
