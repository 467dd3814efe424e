/** ocireg-conformance: the OCI Distribution Spec conformance checks as JUnit tests and a command line. */
module dev.ocireg.conformance {
    requires dev.ocireg;
    requires java.net.http;
    requires tools.jackson.databind;
    requires org.junit.jupiter.api;
    requires org.opentest4j;

    exports dev.ocireg.conformance;

    opens dev.ocireg.conformance to
            org.junit.platform.commons;
}
