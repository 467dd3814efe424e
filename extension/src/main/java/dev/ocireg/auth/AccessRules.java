package dev.ocireg.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rights per user and repository pattern: the built-in {@link Authorizer}. A request is allowed when at least one
 * rule names its user (or {@code *}, any authenticated user), matches its repository and includes its action.
 *
 * <pre>{@code
 * AccessRules rules = AccessRules.builder()
 *         .allow("alice", "*", Action.PULL, Action.PUSH, Action.DELETE)
 *         .allow("bob", "org/*", Action.PULL, Action.PUSH)
 *         .allow("*", "library/base", Action.PULL)     // every authenticated user
 *         .allowAnonymous("public/*", Action.PULL)
 *         .build();
 * AccessRules same = AccessRules.parse("alice:*:*", "bob:org/*:pull,push", "*:library/base:pull", ":public/*:pull");
 * }</pre>
 *
 * <p><b>Patterns.</b> A repository pattern is an exact name ({@code org/app}) or contains {@code *}, which matches any
 * run of characters, {@code /} included: {@code org/*} matches {@code org/app} and {@code org/team/app} but not
 * {@code org}; {@code *} alone matches every repository.
 *
 * <p><b>Rule strings</b> ({@link #parse}, {@code @OciRegistry(rights = …)}, {@code --allow}) are {@code
 * USER:PATTERN:ACTIONS}: USER is a user name, {@code *} for any authenticated user, or empty for anonymous callers (and so for everybody:
 * logging in never takes a right away);
 * ACTIONS is a comma-separated list of {@code pull}, {@code push}, {@code delete}, or {@code *} for all three.
 *
 * <p>The catalog ({@code GET /v2/_catalog}) is open to every authenticated user, and to anonymous callers when some
 * rule is for them; it lists only the repositories the caller may pull.
 */
public final class AccessRules implements Authorizer {

    /** The user of a rule that applies to every authenticated user. */
    public static final String ANY_USER = "*";

    /** One rule: {@code user} ({@code *} any authenticated user, empty for anonymous), a pattern, the actions. */
    public record Rule(String user, String repositoryPattern, Set<Action> actions) {

        public Rule {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(repositoryPattern, "repositoryPattern");
            if (repositoryPattern.isEmpty()) {
                throw new IllegalArgumentException(
                        "a repository pattern must not be empty; use * for every repository");
            }
            if (actions.isEmpty()) {
                throw new IllegalArgumentException("a rule needs at least one action");
            }
            actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
        }

        /** Whether this rule is for {@code principal} (a rule for anonymous callers is for everybody). */
        public boolean appliesTo(Principal principal) {
            if (user.isEmpty()) {
                return true;
            }
            return !principal.isAnonymous() && (user.equals(ANY_USER) || user.equals(principal.name()));
        }

        /** Whether the pattern matches {@code repository}. */
        public boolean matches(String repository) {
            return toRegex(repositoryPattern).matcher(repository).matches();
        }

        @Override
        public String toString() {
            List<String> names = new ArrayList<>();
            actions.forEach(a -> names.add(a.scopeName()));
            return user + ":" + repositoryPattern + ":" + String.join(",", names);
        }
    }

    private final List<Rule> rules;
    private final List<Pattern> patterns;

    private AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        List<Pattern> compiled = new ArrayList<>();
        for (Rule rule : this.rules) {
            compiled.add(toRegex(rule.repositoryPattern()));
        }
        this.patterns = List.copyOf(compiled);
    }

    /** An empty builder: no rule, so nobody may do anything until rules are added. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Rules from {@code USER:PATTERN:ACTIONS} strings.
     *
     * @throws IllegalArgumentException naming the malformed string
     */
    public static AccessRules parse(String... rules) {
        Builder builder = builder();
        for (String rule : rules) {
            builder.rule(parseRule(rule));
        }
        return builder.build();
    }

    /** One {@code USER:PATTERN:ACTIONS} string as a rule. */
    public static Rule parseRule(String rule) {
        Objects.requireNonNull(rule, "rule");
        String[] parts = rule.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "a right must look like USER:PATTERN:ACTIONS (e.g. bob:org/*:pull,push), not '" + rule + "'");
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (String action : parts[2].split(",", -1)) {
            if (action.trim().equals("*")) {
                actions.addAll(EnumSet.allOf(Action.class));
            } else {
                try {
                    actions.add(Action.parse(action));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("in the right '" + rule + "': " + e.getMessage(), e);
                }
            }
        }
        try {
            return new Rule(parts[0].trim(), parts[1].trim(), actions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in the right '" + rule + "': " + e.getMessage(), e);
        }
    }

    /** The rules, in the order given. */
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public boolean allows(Principal principal, String repository, Action action) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.actions().contains(action)
                    && rule.appliesTo(principal)
                    && patterns.get(i).matcher(repository).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean allowsCatalog(Principal principal) {
        return !principal.isAnonymous() || rules.stream().anyMatch(r -> r.user().isEmpty());
    }

    @Override
    public String toString() {
        return "AccessRules" + rules;
    }

    private static Pattern toRegex(String glob) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".+");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Collects rules. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {}

        /** Lets {@code user} ({@code *} for every authenticated user) do {@code actions} to matching repositories. */
        public Builder allow(String user, String repositoryPattern, Action... actions) {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("a user name must not be empty; use allowAnonymous for anonymous");
            }
            return rule(new Rule(user, repositoryPattern, Set.copyOf(Arrays.asList(actions))));
        }

        /** Lets callers without credentials do {@code actions} to matching repositories. */
        public Builder allowAnonymous(String repositoryPattern, Action... actions) {
            return rule(new Rule("", repositoryPattern, Set.copyOf(Arrays.asList(actions))));
        }

        /** Adds a rule. */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Adds a {@code USER:PATTERN:ACTIONS} rule. */
        public Builder rule(String rule) {
            return rule(parseRule(rule));
        }

        public AccessRules build() {
            return new AccessRules(rules);
        }
    }
}
