package org.centralita.gateway.call;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Places and controls calls. The dialer depends only on this interface; the real implementation speaks
 * AMI to Asterisk and the simulated one runs calls on a {@link Scheduler} with virtual or real time.
 */
public interface CallControl {

    /**
     * Places a call and completes when it is answered or has failed.
     *
     * <p>The future fails only when the request could not be placed at all (not connected, action rejected,
     * timeout); busy, no answer and so on complete it normally with that {@link CallOutcome}.
     */
    Future<OriginateResult> originate(OriginateRequest request);

    /** Hangs up a channel with the given Asterisk hangup cause (16 = normal clearing). */
    Future<Void> hangup(String channel, int cause);

    /** Joins two up channels in a bridge (AMI {@code Bridge}). */
    Future<Void> bridge(String channel1, String channel2);

    /** Sends a channel to another place in the dialplan (AMI {@code Redirect}). */
    Future<Void> redirect(String channel, String context, String exten, int priority);

    /** Reads a channel variable; empty if it is unset. */
    Future<Optional<String>> getVar(String channel, String variable);

    /** Sets a channel variable. */
    Future<Void> setVar(String channel, String variable, String value);

    /** Registers a listener for call and connection events; close the returned handle to stop. */
    AutoCloseable onEvent(Consumer<CallEvent> listener);

    /** Returns whether calls can be placed now. */
    boolean isConnected();
}
