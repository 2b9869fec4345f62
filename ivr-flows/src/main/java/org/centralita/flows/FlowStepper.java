package org.centralita.flows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The functional core of the engine: given the call state, the caller's last input and the time, returns the
 * next state and the one effect (AGI work) to perform. No I/O, no clock of its own; the shell
 * ({@link FlowRunner}) performs effects and feeds their results back.
 */
final class FlowStepper {

    static final String ALL_KEYS = "0123456789*#";
    private static final int MAX_SILENT_STEPS = 256;

    private final String promptBase;
    private final ZoneId dateZone;
    private final Function<String, Optional<Flow>> flows;

    /**
     * @param promptBase the sound folder of catalog prompts as Asterisk sees it (e.g. {@code centralita}):
     *     prompt {@code welcome} in Spanish plays {@code centralita/es/welcome}
     * @param dateZone the zone of dates spoken by {@code say kind: date}
     * @param flows looks up subflows by name
     */
    FlowStepper(String promptBase, ZoneId dateZone, Function<String, Optional<Flow>> flows) {
        this.promptBase = Objects.requireNonNull(promptBase, "promptBase");
        this.dateZone = Objects.requireNonNull(dateZone, "dateZone");
        this.flows = Objects.requireNonNull(flows, "flows");
    }

    /** A flow the call will return to when a subflow ends. */
    record Frame(Flow flow, Node.Edge returnTo) {}

    /**
     * The state of one call between two effects.
     *
     * @param flow the flow being run (the version the call started with)
     * @param node the current node id
     * @param vars the call variables
     * @param noInput no-input attempts at the current node
     * @param noMatch invalid attempts at the current node
     * @param stack subflow return frames, innermost last
     */
    record CallState(Flow flow, String node, Vars vars, int noInput, int noMatch, List<Frame> stack) {
        CallState {
            stack = List.copyOf(stack);
        }

        static CallState start(Flow flow, Vars vars) {
            return new CallState(flow, flow.start().target(), vars, 0, 0, List.of());
        }

        String language() {
            String l = vars.text("language");
            return l.isEmpty() ? flow.defaultLanguage() : l;
        }

        CallState at(String id) {
            return new CallState(flow, id, vars, 0, 0, stack);
        }

        CallState with(Vars v) {
            return new CallState(flow, node, v, noInput, noMatch, stack);
        }

        CallState counts(int ni, int nm) {
            return new CallState(flow, node, vars, ni, nm, stack);
        }
    }

    /** The result of the previous effect. */
    sealed interface Input {
        /** The call starts. */
        record Start() implements Input {}

        /** Prompts played to the end, a SAY finished, a language was set. */
        record Done() implements Input {}

        /** A key pressed at a menu (or during a barge-in prompt). */
        record Key(char key) implements Input {}

        /** No key at a menu before the timeout. */
        record NoKey() implements Input {}

        /** What a collect received ({@code ""} for nothing). */
        record Digits(String digits) implements Input {}

        /** An action or HTTP call finished. */
        record Outcome(ActionResult result) implements Input {}

        /** The previous node failed: go to the flow's agent node. */
        record Recover() implements Input {}
    }

    /** The AGI work the shell performs next. */
    sealed interface Effect {
        /** Streams files; keys in {@code escape} interrupt; then waits {@code wait} for one key if present. */
        record Prompt(List<String> files, String escape, Optional<Duration> waitForKey) implements Effect {}

        /** Plays the files and collects up to {@code max} digits (GET DATA). */
        record Collect(List<String> files, Duration timeout, int max) implements Effect {}

        /** Speaks parts. */
        record Say(List<SayPart> parts, String language) implements Effect {}

        /** Sets the channel language. */
        record SetLanguage(String language) implements Effect {}

        /** Runs a named action. */
        record RunAction(String name, Map<String, String> args) implements Effect {}

        /** Calls a REST endpoint. */
        record Http(Node.Http node, String url, Map<String, String> body) implements Effect {}

        /** Hands the call to an agent group with what the IVR learned. */
        record Transfer(String group, String intent, Optional<String> application) implements Effect {}

        /** Plays files then hangs up. */
        record Hangup(List<String> files) implements Effect {}

        /** The flow ended: return to the dialplan. */
        record End() implements Effect {}
    }

    /** The next state and the effect to perform. */
    record Step(CallState state, Effect effect) {}

    /** Returns the next step after {@code input}. */
    Step step(CallState s, Input input, Instant now) {
        if (input instanceof Input.Start) {
            return enter(s, s.flow().start(), now);
        }
        if (input instanceof Input.Recover) {
            return enter(s, or(null, s.flow()), now);
        }
        Node n = s.flow().node(s.node());
        if (n instanceof Node.Menu m) {
            return menuInput(s, m, input, now);
        }
        if (n instanceof Node.Collect c && input instanceof Input.Digits d) {
            return collectInput(s, c, d.digits(), now);
        }
        if (input instanceof Input.Outcome o) {
            CallState next = s.with(apply(s.vars(), o.result()));
            Node.Edge edge = n instanceof Node.Action a
                    ? a.outcomes().getOrDefault(o.result().outcome(), a.next())
                    : n instanceof Node.Http h ? (o.result().outcome().equals("ok") ? h.next() : h.error()) : null;
            if (edge == null) {
                throw new FlowsException("node " + n.id() + " cannot take an outcome");
            }
            return enter(next, edge, now);
        }
        if (n instanceof Node.Play p) {
            Step next = enter(s, p.next(), now);
            // Type-ahead: a key that interrupted a prompt answers the menu right after it.
            if (input instanceof Input.Key k
                    && next.effect() instanceof Effect.Prompt
                    && next.state().flow().node(next.state().node()) instanceof Node.Menu m) {
                return menuInput(next.state(), m, k, now);
            }
            return next;
        }
        if (n instanceof Node.Say p) {
            return enter(s, p.next(), now);
        }
        if (n instanceof Node.SetVars p) {
            return enter(s, p.next(), now);
        }
        throw new FlowsException("node " + n.id() + " of type " + n.getClass().getSimpleName()
                + " got unexpected input " + input.getClass().getSimpleName());
    }

    private static Vars apply(Vars vars, ActionResult r) {
        Vars v = vars.withAll(r.vars());
        for (String c : r.clear()) {
            v = v.without(c);
        }
        return v;
    }

    private Step menuInput(CallState s, Node.Menu m, Input input, Instant now) {
        if (input instanceof Input.Key k) {
            Node.Edge choice = m.choices().get(k.key());
            if (choice != null) {
                Vars v = passed(s.vars(), label(m)).with("last_choice", String.valueOf(k.key()));
                return enter(s.with(v), choice, now);
            }
            if (k.key() == '*') {
                return new Step(s, menuPrompt(s, m, List.of()));
            }
            if (k.key() == '0') {
                return enter(s.with(s.vars().with("transfer_reason", "operator")), or(m.operator(), s.flow()), now);
            }
            return retry(s, m, s.noInput(), s.noMatch() + 1, m.noMatch(), now);
        }
        if (input instanceof Input.NoKey) {
            return retry(s, m, s.noInput() + 1, s.noMatch(), m.noInput(), now);
        }
        throw new FlowsException("menu " + m.id() + " got unexpected input " + input);
    }

    private Step retry(CallState s, Node.Menu m, int ni, int nm, List<String> escalation, Instant now) {
        CallState next = failed(s, label(m)).counts(ni, nm);
        if (ni + nm >= m.retries()) {
            return enter(next.with(next.vars().with("transfer_reason", "retries")), or(m.exhausted(), s.flow()), now);
        }
        return new Step(next, menuPrompt(next, m, pick(escalation, ni + nm)));
    }

    /**
     * Counts a failed input and remembers where it happened in {@code failed_at} (what the agent sees as "failed at
     * card expiry"); {@link #passed} forgets it once the caller gets through that step.
     */
    private static CallState failed(CallState s, String step) {
        String n = s.vars().text("failed_attempts");
        int count = n.isEmpty() ? 0 : Integer.parseInt(n);
        return s.with(
                s.vars().with("failed_attempts", String.valueOf(count + 1)).with("failed_at", step));
    }

    private static Vars passed(Vars v, String step) {
        return v.text("failed_at").equals(step) ? v.without("failed_at") : v;
    }

    /** The step's name for people: a collect's variable ({@code card expiry}), else the node id. */
    static String label(Node n) {
        String raw = n instanceof Node.Collect c ? c.variable() : n.id();
        String l = raw.replace('_', ' ').replace('-', ' ');
        return l.length() > 64 ? l.substring(0, 64) : l;
    }

    private static List<String> pick(List<String> escalation, int attempt) {
        if (escalation.isEmpty()) {
            return List.of();
        }
        return List.of(escalation.get(Math.min(attempt, escalation.size()) - 1));
    }

    private Effect.Prompt menuPrompt(CallState s, Node.Menu m, List<String> before) {
        List<String> all = new ArrayList<>(before);
        all.addAll(m.prompts());
        return new Effect.Prompt(files(s, all), ALL_KEYS, Optional.of(m.timeout()));
    }

    private Step collectInput(CallState s, Node.Collect c, String digits, Instant now) {
        if (digits.isEmpty()) {
            return collectRetry(s, c, s.noInput() + 1, s.noMatch(), c.noInput(), now);
        }
        if (digits.equals("0") && c.min() > 1) {
            // A lone 0 can never be a valid answer here: the caller wants a person (through the failure path, which
            // may clean up first, e.g. resume a paused recording).
            Node.Edge target = c.failure() != null ? c.failure() : or(null, s.flow());
            return enter(s.with(s.vars().with("transfer_reason", "operator")), target, now);
        }
        boolean ok = digits.length() >= c.min()
                && digits.length() <= c.max()
                && digits.chars().allMatch(Character::isDigit)
                && c.validator()
                        .map(v -> v.test(digits, s.vars(), now.atZone(dateZone).toLocalDate()))
                        .orElse(true);
        if (!ok) {
            return collectRetry(s, c, s.noInput(), s.noMatch() + 1, c.invalid(), now);
        }
        Vars v = c.sensitive()
                ? passed(s.vars(), label(c)).withSecret(c.variable(), SensitiveValue.of(digits))
                : passed(s.vars(), label(c)).with(c.variable(), digits);
        return enter(s.with(v), c.next(), now);
    }

    private Step collectRetry(CallState s, Node.Collect c, int ni, int nm, List<String> escalation, Instant now) {
        CallState next = failed(s, label(c)).counts(ni, nm);
        if (ni + nm >= c.retries()) {
            Node.Edge target = c.failure() != null ? c.failure() : or(null, s.flow());
            return enter(next.with(next.vars().with("transfer_reason", "retries")), target, now);
        }
        List<String> all = new ArrayList<>(pick(escalation, ni + nm));
        all.addAll(c.prompts());
        return new Step(next, new Effect.Collect(files(next, all), c.timeout(), c.max()));
    }

    private static Node.Edge or(Node.Edge edge, Flow flow) {
        if (edge != null) {
            return edge;
        }
        return flow.agent().orElseThrow(() -> new FlowsException("flow " + flow.name() + " has no agent node"));
    }

    /** Follows {@code edge} through nodes that need no AGI work until one does. */
    private Step enter(CallState s, Node.Edge edge, Instant now) {
        CallState state = s;
        Node.Edge e = edge;
        for (int i = 0; i < MAX_SILENT_STEPS; i++) {
            if (e.target().equals(Flow.END)) {
                if (state.stack().isEmpty()) {
                    return new Step(state, new Effect.End());
                }
                Frame f = state.stack().get(state.stack().size() - 1);
                List<Frame> rest = state.stack().subList(0, state.stack().size() - 1);
                state = new CallState(f.flow(), state.node(), state.vars(), 0, 0, rest);
                e = f.returnTo();
                continue;
            }
            state = state.at(e.target());
            Node n = state.flow().node(e.target());
            if (n instanceof Node.Play p) {
                return new Step(
                        state,
                        new Effect.Prompt(files(state, p.prompts()), p.bargeIn() ? ALL_KEYS : "", Optional.empty()));
            } else if (n instanceof Node.Menu m) {
                state = state.with(state.vars().with("last_menu", m.id()));
                return new Step(state, menuPrompt(state, m, List.of()));
            } else if (n instanceof Node.Collect c) {
                return new Step(state, new Effect.Collect(files(state, c.prompts()), c.timeout(), c.max()));
            } else if (n instanceof Node.Say say) {
                return new Step(state, new Effect.Say(sayParts(say, state.vars(), state.language()), state.language()));
            } else if (n instanceof Node.Branch b) {
                Node.Edge next = b.otherwise();
                for (Node.Case c : b.cases()) {
                    if (c.condition().test(state.vars())) {
                        next = c.next();
                        break;
                    }
                }
                e = next;
            } else if (n instanceof Node.SetVars set) {
                String before = state.language();
                Vars v = state.vars();
                for (Map.Entry<String, Node.SetVars.Value> en : set.values().entrySet()) {
                    String value = en.getValue() instanceof Node.SetVars.Computed c
                            ? c.expr().evalText(v)
                            : ((Node.SetVars.Text) en.getValue()).template().render(v);
                    v = v.with(en.getKey(), value);
                }
                state = state.with(v);
                if (set.values().containsKey("language") && !state.language().equals(before)) {
                    if (!state.flow().languages().contains(state.language())) {
                        throw new FlowsException(
                                "flow " + state.flow().name() + " does not declare language " + state.language());
                    }
                    return new Step(state, new Effect.SetLanguage(state.language()));
                }
                e = set.next();
            } else if (n instanceof Node.Http h) {
                Map<String, String> body = new java.util.LinkedHashMap<>();
                Vars v = state.vars();
                h.body().forEach((k, t) -> body.put(k, t.render(v)));
                return new Step(state, new Effect.Http(h, h.url().render(v), body));
            } else if (n instanceof Node.Action a) {
                Map<String, String> args = new java.util.LinkedHashMap<>();
                Vars v = state.vars();
                a.args().forEach((k, t) -> args.put(k, t.render(v)));
                return new Step(state, new Effect.RunAction(a.name(), args));
            } else if (n instanceof Node.Hours h) {
                e = isOpen(h, now) ? h.open() : h.closed();
            } else if (n instanceof Node.Transfer t) {
                Vars v = state.vars();
                return new Step(
                        state,
                        new Effect.Transfer(t.group().render(v), t.intent().render(v), t.application()));
            } else if (n instanceof Node.Goto g) {
                e = g.target();
            } else if (n instanceof Node.Subflow sf) {
                Flow sub = flows.apply(sf.flow()).orElseThrow(() -> new FlowsException("unknown subflow " + sf.flow()));
                List<Frame> stack = new ArrayList<>(state.stack());
                stack.add(new Frame(state.flow(), sf.next()));
                state = new CallState(sub, sub.start().target(), state.vars(), 0, 0, stack);
                e = sub.start();
            } else if (n instanceof Node.Hangup h) {
                return new Step(state, new Effect.Hangup(files(state, h.prompts())));
            }
        }
        throw new FlowsException("flow " + state.flow().name() + " ran " + MAX_SILENT_STEPS
                + " nodes without caller input at '" + state.node() + "'");
    }

    static boolean isOpen(Node.Hours h, Instant now) {
        ZonedDateTime t = now.atZone(h.zone());
        if (h.holidays().contains(t.toLocalDate()) || h.yearlyHolidays().contains(java.time.MonthDay.from(t))) {
            return false;
        }
        for (Node.TimeRange r : h.week().getOrDefault(t.getDayOfWeek(), List.of())) {
            if (!t.toLocalTime().isBefore(r.from()) && t.toLocalTime().isBefore(r.to())) {
                return true;
            }
        }
        return false;
    }

    private List<SayPart> sayParts(Node.Say say, Vars vars, String language) {
        String value = say.value().render(vars);
        if (say.value().soleVariable().map(vars::isSecret).orElse(false)) {
            throw new FlowsException("say node " + say.id() + " refuses to speak a sensitive variable");
        }
        try {
            switch (say.kind()) {
                case NUMBER:
                    return SayPhrases.number(value);
                case DIGITS:
                    return SayPhrases.digits(value);
                case DATE:
                    return SayPhrases.date(value, dateZone);
                default:
                    return SayPhrases.currency(
                            new BigDecimal(value.trim()), say.currency().render(vars), language);
            }
        } catch (RuntimeException e) {
            throw new FlowsException("say node " + say.id() + " cannot speak '" + value + "' as " + say.kind(), e);
        }
    }

    /** Resolves catalog prompt names to the files Asterisk plays, in the call's language. */
    List<String> files(CallState s, List<String> prompts) {
        List<String> out = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            String name = p.contains("${") ? Template.parse(p).render(s.vars()) : p;
            out.add(file(name, s.language()));
        }
        return out;
    }

    String file(String prompt, String language) {
        return prompt.contains("/") ? prompt : promptBase + "/" + language + "/" + prompt;
    }
}
