package dev.ocireg.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the registry's base URL ({@code http://127.0.0.1:PORT}, no trailing slash) into a {@code String} or {@code
 * java.net.URI} parameter.
 *
 * <pre>{@code
 * @Test
 * void test(@RegistryUrl String url) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RegistryUrl {}
