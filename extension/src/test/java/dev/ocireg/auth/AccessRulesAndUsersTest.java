package dev.ocireg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The built-in authorizer's patterns and rule strings, and the user table's parsing (no HTTP involved). */
class AccessRulesAndUsersTest {
    private static final Principal BOB = Principal.of("bob");
    private static final Principal EVE = Principal.of("eve");

    @Test
    void patterns() {
        AccessRules rules = AccessRules.parse("bob:org/*:pull,push", "bob:exact/name:delete", "*:lib/*/base:pull");
        assertThat(rules.allows(BOB, "org/app", Action.PUSH)).isTrue();
        assertThat(rules.allows(BOB, "org/team/app", Action.PULL)).isTrue();
        assertThat(rules.allows(BOB, "org", Action.PULL))
                .as("org/* needs something below org")
                .isFalse();
        assertThat(rules.allows(BOB, "orgx/app", Action.PULL)).isFalse();
        assertThat(rules.allows(BOB, "org/app", Action.DELETE)).isFalse();
        assertThat(rules.allows(BOB, "exact/name", Action.DELETE)).isTrue();
        assertThat(rules.allows(BOB, "exact/name/more", Action.DELETE)).isFalse();
        assertThat(rules.allows(EVE, "lib/x/base", Action.PULL)).isTrue();
        assertThat(rules.allows(EVE, "lib/x/y/base", Action.PULL)).isTrue();
        assertThat(rules.allows(EVE, "lib/base", Action.PULL)).isFalse();
        assertThat(rules.allows(Principal.ANONYMOUS, "lib/x/base", Action.PULL))
                .as("* is every authenticated user, not anonymous callers")
                .isFalse();
        assertThat(rules.allows(EVE, "org.app", Action.PULL))
                .as("dots are literal")
                .isFalse();
        assertThat(rules.allowsCatalog(EVE)).isTrue();
        assertThat(rules.allowsCatalog(Principal.ANONYMOUS)).isFalse();
    }

    @Test
    void anonymousRulesAreForEverybody() {
        AccessRules rules =
                AccessRules.builder().allowAnonymous("public/*", Action.PULL).build();
        assertThat(rules.allows(Principal.ANONYMOUS, "public/a", Action.PULL)).isTrue();
        assertThat(rules.allows(BOB, "public/a", Action.PULL)).isTrue();
        assertThat(rules.allows(BOB, "public/a", Action.PUSH)).isFalse();
        assertThat(rules.allowsCatalog(Principal.ANONYMOUS)).isTrue();
        assertThat(AccessRules.parse(":public/*:pull").rules()).containsExactlyElementsOf(rules.rules());
        assertThat(AccessRules.parse("a:*:*").rules().get(0).toString()).isEqualTo("a:*:pull,push,delete");
    }

    @Test
    void malformedRulesAreExplained() {
        assertThatThrownBy(() -> AccessRules.parse("bob:org/*"))
                .hasMessageStartingWith("a right must look like USER:PATTERN:ACTIONS");
        assertThatThrownBy(() -> AccessRules.parse("bob:org/*:pull,write"))
                .hasMessage("in the right 'bob:org/*:pull,write': unknown action 'write'; use pull, push or delete");
        assertThatThrownBy(() -> AccessRules.parse("bob::pull")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> AccessRules.builder().allow("bob", "x")).hasMessageContaining("at least one action");
        assertThatThrownBy(() -> AccessRules.builder().allow("", "x", Action.PULL))
                .hasMessageContaining("allowAnonymous");
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void usersWithPlainPasswordsAndBcryptHashes() {
        Users users = Users.of(
                "alice:with:colons", "bob:$2y$05$0123456789abcdefghijkebF.t51ZMQH79oSTz0w4T0A27Fx3IAyO", "ünï:cöde");
        assertThat(users.names()).containsExactly("alice", "bob", "ünï");
        assertThat(users.plainCredentials())
                .containsExactly(new Credentials("alice", "with:colons"), new Credentials("ünï", "cöde"));
        assertThat(users.authenticate(basic("alice:with:colons"))).isEqualTo(Principal.of("alice"));
        assertThat(users.authenticate(basic("bob:secret"))).isEqualTo(Principal.of("bob"));
        assertThat(users.authenticate(basic("ünï:cöde"))).isEqualTo(Principal.of("ünï"));
        assertThat(users.authenticate(null)).isEqualTo(Principal.ANONYMOUS);
        assertThat(users.authenticate("  ")).isEqualTo(Principal.ANONYMOUS);
        assertThatThrownBy(() -> users.authenticate(basic("bob:Secret")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("wrong user name or password");
        assertThat(Users.isBcryptHash("$2a$10$" + "a".repeat(53))).isTrue();
        assertThat(Users.isBcryptHash("$2a$10$short")).isFalse();
        assertThat(new Credentials("alice", "pw-42").toString()).doesNotContain("pw-42");
    }

    @Test
    void malformedUsersAreExplainedWithoutShowingThePassword() {
        assertThatThrownBy(() -> Users.of("secretpassword"))
                .hasMessage("a user must look like name:password (a name, a colon, a password);"
                        + " got 14 characters without a colon")
                .message()
                .doesNotContain("secret");
        assertThatThrownBy(() -> Users.of(":hunter2"))
                .hasMessageContaining("with no name")
                .message()
                .doesNotContain("hunter2");
        assertThatThrownBy(() -> Users.of("a:1", "a:2")).hasMessage("the user a is given twice");
        assertThatThrownBy(() -> Users.of("a:$2x$05$" + "a".repeat(53))).hasMessageContaining("$2x$");
        assertThatThrownBy(() -> Users.of("a:$2b$03$" + "a".repeat(53))).hasMessageContaining("cost 3");
    }
}
