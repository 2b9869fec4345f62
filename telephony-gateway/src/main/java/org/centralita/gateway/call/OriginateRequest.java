package org.centralita.gateway.call;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to dial and where to send the answered call.
 *
 * @param callId our correlation id for this call attempt (unique; used to build the AMI ActionID)
 * @param destination the dial string, e.g. {@code PJSIP/+34612345678@trunk} or {@code Local/s@customer-sim}
 * @param context dialplan context the answered channel continues in
 * @param exten extension in that context
 * @param priority priority in that extension (1 or more)
 * @param callerId caller ID to present, e.g. {@code "Encuestas" <+34910000000>}; may be empty
 * @param ringTimeout how long to ring before giving up
 * @param variables channel variables to set on the call, in order
 */
public record OriginateRequest(
        String callId,
        String destination,
        String context,
        String exten,
        int priority,
        String callerId,
        Duration ringTimeout,
        Map<String, String> variables) {

    public OriginateRequest {
        requireText(callId, "callId");
        requireText(destination, "destination");
        requireText(context, "context");
        requireText(exten, "exten");
        if (priority < 1) {
            throw new IllegalArgumentException("priority must be 1 or more, was " + priority);
        }
        callerId = callerId == null ? "" : callerId;
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("ringTimeout must be positive, was " + ringTimeout);
        }
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        for (var e : variables.entrySet()) {
            requireText(e.getKey(), "variable name");
            Objects.requireNonNull(e.getValue(), () -> "value of variable " + e.getKey());
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
