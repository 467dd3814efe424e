/**
 * Testcontainers integration: images in a test registry as {@code DockerImageName}s and {@code GenericContainer}s
 * that always pull. Only for test class paths that hold {@code org.testcontainers:testcontainers}; no other package
 * of ocireg refers to this one.
 */
package dev.ocireg.testcontainers;
