package org.centralita.dialer;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A campaign's dialling settings.
 *
 * @param campaignId campaign id (set as a channel variable on every call)
 * @param callerId caller ID presented
 * @param dialTemplate dial string with {@code {phone}}, e.g. {@code PJSIP/{phone}@trunk}
 * @param context dialplan context answered calls continue in (AMD, then the dialer-connect FastAGI)
 * @param exten extension in that context
 * @param ringTimeout how long unanswered calls ring (at least 15 s)
 * @param connectDeadline how long a person may wait for an agent before the call is abandoned (0 allowed)
 * @param abandonTarget the abandon-rate cap (0.03)
 * @param wrapUpLimit wrap-up ends automatically after this (zero: never)
 * @param abandonRecallDelay an abandoned contact is not recalled before this (72 h)
 * @param machineRetryDelay retry delay after a machine
 * @param busyRetryDelay retry delay after busy, failed or no answer
 * @param amdEnabled whether the dialplan runs AMD before the dialer-connect script
 * @param amdFalseMachineShare assumed share of AMD machine verdicts that are people (Ofcom adjustment)
 * @param maxLines channel limit for this campaign
 * @param zone time zone for hours of day (answer rate by hour, VICIdial's tapered time)
 * @param mode the dial mode
 */
public record CampaignSettings(
        String campaignId,
        String callerId,
        String dialTemplate,
        String context,
        String exten,
        Duration ringTimeout,
        Duration connectDeadline,
        double abandonTarget,
        Duration wrapUpLimit,
        Duration abandonRecallDelay,
        Duration machineRetryDelay,
        Duration busyRetryDelay,
        boolean amdEnabled,
        double amdFalseMachineShare,
        int maxLines,
        ZoneOffset zone,
        DialMode mode) {

    public CampaignSettings {
        if (campaignId == null || campaignId.isBlank()) {
            throw new IllegalArgumentException("campaignId must not be blank");
        }
        callerId = callerId == null ? "" : callerId;
        if (dialTemplate == null || !dialTemplate.contains("{phone}")) {
            throw new IllegalArgumentException("dialTemplate must contain {phone}, was " + dialTemplate);
        }
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(exten, "exten");
        if (ringTimeout == null || ringTimeout.compareTo(Duration.ofSeconds(15)) < 0) {
            throw new IllegalArgumentException("ringTimeout must be at least 15 s, was " + ringTimeout);
        }
        if (connectDeadline == null || connectDeadline.isNegative()) {
            throw new IllegalArgumentException("connectDeadline must be 0 or more, was " + connectDeadline);
        }
        if (!(abandonTarget > 0 && abandonTarget < 1)) {
            throw new IllegalArgumentException("abandonTarget must be in (0, 1), was " + abandonTarget);
        }
        Objects.requireNonNull(wrapUpLimit, "wrapUpLimit");
        Objects.requireNonNull(abandonRecallDelay, "abandonRecallDelay");
        Objects.requireNonNull(machineRetryDelay, "machineRetryDelay");
        Objects.requireNonNull(busyRetryDelay, "busyRetryDelay");
        if (!(amdFalseMachineShare >= 0 && amdFalseMachineShare < 1)) {
            throw new IllegalArgumentException("amdFalseMachineShare must be in [0, 1), was " + amdFalseMachineShare);
        }
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be >= 1, was " + maxLines);
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(mode, "mode");
    }

    /** Returns settings with the product defaults (2 s deadline, 3% cap, 72 h recall, 25 s ring, AMD on). */
    public static CampaignSettings defaults(String campaignId, DialMode mode) {
        return new CampaignSettings(
                campaignId,
                "",
                "PJSIP/{phone}@trunk",
                "centralita-dialer",
                "s",
                Duration.ofSeconds(25),
                Duration.ofSeconds(2),
                0.03,
                Duration.ofSeconds(120),
                Duration.ofHours(72),
                Duration.ofHours(4),
                Duration.ofMinutes(30),
                true,
                0.03,
                500,
                ZoneOffset.UTC,
                mode);
    }

    /** Returns a copy with another dial mode. */
    public CampaignSettings withMode(DialMode m) {
        return new CampaignSettings(
                campaignId,
                callerId,
                dialTemplate,
                context,
                exten,
                ringTimeout,
                connectDeadline,
                abandonTarget,
                wrapUpLimit,
                abandonRecallDelay,
                machineRetryDelay,
                busyRetryDelay,
                amdEnabled,
                amdFalseMachineShare,
                maxLines,
                zone,
                m);
    }

    /** Returns a copy with another connect deadline, abandon target, ring timeout and AMD settings. */
    public CampaignSettings withCalling(
            Duration ring, Duration deadline, double target, boolean amd, double falseMachineShare) {
        return new CampaignSettings(
                campaignId,
                callerId,
                dialTemplate,
                context,
                exten,
                ring,
                deadline,
                target,
                wrapUpLimit,
                abandonRecallDelay,
                machineRetryDelay,
                busyRetryDelay,
                amd,
                falseMachineShare,
                maxLines,
                zone,
                mode);
    }

    /** Returns a copy with another wrap-up limit and line limit. */
    public CampaignSettings withLimits(Duration wrapLimit, int lines) {
        return new CampaignSettings(
                campaignId,
                callerId,
                dialTemplate,
                context,
                exten,
                ringTimeout,
                connectDeadline,
                abandonTarget,
                wrapLimit,
                abandonRecallDelay,
                machineRetryDelay,
                busyRetryDelay,
                amdEnabled,
                amdFalseMachineShare,
                lines,
                zone,
                mode);
    }
}
