/**
 * The wire conventions a registry client needs beyond plain HTTP, in one place for {@link
 * dev.ocireg.client.RegistryClient} and the conformance runner: {@code WWW-Authenticate} challenges ({@link
 * Challenge}), the token request of a Bearer challenge ({@link TokenRequest}), {@code Link} headers ({@link Link}),
 * origins with default ports ({@link Origin}) and query strings ({@link Urls}). JDK types only in signatures: the
 * runner sees this package through a qualified export, and the published jar relocates Jackson.
 */
package dev.ocireg.internal.wire;
