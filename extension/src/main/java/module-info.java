/** ocireg: an OCI Distribution Spec v1.1 registry that lives inside a Java test. */
module dev.ocireg {
    requires org.eclipse.jetty.server;
    requires tools.jackson.databind;
    requires com.google.common.jimfs;
    requires java.net.http;
    requires org.junit.jupiter.api;
    requires org.opentest4j;
    requires jbcrypt;

    exports dev.ocireg;
    exports dev.ocireg.assertions;
    exports dev.ocireg.auth;
    exports dev.ocireg.client;
    exports dev.ocireg.journal;
    exports dev.ocireg.junit;
    exports dev.ocireg.spec;
    exports dev.ocireg.storage;
}
