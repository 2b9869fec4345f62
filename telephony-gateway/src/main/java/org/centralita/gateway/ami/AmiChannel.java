package org.centralita.gateway.ami;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One live Asterisk channel as the AMI client last saw it.
 *
 * @param uniqueId Asterisk's uniqueid
 * @param linkedId the linkedid (the uniqueid of the call's first channel)
 * @param channel the channel name, e.g. {@code Local/s@customer-sim-00000019;1}
 * @param state the state description, e.g. {@code Ring}, {@code Ringing}, {@code Up}
 * @param variables channel variables seen in {@code VarSet} events, in the order first seen
 */
public record AmiChannel(
        String uniqueId, String linkedId, String channel, String state, Map<String, String> variables) {
    public AmiChannel {
        Objects.requireNonNull(uniqueId, "uniqueId");
        linkedId = linkedId == null ? "" : linkedId;
        channel = channel == null ? "" : channel;
        state = state == null ? "" : state;
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Returns a copy in another state. */
    AmiChannel withState(String newState) {
        return new AmiChannel(uniqueId, linkedId, channel, newState, variables);
    }

    /** Returns a copy with another name. */
    AmiChannel withName(String newName) {
        return new AmiChannel(uniqueId, linkedId, newName, state, variables);
    }

    /** Returns a copy with one variable set. */
    AmiChannel withVariable(String name, String value) {
        var vars = new LinkedHashMap<>(variables);
        vars.put(name, value);
        return new AmiChannel(uniqueId, linkedId, channel, state, vars);
    }
}
