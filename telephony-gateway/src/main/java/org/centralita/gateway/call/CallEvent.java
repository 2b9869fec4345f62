package org.centralita.gateway.call;

/**
 * Something that happened to a call or to the connection to Asterisk. Delivered on the owner's Vert.x
 * context (real) or on the scheduler's thread (simulated), never on a library thread.
 */
public sealed interface CallEvent {

    /** Time of the event, in the {@link Scheduler}'s milliseconds. */
    long atMillis();

    /** The connection to Asterisk went up or down. While down, no originate can succeed. */
    record ConnectionChanged(long atMillis, boolean connected) implements CallEvent {}

    /** A channel changed state (e.g. {@code Ringing}, {@code Up}). */
    record ChannelState(long atMillis, String uniqueId, String linkedId, String channel, String state)
            implements CallEvent {}

    /** Answering-machine detection finished on a channel. */
    record AmdDetected(long atMillis, String uniqueId, String channel, boolean human, String cause)
            implements CallEvent {}

    /** Two channels were joined in a bridge. */
    record Bridged(long atMillis, String bridgeId, String channel1, String channel2) implements CallEvent {}

    /** A channel hung up, with Asterisk's hangup cause (16 normal clearing, 17 busy, 19 no answer, ...). */
    record ChannelHangup(long atMillis, String uniqueId, String linkedId, String channel, int cause, String causeText)
            implements CallEvent {}
}
