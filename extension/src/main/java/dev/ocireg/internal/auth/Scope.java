package dev.ocireg.internal.auth;

import dev.ocireg.auth.Action;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One resource scope of the token grammar ({@code scope.md}): {@code type[(class)]:name:action[,action]*}. The name
 * may hold one colon (a host's port), so the type ends at the first colon and the actions start after the last.
 */
public record Scope(String type, String name, Set<String> actions) {

    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String CATALOG = "catalog";

    public Scope {
        actions = Set.copyOf(actions);
    }

    /** {@code repository:NAME:…} for these actions (pull first, as clients write it). */
    public static Scope repository(String name, Action... actions) {
        Set<String> names = new LinkedHashSet<>();
        for (Action a : actions) {
            names.add(a.scopeName());
        }
        return new Scope(REPOSITORY, name, names);
    }

    /** {@code registry:catalog:*}. */
    public static Scope catalog() {
        return new Scope(REGISTRY, CATALOG, Set.of("*"));
    }

    /** The scopes of a space-separated list; entries that do not follow the grammar are skipped. */
    public static List<Scope> parseList(String list) {
        List<Scope> scopes = new ArrayList<>();
        if (list == null) {
            return scopes;
        }
        for (String entry : list.trim().split("\\s+")) {
            Scope scope = parse(entry);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** One scope, or null when it does not follow the grammar. */
    public static Scope parse(String entry) {
        int first = entry.indexOf(':');
        int last = entry.lastIndexOf(':');
        if (first <= 0 || last == first || last == entry.length() - 1) { // no type, no name, or no actions
            return null;
        }
        String type = entry.substring(0, first);
        int paren = type.indexOf('(');
        if (paren > 0 && type.endsWith(")")) {
            type = type.substring(0, paren); // the resource class is deprecated and ignored
        }
        if (!type.matches("[a-z0-9]+")) {
            return null;
        }
        String name = entry.substring(first + 1, last);
        if (name.isEmpty()) {
            return null;
        }
        Set<String> actions = new LinkedHashSet<>();
        for (String action : entry.substring(last + 1).split(",")) {
            if (!action.isEmpty()) {
                actions.add(action);
            }
        }
        return new Scope(type, name, actions);
    }

    /** Whether this scope names a repository and grants {@code action} on it ({@code *} grants every action). */
    public boolean grants(String repository, Action action) {
        return type.equals(REPOSITORY)
                && name.equals(repository)
                && (actions.contains(action.scopeName()) || actions.contains("*"));
    }

    /** Whether this is {@code registry:catalog:*}. */
    public boolean grantsCatalog() {
        return type.equals(REGISTRY) && name.equals(CATALOG) && actions.contains("*");
    }

    /** {@code type:name:a,b} with the actions in pull, push, delete, other order. */
    @Override
    public String toString() {
        List<String> ordered = new ArrayList<>();
        for (Action a : Action.values()) {
            if (actions.contains(a.scopeName())) {
                ordered.add(a.scopeName());
            }
        }
        for (String a : actions) {
            if (!ordered.contains(a)) {
                ordered.add(a);
            }
        }
        return type + ":" + name + ":" + String.join(",", ordered);
    }
}
