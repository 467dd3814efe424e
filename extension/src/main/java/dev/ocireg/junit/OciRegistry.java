package dev.ocireg.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts an OCI registry for the annotated test class or method, on a random port with in-memory storage.
 *
 * <pre>{@code
 * @OciRegistry
 * class PushTest {
 *     @Test
 *     void pushes(RegistryHandle registry) {
 *         registry.client().pushBlob("app", "hello".getBytes(UTF_8));
 *     }
 * }
 * }</pre>
 *
 * <p>On a class: one registry for all its tests (and its {@code @Nested} classes), emptied before each test unless
 * {@link #resetBeforeEach()} is false. On a method: a fresh registry for that test. Inject {@link RegistryHandle},
 * {@code RegistryClient}, or {@code @RegistryUrl String|URI} into test, lifecycle or constructor parameters. When a
 * test fails, the registry's request journal is printed to standard error.
 *
 * <p>The attributes cover what most tests set; every other setting goes through a {@link #configurer()}. For several
 * registries in one class, register {@link OciRegistryExtension}s built with {@link OciRegistryExtension#builder()}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OciRegistryExtension.class)
public @interface OciRegistry {

    /** Whether a class-level registry is emptied (content, uploads, journal) before each test. */
    boolean resetBeforeEach() default true;

    /** Refuse every write with 405 UNSUPPORTED (useful with {@link #preload()}). */
    boolean readOnly() default false;

    /**
     * OCI image layouts (directories or {@code .tar} archives) loaded before the first test, each as {@code
     * repository=location}; a location is {@code classpath:path} or a file path. The tag of each image is its {@code
     * org.opencontainers.image.ref.name} annotation in the layout's {@code index.json}.
     *
     * <pre>{@code @OciRegistry(preload = "library/app=classpath:layouts/app")}</pre>
     */
    String[] preload() default {};

    /**
     * Users as {@code name:password} (the password may contain colons, or be a bcrypt hash). Any user turns
     * authentication on: Basic, or tokens with {@link #tokenAuth()}. The injected client logs in as the first one.
     *
     * <pre>{@code @OciRegistry(users = {"alice:secret", "bob:hunter2"}, rights = "bob:org/*:pull")}</pre>
     */
    String[] users() default {};

    /**
     * Rights as {@code USER:PATTERN:ACTIONS} ({@code bob:org/*:pull,push}; {@code *} as USER for every user, empty
     * USER for anonymous callers, {@code *} as ACTIONS for pull, push and delete). Without rights every user may do
     * everything.
     */
    String[] rights() default {};

    /** Lets callers without credentials pull (and list) every repository. */
    boolean anonymousPull() default false;

    /** The Docker token flow (Bearer challenges, the built-in {@code /token} endpoint) instead of Basic. */
    boolean tokenAuth() default false;

    /** HTTPS with a generated self-signed certificate; the injected client trusts it. */
    boolean tls() default false;

    /**
     * Every other setting (deletion switches, size limits, the name pattern, a storage directory, sparse indexes, …):
     * a {@link RegistryConfigurer} class with a no-argument constructor, applied after the attributes above.
     */
    Class<? extends RegistryConfigurer> configurer() default RegistryConfigurer.class;
}
