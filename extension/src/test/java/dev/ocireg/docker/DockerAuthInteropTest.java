package dev.ocireg.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocireg.RegistryServer;
import dev.ocireg.assertions.RegistryAssertions;
import dev.ocireg.auth.AccessRules;
import dev.ocireg.journal.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker login} against the registry's Basic users and against its token flow: the right password logs in and
 * pushes, a wrong one is refused, a reader pulls but may not push, and once logged out a pull is refused. Plain HTTP
 * on loopback (an insecure registry for the daemon); TLS is {@link DockerTlsInteropTest}. Skipped, with the reason,
 * where there is no daemon.
 */
@RequiresDocker
class DockerAuthInteropTest {
    @TempDir
    static Path temp;

    private static RegistryServer basic;
    private static RegistryServer token;
    private static DockerCli docker;
    private static String local;

    @BeforeAll
    static void start() throws Exception {
        basic = RegistryServer.builder()
                .user("writer", "w:secret")
                .user("reader", "r")
                .allow(AccessRules.parseRule("writer:*:*"))
                .allow(AccessRules.parseRule("reader:*:pull"))
                .build()
                .start();
        token = RegistryServer.builder()
                .user("writer", "w:secret")
                .user("reader", "r")
                .allow(AccessRules.parseRule("writer:*:*"))
                .allow(AccessRules.parseRule("reader:*:pull"))
                .tokenAuth(true)
                .build()
                .start();
        docker = new DockerCli(temp);
        local = docker.importBusybox("ocireg-test/auth:" + basic.port(), Map.of("/hello.txt", "logged in\n"));
    }

    @AfterAll
    static void stop() {
        if (docker != null) {
            docker.close();
        }
        for (RegistryServer registry : new RegistryServer[] {basic, token}) {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    void basicUsersLogInPushPullAndAreRefusedWhatTheyMayNotDo() throws Exception {
        loginPushPullLogout(basic);
        assertThat(basic.journal().requests(r -> r.status() == 401))
                .isNotEmpty()
                .allMatch(r -> r.responseHeader("WWW-Authenticate").orElse("").startsWith("Basic "));
    }

    @Test
    void theTokenFlowLogsInPushesPullsAndRefuses() throws Exception {
        loginPushPullLogout(token);
        assertThat(token.journal().requests(r -> r.endpoint() == Endpoint.TOKEN))
                .as("tokens for the writer and the reader; the wrong password refused")
                .anyMatch(r -> r.status() == 200)
                .anyMatch(r -> r.status() == 401);
        assertThat(token.journal().requests(r -> r.status() == 401 && r.endpoint() != Endpoint.TOKEN))
                .isNotEmpty()
                .allMatch(r -> r.responseHeader("WWW-Authenticate").orElse("").startsWith("Bearer realm="));
    }

    private void loginPushPullLogout(RegistryServer registry) throws Exception {
        String host = registry.host();
        String image = host + "/team/app:1";
        registry.journal().clear();

        DockerCli.Result wrong = docker.runWithInput("nope", "login", "-u", "writer", "--password-stdin", host);
        assertThat(wrong.exitCode()).as("%s", wrong).isNotZero();
        assertThat(wrong.output()).containsIgnoringCase("unauthorized");
        assertThat(authsIn(docker)).doesNotContain(host);

        DockerCli.Result anonymousPush = pushAs(image);
        assertThat(anonymousPush.exitCode()).as("%s", anonymousPush).isNotZero();
        RegistryAssertions.assertThat(registry).doesNotHaveRepository("team/app");

        login(host, "writer", "w:secret"); // a password with a colon
        assertThat(authsIn(docker)).contains(host);
        DockerCli.Result push = pushAs(image);
        assertThat(push.exitCode()).as("%s", push).isZero();
        RegistryAssertions.assertThat(registry).repository("team/app").hasTag("1");

        login(host, "reader", "r");
        docker.docker("rmi", image);
        docker.docker("pull", docker.removeLater(image));
        docker.tag(local, host + "/team/other:1");
        DockerCli.Result readerPush = docker.run("push", host + "/team/other:1");
        assertThat(readerPush.exitCode()).as("%s", readerPush).isNotZero();
        assertThat(readerPush.output()).containsIgnoringCase("denied");
        RegistryAssertions.assertThat(registry).doesNotHaveRepository("team/other");

        docker.docker("logout", host);
        assertThat(authsIn(docker)).doesNotContain(host);
        docker.docker("rmi", image);
        DockerCli.Result loggedOut = docker.run("pull", image);
        assertThat(loggedOut.exitCode()).as("%s", loggedOut).isNotZero();
        assertThat(loggedOut.output()).containsAnyOf("denied", "unauthorized", "no basic auth credentials");
        assertThat(docker.run("image", "inspect", image).exitCode())
                .as("not pulled")
                .isNotZero();
    }

    private static void login(String host, String user, String password) {
        DockerCli.Result login = docker.runWithInput(password, "login", "-u", user, "--password-stdin", host);
        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.stdout()).contains("Login Succeeded");
    }

    private static DockerCli.Result pushAs(String image) {
        docker.tag(local, image);
        return docker.run("push", image);
    }

    private static String authsIn(DockerCli docker) throws Exception {
        return Files.readString(docker.configDirectory().resolve("config.json"));
    }
}
