package org.centralita.flows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks the graph and resources of a parsed flow: dangling targets, unreachable nodes, loops with no input,
 * menus with no way to a person, prompts missing in a declared language, unknown actions and subflows.
 */
final class FlowValidator {

    private FlowValidator() {}

    /**
     * Returns the problems of {@code flow}.
     *
     * @param prompts the prompt catalog
     * @param actions whether an action name is registered
     * @param flows whether a flow name exists (for subflows)
     */
    static List<Problem> check(Flow flow, PromptCatalog prompts, Predicate<String> actions, Predicate<String> flows) {
        List<Problem> out = new ArrayList<>();
        String f = flow.file();
        Map<String, Node> nodes = flow.nodes();
        Map<String, List<Node.Edge>> graph = new HashMap<>();
        for (Node n : nodes.values()) {
            graph.put(n.id(), edges(flow, n));
        }
        checkTarget(f, nodes, flow.start(), out);
        flow.agent().ifPresent(a -> checkTarget(f, nodes, a, out));
        for (Node n : nodes.values()) {
            for (Node.Edge e : n.edges()) {
                checkTarget(f, nodes, e, out);
            }
            if (n instanceof Node.Menu m && m.operator() == null && flow.agent().isEmpty()) {
                out.add(Problem.at(
                        f,
                        m.loc(),
                        "menu '" + m.id() + "' has no way to a person: set 'operator:' or the flow's 'agent:'"));
            }
            if (n instanceof Node.Menu m
                    && m.exhausted() == null
                    && flow.agent().isEmpty()) {
                out.add(Problem.at(
                        f, m.loc(), "menu '" + m.id() + "' has no 'exhausted:' target and the flow has no 'agent:'"));
            }
            if (n instanceof Node.Collect c
                    && c.failure() == null
                    && flow.agent().isEmpty()) {
                out.add(Problem.at(
                        f, c.loc(), "collect '" + c.id() + "' has no 'failure:' target and the flow has no 'agent:'"));
            }
            if (n instanceof Node.Action a && !actions.test(a.name())) {
                out.add(Problem.at(f, a.loc(), "unknown action '" + a.name() + "'"));
            }
            if (n instanceof Node.Subflow s && !s.flow().isEmpty() && !flows.test(s.flow())) {
                out.add(Problem.at(f, s.flowLoc(), "unknown flow '" + s.flow() + "'"));
            }
            for (String p : n.allPrompts()) {
                checkPrompt(flow, n, p, prompts, out);
            }
            if (n instanceof Node.Say s && s.kind() == Node.SayKind.CURRENCY) {
                for (String p : SayPhrases.promptsFor(
                        s.currency().isLiteral() ? s.currency().source() : null)) {
                    checkPrompt(flow, n, p, prompts, out);
                }
            }
        }
        Set<String> reached = reachable(flow, graph);
        for (Node n : nodes.values()) {
            if (!reached.contains(n.id())) {
                out.add(Problem.at(
                        f,
                        n.loc(),
                        "node '" + n.id() + "' is unreachable from '"
                                + flow.start().target() + "'"));
            }
        }
        out.addAll(loopsWithoutInput(flow, graph));
        return out;
    }

    private static void checkPrompt(Flow flow, Node n, String p, PromptCatalog prompts, List<Problem> out) {
        if (p.contains("/") || p.contains("${")) {
            return;
        }
        for (String lang : flow.languages()) {
            if (!prompts.has(lang, p)) {
                out.add(Problem.at(
                        flow.file(),
                        n.loc(),
                        "prompt '" + p + "' of node '" + n.id() + "' is missing in language '" + lang + "'"));
            }
        }
    }

    private static void checkTarget(String file, Map<String, Node> nodes, Node.Edge e, List<Problem> out) {
        if (!e.target().equals(Flow.END) && !nodes.containsKey(e.target())) {
            out.add(Problem.at(file, e.loc(), "'" + e.target() + "' is not a node of this flow (dangling next)"));
        }
    }

    /** The edges a node can take at run time, including the implicit ones to the flow's agent node. */
    private static List<Node.Edge> edges(Flow flow, Node n) {
        List<Node.Edge> out = new ArrayList<>(n.edges());
        boolean implicitAgent = (n instanceof Node.Menu m && (m.operator() == null || m.exhausted() == null))
                || (n instanceof Node.Collect c && c.failure() == null);
        if (implicitAgent) {
            flow.agent().ifPresent(out::add);
        }
        out.removeIf(e -> e.target().equals(Flow.END));
        return out;
    }

    private static Set<String> reachable(Flow flow, Map<String, List<Node.Edge>> graph) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(flow.start().target());
        // The agent node is always live: the engine sends the caller there when a node fails.
        flow.agent().ifPresent(a -> todo.add(a.target()));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (id.equals(Flow.END) || !seen.add(id)) {
                continue;
            }
            for (Node.Edge e : graph.getOrDefault(id, List.of())) {
                todo.add(e.target());
            }
        }
        return seen;
    }

    /** Finds cycles made only of nodes that never wait for the caller (they would spin forever). */
    private static List<Problem> loopsWithoutInput(Flow flow, Map<String, List<Node.Edge>> graph) {
        List<Problem> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (String id : flow.nodes().keySet()) {
            if (!flow.nodes().get(id).takesInput() && !state.containsKey(id)) {
                dfs(flow, graph, id, state, new ArrayList<>(), reported, out);
            }
        }
        return out;
    }

    private static void dfs(
            Flow flow,
            Map<String, List<Node.Edge>> graph,
            String id,
            Map<String, Integer> state,
            List<String> path,
            Set<String> reported,
            List<Problem> out) {
        state.put(id, 1);
        path.add(id);
        for (Node.Edge e : graph.getOrDefault(id, List.of())) {
            Node next = flow.nodes().get(e.target());
            if (next == null || next.takesInput()) {
                continue;
            }
            Integer s = state.get(next.id());
            if (s == null) {
                dfs(flow, graph, next.id(), state, path, reported, out);
            } else if (s == 1 && reported.add(next.id())) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next.id()), path.size()));
                cycle.add(next.id());
                out.add(Problem.at(flow.file(), e.loc(), "loop with no input: " + String.join(" -> ", cycle)));
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
    }
}
