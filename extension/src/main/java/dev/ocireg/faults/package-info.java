/**
 * Fault injection: requests a registry answers wrongly on purpose ({@link dev.ocireg.faults.Faults}), reached
 * through {@code RegistryServer.faults()} or {@code RegistryHandle.faults()}.
 */
package dev.ocireg.faults;
