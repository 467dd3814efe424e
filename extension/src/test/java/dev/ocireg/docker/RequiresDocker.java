package dev.ocireg.docker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated tests only where a Docker daemon answers the {@code docker} CLI and a static busybox is installed
 * (the tests build their images from it: there is no Docker Hub here). Otherwise they are reported as skipped, with
 * the reason ({@link DockerCli#unavailableReason()}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {}
