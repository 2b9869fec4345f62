package org.centralita.dialer.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What the live call path needs beyond the pacing settings: dialplan places, the abandon message and the
 * answering-machine policy.
 *
 * @param abandonContext dialplan context a person is redirected to when abandoned; it runs the
 *     {@code dialer-abandon} FastAGI script
 * @param machineContext dialplan context a machine is redirected to when the campaign leaves a message
 * @param leaveMachineMessage whether a machine gets the message instead of a plain hang-up
 * @param machineMessagePrompt sound file the machine context plays (set as {@code CENTRALITA_MACHINE_MESSAGE})
 * @param abandonPrompt recorded sound file naming the company ("This is ACME calling ...")
 * @param callbackNumber number the abandon message reads out, digit by digit
 * @param optOutKey the DTMF key that puts the number on the do-not-call list
 * @param optOutPrompt sound file inviting the opt-out key
 * @param optOutConfirmPrompt sound file confirming the opt-out
 * @param prefetch how many claimed contacts the lead source keeps ready in memory
 * @param claimInterval how often the lead source claims even when its buffer is full (callbacks, at most 30 s)
 * @param holdLimit longest a person is held in {@code dialer-connect} or {@code inbound} before the script gives up
 */
public record CallPathSettings(
        String abandonContext,
        String machineContext,
        boolean leaveMachineMessage,
        String machineMessagePrompt,
        String abandonPrompt,
        String callbackNumber,
        char optOutKey,
        String optOutPrompt,
        String optOutConfirmPrompt,
        int prefetch,
        Duration claimInterval,
        Duration holdLimit) {

    public CallPathSettings {
        requireText(abandonContext, "abandonContext");
        requireText(machineContext, "machineContext");
        requireText(abandonPrompt, "abandonPrompt");
        Objects.requireNonNull(machineMessagePrompt, "machineMessagePrompt");
        if (callbackNumber == null || !callbackNumber.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("callbackNumber must be 3 to 20 digits, was " + callbackNumber);
        }
        if ("0123456789*#".indexOf(optOutKey) < 0) {
            throw new IllegalArgumentException("optOutKey must be a DTMF key, was '" + optOutKey + "'");
        }
        requireText(optOutPrompt, "optOutPrompt");
        requireText(optOutConfirmPrompt, "optOutConfirmPrompt");
        if (prefetch < 1 || prefetch > 1000) {
            throw new IllegalArgumentException("prefetch must be within [1, 1000], was " + prefetch);
        }
        if (claimInterval == null
                || claimInterval.compareTo(Duration.ofMillis(100)) < 0
                || claimInterval.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("claimInterval must be within [100 ms, 30 s], was " + claimInterval);
        }
        if (holdLimit == null || holdLimit.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("holdLimit must be at least 1 s, was " + holdLimit);
        }
        if (leaveMachineMessage && machineMessagePrompt.isBlank()) {
            throw new IllegalArgumentException("leaveMachineMessage needs a machineMessagePrompt");
        }
    }

    /**
     * Returns the defaults: contexts {@code centralita-abandon} and {@code centralita-machine}, machines hung up,
     * opt-out key 9, 20 contacts prefetched, a claim every 5 s, people held at most 60 s.
     */
    public static CallPathSettings defaults(String callbackNumber) {
        return new CallPathSettings(
                "centralita-abandon",
                "centralita-machine",
                false,
                "",
                "centralita/abandon-company",
                callbackNumber,
                '9',
                "centralita/abandon-optout",
                "centralita/optout-done",
                20,
                Duration.ofSeconds(5),
                Duration.ofSeconds(60));
    }

    /** Returns a copy that leaves {@code prompt} on answering machines instead of hanging up. */
    public CallPathSettings withMachineMessage(String prompt) {
        return new CallPathSettings(
                abandonContext,
                machineContext,
                true,
                prompt,
                abandonPrompt,
                callbackNumber,
                optOutKey,
                optOutPrompt,
                optOutConfirmPrompt,
                prefetch,
                claimInterval,
                holdLimit);
    }

    /** Returns a copy with another prefetch size and claim interval. */
    public CallPathSettings withClaiming(int prefetchSize, Duration interval) {
        return new CallPathSettings(
                abandonContext,
                machineContext,
                leaveMachineMessage,
                machineMessagePrompt,
                abandonPrompt,
                callbackNumber,
                optOutKey,
                optOutPrompt,
                optOutConfirmPrompt,
                prefetchSize,
                interval,
                holdLimit);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
