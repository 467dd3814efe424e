package dev.ocireg.junit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocireg.auth.Credentials;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.client.RegistryClientException;
import dev.ocireg.spec.Descriptor;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @OciRegistry(users, rights, anonymousPull, tokenAuth, tls)} and the builder's equivalents: the injected
 * client logs in as the first user and trusts the certificate; the handle gives credentials, trust material and
 * clients for other users.
 */
@OciRegistry(
        users = {"alice:s3cret:with:colons", "bob:b"},
        rights = {"alice:*:*", "bob:*:pull"},
        tokenAuth = true,
        tls = true)
class AuthAnnotationTest {

    @Test
    void theInjectedClientLogsInWithTokensOverHttps(
            RegistryClient client, RegistryHandle registry, @RegistryUrl String url) {
        assertThat(url).startsWith("https://127.0.0.1:");
        assertThat(registry.isTls()).isTrue();
        Descriptor blob = client.pushBlob("team/app", "hello".getBytes(UTF_8));
        registry.assertThat().repository("team/app").hasBlob(blob.digest());
        assertThat(client.catalog()).containsExactly("team/app");
        assertThat(registry.credentials()).contains(new Credentials("alice", "s3cret:with:colons"));
        assertThat(registry.journal().toString()).contains("/token");
    }

    @Test
    void otherUsersAndAnonymousCallersGetTheirOwnAnswers(RegistryHandle registry) {
        registry.client().pushBlob("team/app", "x".getBytes(UTF_8));
        RegistryClient bob = registry.clientAs("bob", "b");
        assertThat(bob.catalog()).containsExactly("team/app");
        RegistryClientException denied =
                catchThrowableOfType(RegistryClientException.class, () -> bob.pushBlob("team/app", new byte[] {1}));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCodes()).containsExactly("DENIED");
        RegistryClientException anonymous = catchThrowableOfType(
                RegistryClientException.class, () -> registry.anonymousClient().tags("team/app"));
        assertThat(anonymous.status()).isEqualTo(401);
        registry.anonymousClient().ping(); // /v2/ takes any valid token, an anonymous one too
        RegistryClientException wrong = catchThrowableOfType(
                RegistryClientException.class,
                () -> registry.clientAs("bob", "nope").ping());
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void trustMaterialForOtherClients(RegistryHandle registry) throws Exception {
        assertThat(registry.certificateFile()).exists();
        assertThat(Files.readString(registry.certificateFile())).startsWith("-----BEGIN CERTIFICATE-----");
        RegistryClient own = RegistryClient.builder(registry.url())
                .basicAuth("bob", "b")
                .sslContext(registry.sslContext())
                .build();
        own.ping();
    }

    @Nested
    class ResetKeepsTheSettings {
        @Test
        void nestedTestsShareTheAuthenticatedRegistry(RegistryHandle registry) {
            assertThat(registry.client().catalog()).isEmpty();
            registry.client().pushBlob("nested/app", new byte[] {2});
            assertThat(registry.clientAs("bob", "b").catalog()).containsExactly("nested/app");
        }
    }

    /** On a method: Basic over plain HTTP with anonymous pull. */
    @Test
    @OciRegistry(users = "carol:c", anonymousPull = true)
    void basicWithAnonymousPullOnAMethod(RegistryHandle registry) {
        assertThat(registry.url().getScheme()).isEqualTo("http");
        Descriptor blob = registry.client().pushBlob("open/app", new byte[] {3});
        RegistryClient anonymous = registry.anonymousClient();
        assertThat(anonymous.blobExists("open/app", blob.digest())).isTrue();
        assertThat(catchThrowableOfType(
                                RegistryClientException.class, () -> anonymous.pushBlob("open/app", new byte[] {4}))
                        .status())
                .isEqualTo(401);
    }

    @Nested
    class WithTheBuilder {
        @RegisterExtension
        OciRegistryExtension registry = OciRegistryExtension.builder()
                .name("built")
                .user("dave", "d")
                .allow("dave:*:pull,push")
                .tls(true)
                .configure(b -> b.tokenAuth(true))
                .build();

        @Test
        void theBuilderSettingsApply(@RegistryName("built") RegistryHandle built) {
            assertThat(built.url().getScheme()).isEqualTo("https");
            Descriptor blob = built.client().pushBlob("b/app", new byte[] {5});
            assertThat(built.client().blobExists("b/app", blob.digest())).isTrue();
            RegistryClientException noDelete = catchThrowableOfType(
                    RegistryClientException.class, () -> built.client().deleteBlob("b/app", blob.digest()));
            assertThat(noDelete.status()).isEqualTo(403);
            assertThat(List.of(built.credentials().orElseThrow().username())).containsExactly("dave");
        }
    }
}
