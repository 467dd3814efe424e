package dev.ocireg.assertions;

import dev.ocireg.RegistryServer;
import dev.ocireg.faults.Faults;
import dev.ocireg.journal.RequestJournal;
import dev.ocireg.storage.Storage;
import java.util.Objects;

/**
 * Fluent assertions over what a registry stores and the requests it answered. Failures are {@code
 * org.opentest4j.AssertionFailedError}s whose message says what was expected and lists what is there: the tags of the
 * repository when a tag is missing, the matching requests (or the latest ones) when a request count is wrong.
 *
 * <pre>{@code
 * import static dev.ocireg.assertions.RegistryAssertions.assertThat;
 *
 * assertThat(registry).repository("org/app")
 *         .hasTags("1.0", "latest")
 *         .manifest("1.0")
 *         .hasLayerCount(2)
 *         .hasConfigContaining("\"architecture\":\"amd64\"");
 * assertThat(registry.journal())
 *         .received("PUT", "manifest", "org/app", "1.0").once()
 *         .noBlobUploadedTwice()
 *         .hasNoErrors();
 * }</pre>
 *
 * <p>Content assertions read the storage directly, not over HTTP, so they see exactly what was stored. Each assertion
 * reads the current state when it runs; nothing is cached between calls except within one manifest or referrers
 * assertion object.
 */
public final class RegistryAssertions {

    /** Assertions over the content of a registry; failures also show the journal's requests that touched it. */
    public static RegistryAssert assertThat(RegistryServer registry) {
        Objects.requireNonNull(registry, "registry");
        return new RegistryAssert(new Content(registry.storage(), registry.journal()));
    }

    /** Assertions over the content of a storage, without a registry in front of it. */
    public static RegistryAssert assertThat(Storage storage) {
        Objects.requireNonNull(storage, "storage");
        return new RegistryAssert(new Content(storage, null));
    }

    /** Assertions over the requests a registry answered. */
    public static JournalAssert assertThat(RequestJournal journal) {
        Objects.requireNonNull(journal, "journal");
        return new JournalAssert(journal);
    }

    /** Assertions over a registry's faults: {@code assertThat(registry.faults()).allTriggered()}. */
    public static FaultsAssert assertThat(Faults faults) {
        Objects.requireNonNull(faults, "faults");
        return new FaultsAssert(faults);
    }

    private RegistryAssertions() {}
}
