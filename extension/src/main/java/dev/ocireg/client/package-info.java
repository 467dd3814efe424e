/**
 * A small client for the OCI Distribution Spec v1.1 API, on the JDK's {@code java.net.http}: {@link
 * dev.ocireg.client.RegistryClient}, its values {@link dev.ocireg.client.Manifest} and {@link
 * dev.ocireg.client.PulledImage}, and its one failure type {@link dev.ocireg.client.RegistryClientException}.
 *
 * <pre>{@code
 * RegistryClient client = RegistryClient.create(URI.create("http://localhost:5000"));
 * Digest image = client.pushImage("app", "1.0", configJson, List.of(layer));
 * }</pre>
 */
package dev.ocireg.client;
