package org.centralita.dialer.agentless;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.testing.AgiReplies;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;

/**
 * A person with a keypad for {@code ScriptedAgiSession.otherwise}: one input per WAIT FOR DIGIT (a key, or "" for
 * silence) or GET DATA (digits, or "" for silence); "H" hangs up at that point. The dialer's channel variables are
 * answered from a map. Prompts play to the end.
 */
final class KeypadCaller implements Function<String, AgiReply> {

    private final Deque<String> inputs;
    private final Map<String, String> channelVars;
    private ScriptedAgiSession session;

    KeypadCaller(Map<String, String> channelVars, List<String> inputs) {
        this.channelVars = channelVars;
        this.inputs = new ArrayDeque<>(inputs);
    }

    ScriptedAgiSession session() {
        session = ScriptedAgiSession.builder()
                .script("survey")
                .uniqueId("1700000000.1")
                .build();
        session.otherwise(this);
        return session;
    }

    int remaining() {
        return inputs.size();
    }

    @Override
    public AgiReply apply(String command) {
        if (command.startsWith("GET VARIABLE ")) {
            String v =
                    channelVars.get(command.substring("GET VARIABLE ".length()).replace("\"", ""));
            return v == null ? AgiReplies.ok() : AgiReplies.variable(v);
        }
        if (command.startsWith("WAIT FOR DIGIT")) {
            String k = next();
            if (k.equals("H")) {
                return hangUp();
            }
            return k.isEmpty() ? AgiReplies.ok() : AgiReplies.parse("200 result=" + (int) k.charAt(0));
        }
        if (command.startsWith("GET DATA")) {
            String d = next();
            if (d.equals("H")) {
                return hangUp();
            }
            return d.isEmpty() ? AgiReplies.timeout() : AgiReplies.data(d);
        }
        if (command.startsWith("SET VARIABLE") || command.equals("HANGUP")) {
            return AgiReplies.one();
        }
        return AgiReplies.ok();
    }

    private AgiReply hangUp() {
        session.callerHangsUp();
        return AgiReplies.parse("200 result=-1");
    }

    private String next() {
        return inputs.isEmpty() ? "" : inputs.poll();
    }
}
