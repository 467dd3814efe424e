package dev.ocireg.conformance;

import dev.ocireg.RegistryServer;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The registry the runner's tests check (configured as the CLI's {@code --embedded}), started before a test class
 * and closed after it: {@code @RegisterExtension static final EmbeddedRegistry registry = new EmbeddedRegistry();}.
 */
final class EmbeddedRegistry implements BeforeAllCallback, AfterAllCallback {
    private RegistryServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ConformanceMain.embeddedRegistry().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** The registry's base URL. */
    URI url() {
        return server.url();
    }
}
