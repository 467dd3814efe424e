package dev.ocireg.junit;

/** A base class whose annotation {@link InheritedAnnotationTest} inherits. */
@OciRegistry(maxManifestBytes = 512)
abstract class AnnotatedBase {}
