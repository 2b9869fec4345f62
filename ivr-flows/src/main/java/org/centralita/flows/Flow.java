package org.centralita.flows;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated flow, an immutable value: a call keeps the {@code Flow} it started with even if the file is
 * reloaded meanwhile.
 *
 * @param name the flow name (the AGI script name that reaches it)
 * @param file the file it was loaded from, for messages
 * @param version a digest of the file's bytes, to tell versions apart in logs
 * @param languages the languages it declares (each needs every prompt in the catalog); the first is the default
 * @param start the first node
 * @param agent the node that reaches a person ({@code 0} in menus, retries exhausted), if declared
 * @param nodes the nodes by id, in file order
 */
public record Flow(
        String name,
        String file,
        String version,
        List<String> languages,
        Node.Edge start,
        Optional<Node.Edge> agent,
        Map<String, Node> nodes) {

    /** The reserved target that ends the flow (returns from a subflow, or to the dialplan). */
    public static final String END = "end";

    public Flow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(version, "version");
        languages = List.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException("a flow declares at least one language");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(agent, "agent");
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** Returns the default (first declared) language. */
    public String defaultLanguage() {
        return languages.get(0);
    }

    /** Returns a node by id. */
    public Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new FlowsException("flow " + name + " has no node '" + id + "'");
        }
        return n;
    }
}
