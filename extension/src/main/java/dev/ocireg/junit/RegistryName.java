package dev.ocireg.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Picks one of several registries for an injected parameter, by the name given to {@link
 * OciRegistryExtension.Builder#name(String)}.
 *
 * <pre>{@code
 * @RegisterExtension static OciRegistryExtension source = OciRegistryExtension.builder().name("source").build();
 * @RegisterExtension static OciRegistryExtension mirror = OciRegistryExtension.builder().name("mirror").build();
 *
 * @Test
 * void mirrors(@RegistryName("source") RegistryHandle source, @RegistryName("mirror") RegistryHandle mirror) { }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RegistryName {
    /** The registry's name. */
    String value();
}
