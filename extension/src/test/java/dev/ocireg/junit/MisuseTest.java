package dev.ocireg.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Mistakes a user can make, each answered with a message that names the culprit and the fix. */
class MisuseTest {

    @org.junit.jupiter.api.Tag("fixture")
    static class Ambiguous {
        @RegisterExtension
        static OciRegistryExtension a = OciRegistryExtension.builder().name("a").build();

        @RegisterExtension
        static OciRegistryExtension b = OciRegistryExtension.builder().name("b").build();

        @Test
        void test(RegistryHandle registry) {}
    }

    @org.junit.jupiter.api.Tag("fixture")
    static class WrongUrlType {
        @RegisterExtension
        static OciRegistryExtension a = OciRegistryExtension.builder().build();

        @Test
        void test(@RegistryUrl int port) {}
    }

    @org.junit.jupiter.api.Tag("fixture")
    static class SameName {
        @RegisterExtension
        static OciRegistryExtension a = OciRegistryExtension.builder().name("x").build();

        @RegisterExtension
        static OciRegistryExtension b = OciRegistryExtension.builder().name("x").build();

        @Test
        void test() {}
    }

    @org.junit.jupiter.api.Tag("fixture")
    static class BadPreload {
        @RegisterExtension
        static OciRegistryExtension a = OciRegistryExtension.builder()
                .preload("app", "classpath:no/such/layout")
                .build();

        @Test
        void test() {}
    }

    @org.junit.jupiter.api.Tag("fixture")
    @OciRegistry(configurer = NeedsArguments.class)
    static class ConfigurerWithoutNoArgConstructor {
        @Test
        void test() {}
    }

    static class NeedsArguments implements RegistryConfigurer {
        NeedsArguments(int size) {}

        @Override
        public void configure(dev.ocireg.RegistryServer.Builder registry) {}
    }

    private static String failure(Class<?> fixture) {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(DiscoverySelectors.selectClass(fixture))
                .execute()
                .allEvents()
                .failed();
        assertThat(events.count()).as("the fixture fails").isPositive();
        return events.stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse(""))
                .filter(m -> !m.isEmpty())
                .findFirst()
                .orElse("");
    }

    @Test
    void anAmbiguousParameterNamesItselfAndTheRegistries() {
        assertThat(failure(Ambiguous.class))
                .contains("2 ocireg registries [a, b]")
                .contains("parameter 'RegistryHandle registry' of Ambiguous.test()")
                .contains("@RegistryName(\"a\")");
    }

    @Test
    void registryUrlOnAWrongTypeSaysWhichTypesWork() {
        assertThat(failure(WrongUrlType.class))
                .contains("@RegistryUrl needs a String or java.net.URI parameter")
                .contains("parameter 'int port' of WrongUrlType.test()");
    }

    @Test
    void twoRegistriesWithOneNameAreRefused() {
        assertThat(failure(SameName.class))
                .contains("two ocireg registries are named 'x'")
                .contains(".name(");
    }

    @Test
    void aMissingPreloadResourceIsNamed() {
        assertThat(failure(BadPreload.class)).contains("no classpath resource 'no/such/layout'");
    }

    @Test
    void aConfigurerThatCannotBeCreatedIsNamed() {
        assertThat(failure(ConfigurerWithoutNoArgConstructor.class))
                .contains("@OciRegistry(configurer = NeedsArguments.class) cannot be created")
                .contains("no-argument constructor");
    }
}
