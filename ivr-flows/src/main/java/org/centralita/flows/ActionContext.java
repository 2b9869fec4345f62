package org.centralita.flows;

import java.util.Map;
import java.util.Objects;
import org.centralita.gateway.agi.AgiSession;

/**
 * What an action sees: the call's variables (secrets included, as {@link SensitiveValue}s), its rendered
 * arguments (secrets masked), and the AGI session for actions that drive the channel (recording pause).
 *
 * @param callId the call's uniqueid
 * @param flow the flow name
 * @param node the action node id
 * @param args the node's {@code args:}, rendered
 * @param vars the call's variables
 * @param session the live AGI session
 */
public record ActionContext(
        String callId, String flow, String node, Map<String, String> args, Vars vars, AgiSession session) {
    public ActionContext {
        Objects.requireNonNull(callId, "callId");
        args = Map.copyOf(args);
        Objects.requireNonNull(vars, "vars");
        Objects.requireNonNull(session, "session");
    }

    /** Returns an argument, or {@code def} if absent or empty. */
    public String arg(String name, String def) {
        String v = args.get(name);
        return v == null || v.isEmpty() ? def : v;
    }
}
