package dev.ocireg.conformance.internal;

import dev.ocireg.conformance.ConformanceCheck;
import dev.ocireg.conformance.ConformanceSettings;
import dev.ocireg.conformance.Level;
import dev.ocireg.conformance.Workflow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** The list of checks of one run, built by the four workflow classes in the spec's order. */
public final class Checks {
    final ConformanceSettings settings;
    final TestData data;
    private final List<CheckDef> defs = new ArrayList<>();

    private Checks(ConformanceSettings settings, TestData data) {
        this.settings = settings;
        this.data = data;
    }

    /** Every check for these settings and this data, in the order they are reported. */
    public static List<CheckDef> all(ConformanceSettings settings, TestData data) {
        Checks c = new Checks(settings, data);
        PullChecks.add(c);
        PushChecks.add(c);
        DiscoveryChecks.add(c);
        ManagementChecks.add(c);
        return List.copyOf(c.defs);
    }

    /** Starts a check; finish it with a level method and {@link Builder#run}. */
    Builder add(String id, Workflow workflow, String title) {
        return new Builder(id, workflow, title);
    }

    /** A gate that skips unless a boolean setting is true. */
    Supplier<String> on(String... names) {
        return () -> {
            for (String name : names) {
                if (!settings.flag(name)) {
                    return name + "=false";
                }
            }
            return null;
        };
    }

    /** A gate on a data variant (and, for content with a subject, on the image it refers to). */
    Supplier<String> variantOn(TestData.Variant v) {
        return () -> {
            if (!settings.flag(v.setting)) {
                return v.setting + "=false";
            }
            if ((v.key.equals("subject") || v.key.equals("subjectList")) && !settings.flag("OCI_DATA_IMAGE")) {
                return "OCI_DATA_IMAGE=false (the subject of this content is the image)";
            }
            return null;
        };
    }

    static Supplier<String> all(List<Supplier<String>> gates) {
        return () -> {
            for (Supplier<String> g : gates) {
                String reason = g.get();
                if (reason != null) {
                    return reason;
                }
            }
            return null;
        };
    }

    final class Builder {
        private final String id;
        private final Workflow workflow;
        private final String title;
        private Level level;
        private String endpoint;
        private String requirement;
        private final List<String> requires = new ArrayList<>();
        private final List<Supplier<String>> gates = new ArrayList<>();
        private int stage;

        private Builder(String id, Workflow workflow, String title) {
            this.id = id;
            this.workflow = workflow;
            this.title = title;
            this.stage = switch (workflow) {
                case PULL, PUSH -> CheckDef.PUSH_AND_PULL;
                case CONTENT_DISCOVERY -> CheckDef.DISCOVERY;
                case CONTENT_MANAGEMENT -> CheckDef.DELETE_FIRST;
            };
        }

        /** When the check runs (a {@link CheckDef} stage); by default that of its workflow. */
        Builder stage(int stage) {
            this.stage = stage;
            return this;
        }

        Builder must(String endpoint, String requirement) {
            return level(Level.MUST, endpoint, requirement);
        }

        Builder should(String endpoint, String requirement) {
            return level(Level.SHOULD, endpoint, requirement);
        }

        Builder may(String endpoint, String requirement) {
            return level(Level.MAY, endpoint, requirement);
        }

        private Builder level(Level level, String endpoint, String requirement) {
            this.level = level;
            this.endpoint = endpoint;
            this.requirement = requirement;
            return this;
        }

        Builder requires(String... ids) {
            requires.addAll(Arrays.asList(ids));
            return this;
        }

        Builder requires(List<String> ids) {
            requires.addAll(ids);
            return this;
        }

        Builder when(Supplier<String> gate) {
            gates.add(gate);
            return this;
        }

        void run(CheckDef.Body body) {
            if (level == null) {
                throw new IllegalStateException("check " + id + " has no level");
            }
            for (CheckDef existing : defs) {
                if (existing.id().equals(id)) {
                    throw new IllegalStateException("duplicate check id " + id);
                }
            }
            defs.add(new CheckDef(
                    new ConformanceCheck(id, workflow, title, requirement, endpoint, level),
                    List.copyOf(requires),
                    Checks.all(List.copyOf(gates)),
                    body,
                    stage));
        }
    }
}
