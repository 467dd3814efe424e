/** ocireg: an OCI Distribution Spec v1.1 registry that lives inside a Java test. */
@SuppressWarnings("module") // the qualified export's target, the conformance runner, is built after this module
module dev.ocireg {
    requires org.eclipse.jetty.server;
    requires tools.jackson.databind;
    requires com.google.common.jimfs;
    requires java.net.http;
    requires jbcrypt;
    requires org.slf4j;
    // JUnit only for dev.ocireg.junit and dev.ocireg.assertions: RegistryServer and RegistryClient run without it.
    requires static org.junit.jupiter.api;
    requires static org.opentest4j;
    // Only for dev.ocireg.testcontainers (an optional dependency; the jar names no module, hence its file name).
    requires static testcontainers;

    exports dev.ocireg;
    exports dev.ocireg.assertions;
    exports dev.ocireg.auth;
    exports dev.ocireg.client;
    exports dev.ocireg.faults;
    exports dev.ocireg.journal;
    exports dev.ocireg.junit;
    exports dev.ocireg.spec;
    exports dev.ocireg.storage;
    exports dev.ocireg.testcontainers;
    // The client's wire conventions, shared with the conformance runner only: not an API.
    exports dev.ocireg.internal.wire to
            dev.ocireg.conformance;

    provides org.slf4j.spi.SLF4JServiceProvider with
            dev.ocireg.internal.logging.SystemLoggerProvider;
}
