package dev.ocireg.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.auth.AccessRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jib-core logging in with {@code RegistryImage.addCredential}: Basic, and the token flow (Bearer challenge, token
 * from the registry's own endpoint), over HTTPS with the generated certificate (Jib sends credentials over HTTPS only;
 * with {@code allowInsecureRegistries} it accepts the self-signed certificate).
 */
class JibAuthInteropTest {
    private static RegistryServer basic;
    private static RegistryServer token;
    private static final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private final Queue<String> jibLog = new ConcurrentLinkedQueue<>();

    @TempDir
    Path temp;

    private FileEntriesLayer appLayer;

    @BeforeAll
    static void start() {
        for (boolean tokens : new boolean[] {false, true}) {
            RegistryServer registry = RegistryServer.builder()
                    .user("alice", "a-pass")
                    .user("reader", "r-pass")
                    .allow(AccessRules.parseRule("alice:*:*"))
                    .allow(AccessRules.parseRule("reader:*:pull"))
                    .tokenAuth(tokens)
                    .tls(true)
                    .requestLog(requests::add)
                    .build()
                    .start();
            if (tokens) {
                token = registry;
            } else {
                basic = registry;
            }
        }
    }

    @AfterAll
    static void stop() {
        basic.close();
        token.close();
    }

    @BeforeEach
    void files() throws Exception {
        requests.clear();
        Path hello =
                Files.writeString(Files.createDirectories(temp.resolve("files")).resolve("hello.txt"), "hi\n");
        appLayer = FileEntriesLayer.builder()
                .setName("app")
                .addEntry(hello, AbsoluteUnixPath.get("/app/hello.txt"))
                .build();
    }

    private static RegistryImage image(RegistryServer registry, String ref, String user, String password)
            throws Exception {
        return RegistryImage.named(registry.host() + "/" + ref).addCredential(user, password);
    }

    @Test
    void pushesAndBuildsOnAPulledBaseWithBasicCredentials() throws Exception {
        JibContainer pushed = containerize(
                Jib.fromScratch().addFileEntriesLayer(appLayer),
                Containerizer.to(image(basic, "jib/base:1", "alice", "a-pass")));
        RegistryAssertions.assertThat(basic).repository("jib/base").hasTag("1");
        assertThat(requests).anyMatch(line -> line.contains(" 401 ")); // Jib was challenged, then logged in

        // the reader pulls the base; alice pushes the derived image (mounting the base layer from jib/base)
        containerize(
                Jib.from(image(basic, "jib/base:1", "reader", "r-pass")).addFileEntriesLayer(appLayer),
                Containerizer.to(image(basic, "jib/derived:1", "alice", "a-pass")));
        RegistryAssertions.assertThat(basic).repository("jib/derived").hasTag("1");
        assertThat(pushed.getDigest()).isNotNull();
    }

    @Test
    void pushesAndPullsWithTokens() throws Exception {
        containerize(
                Jib.fromScratch().addFileEntriesLayer(appLayer),
                Containerizer.to(image(token, "jib/base:1", "alice", "a-pass")));
        RegistryAssertions.assertThat(token).repository("jib/base").hasTag("1");
        assertThat(List.copyOf(requests)).anyMatch(line -> line.startsWith("GET /token?") && line.contains(" 200 "));

        containerize(
                Jib.from(image(token, "jib/base:1", "reader", "r-pass")).addFileEntriesLayer(appLayer),
                Containerizer.to(image(token, "jib/derived:1", "alice", "a-pass")));
        RegistryAssertions.assertThat(token).repository("jib/derived").hasTag("1");
    }

    @Test
    void wrongPasswordsAndMissingRightsFail() {
        for (RegistryServer registry : List.of(basic, token)) {
            assertThat(jibStatus(() -> containerize(
                            Jib.fromScratch().addFileEntriesLayer(appLayer),
                            Containerizer.to(image(registry, "jib/wrong:1", "alice", "nope")))))
                    .as("wrong password")
                    .isEqualTo(401);
            assertThat(jibStatus(() -> containerize(
                            Jib.fromScratch().addFileEntriesLayer(appLayer),
                            Containerizer.to(image(registry, "jib/denied:1", "reader", "r-pass")))))
                    .as("no push right")
                    .isEqualTo(403);
            RegistryAssertions.assertThat(registry)
                    .doesNotHaveRepository("jib/wrong")
                    .doesNotHaveRepository("jib/denied");
        }
    }

    /** The HTTP status Jib fails with: of the registry, or of the token endpoint. */
    private static int jibStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable push) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(push);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnauthorizedException unauthorized) {
                return unauthorized.getHttpResponseException().getStatusCode(); // from the registry
            }
            if (t instanceof com.google.api.client.http.HttpResponseException response) {
                return response.getStatusCode(); // from the token endpoint
            }
        }
        throw new AssertionError("Jib did not fail with an HTTP status", failure);
    }

    private JibContainer containerize(JibContainerBuilder builder, Containerizer containerizer) {
        containerizer
                .setAllowInsecureRegistries(true)
                .setOfflineMode(false)
                .setToolName("ocireg-auth-interop-test")
                .setBaseImageLayersCache(temp.resolve("cache/base"))
                .setApplicationLayersCache(temp.resolve("cache/application"))
                .addEventHandler(LogEvent.class, e -> jibLog.add(e.getLevel() + " " + e.getMessage()));
        try {
            return builder.containerize(containerizer);
        } catch (Exception e) {
            throw new AssertionError(
                    "Jib failed: " + e + "\nJib log:\n" + String.join("\n", jibLog) + "\nregistry requests:\n"
                            + String.join("\n", requests),
                    e);
        }
    }
}
