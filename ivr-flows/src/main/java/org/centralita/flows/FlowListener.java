package org.centralita.flows;

/**
 * Observes the engine, for traces and metrics. Values are already masked: secrets never reach a listener in
 * clear. Called on the call's thread; implementations must be fast and must not block.
 */
public interface FlowListener {

    /** A call entered node {@code node} of {@code flow}; {@code vars} masks secrets. */
    default void onNode(String callId, String flow, String node, Vars vars) {}

    /** The time from an AGI reply (or the call start) to the next command the engine sent. */
    default void onDecision(String callId, long nanos) {}

    /** The call ended: {@code how} is {@code end}, {@code hangup}, {@code caller-hangup}, {@code transfer} or {@code error}. */
    default void onEnd(String callId, String flow, String how) {}

    /** A listener that does nothing. */
    FlowListener NONE = new FlowListener() {};
}
