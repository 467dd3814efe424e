package dev.ocireg.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.testing.Front;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Blob downloads redirected to another host, as registries do with object storage: ocireg (Basic auth) behind a front
 * that answers every blob GET and HEAD with a 307 to a "storage" server on another origin. The suite follows, checks
 * the bytes, and never sends the registry's credentials to the storage server, which records what it received.
 */
class BlobRedirectTest {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})");

    @Test
    void redirectedBlobsAreFollowedVerifiedAndGetNoCredentials() {
        String storageCredentials =
                "Basic " + Base64.getEncoder().encodeToString("storage:st".getBytes(StandardCharsets.UTF_8));
        try (RegistryServer registry = ConformanceMain.embeddedRegistryBuilder()
                        .user("ci", "s3cret")
                        .user("storage", "st")
                        .build()
                        .start();
                // the storage host: serves /storage/<name>/blobs/<digest> from the registry with its own credentials
                Front storage = Front.start(registry.url())
                        .forwardingAuthorization()
                        .intercept(call -> {
                            if (!call.path().startsWith("/storage/")) {
                                return false;
                            }
                            String path = "/v2/" + call.path().substring("/storage/".length());
                            call.send(call.front().proxy(call, path, storageCredentials));
                            return true;
                        });
                Front redirecting = Front.start(registry.url())
                        .forwardingAuthorization()
                        .rewrite((call, reply) -> {
                            Matcher m = BLOB.matcher(call.path());
                            boolean read =
                                    call.method().equals("GET") || call.method().equals("HEAD");
                            if (read && m.matches() && reply.status == 200) {
                                reply.status = 307;
                                reply.headers.clear();
                                reply.body = new byte[0];
                                reply.header(
                                        "Location",
                                        storage.otherOriginUrl() + "/storage/" + m.group(1) + "/blobs/" + m.group(2)
                                                + "?expires=300&signature=abc");
                            }
                        })) {
            ConformanceReport report =
                    ConformanceSuite.run(ConformanceMain.strict(ConformanceSettings.builder(), redirecting.url())
                            .credentials("ci", "s3cret")
                            .build());

            assertThat(report.failed()).as(report.failureDetails()).isZero();
            CheckResult redirect = report.result("pull.blob-redirect").orElseThrow();
            assertThat(redirect.status()).as(redirect.message()).isEqualTo(CheckResult.Status.PASSED);
            assertThat(redirect.message())
                    .startsWith("redirected: 307 " + storage.otherOriginUrl() + "/storage/conformance/repo1/blobs/")
                    .endsWith("(to another host: sent without the registry's Authorization)");
            assertThat(report.result("pull.image.blobs").orElseThrow().describe())
                    .contains("< 307", "> GET " + storage.otherOriginUrl() + "/storage/conformance/repo1/blobs/");

            // the registry's front saw the credentials; the storage host was asked for blobs, never with them
            assertThat(redirecting.seen)
                    .anySatisfy(s -> assertThat(s.authorization()).startsWith("Basic "));
            assertThat(storage.seen)
                    .hasSizeGreaterThan(20)
                    .allSatisfy(s -> assertThat(s.authorization())
                            .as(s.method() + " " + s.pathAndQuery())
                            .isNull());
        }
    }

    @Test
    void aRegistryThatServesBlobsItselfSkipsTheCheck() {
        try (RegistryServer registry = ConformanceMain.embeddedRegistry().start()) {
            CheckResult r = ConformanceSuite.run(ConformanceSettings.builder()
                            .url(registry.url())
                            .set("OCI_FILTER_TEST", "pull.blob-redirect")
                            .build())
                    .result("pull.blob-redirect")
                    .orElseThrow();
            assertThat(r.status()).isEqualTo(CheckResult.Status.SKIPPED);
            assertThat(r.message())
                    .startsWith("the registry serves blobs itself (GET /v2/conformance/repo1/blobs/sha256:");
        }
    }
}
