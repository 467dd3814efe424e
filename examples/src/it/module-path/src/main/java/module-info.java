module it.modular {
    requires dev.ocireg;
    // ocireg-junit is an automatic module, which declares no dependencies of its own: a module that uses
    // RegistryClient names java.net.http itself.
    requires java.net.http;

    exports it.modular;
}
