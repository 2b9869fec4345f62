package org.centralita.flows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One node of a flow: a closed family, one record per YAML {@code type}. Nodes are immutable values. */
public sealed interface Node
        permits Node.Play,
                Node.Menu,
                Node.Collect,
                Node.Say,
                Node.Branch,
                Node.SetVars,
                Node.Http,
                Node.Action,
                Node.Hours,
                Node.Transfer,
                Node.Goto,
                Node.Subflow,
                Node.Hangup {

    /** Returns the node id (its key under {@code nodes:}). */
    String id();

    /** Returns where the node is defined. */
    Loc loc();

    /** Returns every node this one can go to, for validation. */
    List<Edge> edges();

    /** Returns whether the node waits for caller input (a loop through it is not a loop with no input). */
    default boolean takesInput() {
        return false;
    }

    /** Returns the prompts the node plays, for the catalog check. */
    default List<String> allPrompts() {
        return List.of();
    }

    /**
     * A transition to another node of the same flow.
     *
     * @param target node id
     * @param loc where the reference is written
     */
    record Edge(String target, Loc loc) {
        public Edge {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(loc, "loc");
        }
    }

    private static List<Edge> edges(Edge... edges) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e != null) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** Plays prompts; with barge-in a key press skips the rest. */
    record Play(String id, Loc loc, List<String> prompts, boolean bargeIn, Edge next) implements Node {
        public Play {
            prompts = List.copyOf(prompts);
        }

        @Override
        public List<String> allPrompts() {
            return prompts;
        }

        @Override
        public List<Edge> edges() {
            return Node.edges(next);
        }
    }

    /**
     * A keypad menu. {@code *} repeats; {@code 0} goes to {@code operator}; no-input and no-match re-prompts
     * escalate through their lists; after {@code retries} failed attempts the caller goes to {@code exhausted}.
     */
    record Menu(
            String id,
            Loc loc,
            List<String> prompts,
            Map<Character, Edge> choices,
            List<String> noInput,
            List<String> noMatch,
            int retries,
            Duration timeout,
            Edge operator,
            Edge exhausted)
            implements Node {
        public Menu {
            prompts = List.copyOf(prompts);
            choices = Map.copyOf(choices);
            noInput = List.copyOf(noInput);
            noMatch = List.copyOf(noMatch);
            if (retries < 1) {
                throw new IllegalArgumentException("retries must be >= 1");
            }
        }

        @Override
        public List<Edge> edges() {
            List<Edge> out = new ArrayList<>(choices.values());
            out.addAll(Node.edges(operator, exhausted));
            return List.copyOf(out);
        }

        @Override
        public boolean takesInput() {
            return true;
        }

        @Override
        public List<String> allPrompts() {
            List<String> all = new ArrayList<>(prompts);
            all.addAll(noInput);
            all.addAll(noMatch);
            return all;
        }
    }

    /** Collects digits into a variable, validated; sensitive values never leave memory in clear. */
    record Collect(
            String id,
            Loc loc,
            List<String> prompts,
            String variable,
            boolean sensitive,
            int min,
            int max,
            Duration timeout,
            Optional<DigitValidator> validator,
            List<String> noInput,
            List<String> invalid,
            int retries,
            Edge next,
            Edge failure)
            implements Node {
        public Collect {
            prompts = List.copyOf(prompts);
            noInput = List.copyOf(noInput);
            invalid = List.copyOf(invalid);
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("need 1 <= min <= max");
            }
        }

        @Override
        public List<Edge> edges() {
            return Node.edges(next, failure);
        }

        @Override
        public boolean takesInput() {
            return true;
        }

        @Override
        public List<String> allPrompts() {
            List<String> all = new ArrayList<>(prompts);
            all.addAll(noInput);
            all.addAll(invalid);
            return all;
        }
    }

    /** What a {@code say} node speaks. */
    enum SayKind {
        NUMBER,
        DIGITS,
        DATE,
        CURRENCY
    }

    /** Speaks a value: number, digits, date (ISO) or currency amount. */
    record Say(String id, Loc loc, SayKind kind, Template value, Template currency, Edge next) implements Node {
        @Override
        public List<Edge> edges() {
            return Node.edges(next);
        }
    }

    /** One {@code if} of a branch. */
    record Case(Expr condition, Edge next) {}

    /** Goes to the first case whose condition holds, else to {@code otherwise}. */
    record Branch(String id, Loc loc, List<Case> cases, Edge otherwise) implements Node {
        public Branch {
            cases = List.copyOf(cases);
        }

        @Override
        public List<Edge> edges() {
            List<Edge> out = new ArrayList<>();
            cases.forEach(c -> out.add(c.next()));
            out.addAll(Node.edges(otherwise));
            return List.copyOf(out);
        }
    }

    /** Sets variables from templates or ({@code =}-prefixed) expressions; {@code language} switches prompts. */
    record SetVars(String id, Loc loc, Map<String, Value> values, Edge next) implements Node {
        /** A template or an expression. */
        sealed interface Value permits Text, Computed {}

        record Text(Template template) implements Value {}

        record Computed(Expr expr) implements Value {}

        public SetVars {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        @Override
        public List<Edge> edges() {
            return Node.edges(next);
        }
    }

    /** Calls a REST endpoint and maps JSON fields (JSON pointers) into variables. */
    record Http(
            String id,
            Loc loc,
            String method,
            Template url,
            Map<String, Template> body,
            Duration timeout,
            Map<String, String> map,
            Edge next,
            Edge error)
            implements Node {
        public Http {
            body = Map.copyOf(body);
            map = Map.copyOf(map);
        }

        @Override
        public List<Edge> edges() {
            return Node.edges(next, error);
        }
    }

    /** Runs a named Java action; its outcome picks the next node ({@code next} when not listed). */
    record Action(String id, Loc loc, String name, Map<String, Template> args, Map<String, Edge> outcomes, Edge next)
            implements Node {
        public Action {
            args = Map.copyOf(args);
            outcomes = Map.copyOf(outcomes);
        }

        @Override
        public List<Edge> edges() {
            List<Edge> out = new ArrayList<>(outcomes.values());
            out.addAll(Node.edges(next));
            return List.copyOf(out);
        }
    }

    /** An opening interval of one day, {@code [from, to)}. */
    record TimeRange(LocalTime from, LocalTime to) {
        public TimeRange {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to");
            }
        }
    }

    /**
     * Business hours in a time zone, with holidays (dates, and {@code MM-DD} days closed every year): goes to
     * {@code open} or {@code closed}.
     */
    record Hours(
            String id,
            Loc loc,
            ZoneId zone,
            Map<DayOfWeek, List<TimeRange>> week,
            Set<LocalDate> holidays,
            Set<java.time.MonthDay> yearlyHolidays,
            Edge open,
            Edge closed)
            implements Node {
        public Hours {
            week = Map.copyOf(week);
            holidays = Set.copyOf(holidays);
            yearlyHolidays = Set.copyOf(yearlyHolidays);
        }

        @Override
        public List<Edge> edges() {
            return Node.edges(open, closed);
        }
    }

    /** Hands the call to an agent group with its call context. Ends the flow. */
    record Transfer(String id, Loc loc, Template group, Template intent, Optional<String> application) implements Node {
        @Override
        public List<Edge> edges() {
            return List.of();
        }
    }

    /** Jumps to another node. */
    record Goto(String id, Loc loc, Edge target) implements Node {
        @Override
        public List<Edge> edges() {
            return Node.edges(target);
        }
    }

    /** Runs another flow (same call, same variables) and comes back to {@code next} when it ends. */
    record Subflow(String id, Loc loc, String flow, Loc flowLoc, Edge next) implements Node {
        @Override
        public List<Edge> edges() {
            return Node.edges(next);
        }
    }

    /** Plays optional prompts and hangs up. */
    record Hangup(String id, Loc loc, List<String> prompts) implements Node {
        public Hangup {
            prompts = List.copyOf(prompts);
        }

        @Override
        public List<String> allPrompts() {
            return prompts;
        }

        @Override
        public List<Edge> edges() {
            return List.of();
        }
    }
}
