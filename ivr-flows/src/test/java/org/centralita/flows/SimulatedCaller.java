package org.centralita.flows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.testing.AgiReplies;

/**
 * A caller for {@code ScriptedAgiSession.otherwise}: answers every command like Asterisk would, and takes keypad
 * input in order from a list: one entry per WAIT FOR DIGIT (one key, or "" for a timeout) or GET DATA (digits,
 * or "" for a timeout). Prompts play to the end.
 */
final class SimulatedCaller implements Function<String, AgiReply> {

    private final Deque<String> inputs;
    private String recordingFile = "";

    SimulatedCaller(List<String> inputs) {
        this.inputs = new ArrayDeque<>(inputs);
    }

    SimulatedCaller recording(String file) {
        this.recordingFile = file;
        return this;
    }

    int remaining() {
        return inputs.size();
    }

    @Override
    public AgiReply apply(String command) {
        if (command.startsWith("WAIT FOR DIGIT")) {
            String k = next();
            return k.isEmpty() ? AgiReplies.ok() : AgiReplies.parse("200 result=" + (int) k.charAt(0));
        }
        if (command.startsWith("GET DATA")) {
            String d = next();
            return d.isEmpty() ? AgiReplies.timeout() : AgiReplies.data(d);
        }
        if (command.startsWith("GET FULL VARIABLE")) {
            return AgiReplies.variable("1700000000.0");
        }
        if (command.equals("GET VARIABLE MIXMONITOR_FILENAME")) {
            return recordingFile.isEmpty() ? AgiReplies.ok() : AgiReplies.variable(recordingFile);
        }
        if (command.startsWith("SET VARIABLE") || command.equals("HANGUP")) {
            return AgiReplies.one();
        }
        return AgiReplies.ok();
    }

    private String next() {
        if (inputs.isEmpty()) {
            return "";
        }
        return inputs.poll();
    }
}
