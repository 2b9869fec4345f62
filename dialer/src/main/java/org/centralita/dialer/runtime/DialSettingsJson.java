package org.centralita.dialer.runtime;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import org.centralita.campaigns.Campaign;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;
import org.centralita.dialer.DialerException;

/**
 * Reads a campaign's pacing settings: the dial mode and caller ID from its spec, the rest from the spec's
 * {@code dialSettings} JSON (owned by the dialer; every key optional, product defaults otherwise):
 * {@code dialTemplate}, {@code context}, {@code exten}, {@code ringTimeoutSeconds} (at least 15),
 * {@code connectDeadlineMillis} (0 or more), {@code wrapUpSeconds}, {@code amd}, {@code maxLines},
 * {@code linesPerAgent} (ratio), {@code safetyMargin} (predictive), {@code channelLimit} (agentless, default
 * 10).
 */
final class DialSettingsJson {

    static final Set<String> KEYS = Set.of(
            "dialTemplate",
            "context",
            "exten",
            "ringTimeoutSeconds",
            "connectDeadlineMillis",
            "wrapUpSeconds",
            "amd",
            "maxLines",
            "linesPerAgent",
            "safetyMargin",
            "channelLimit");

    private DialSettingsJson() {}

    /** Returns the campaign's pacing settings; fails with a clear message on a bad key or value. */
    static CampaignSettings of(Campaign campaign) {
        JsonObject j;
        try {
            j = new JsonObject(campaign.spec().dialSettings());
        } catch (DecodeException e) {
            throw new DialerException("campaign " + campaign.id() + ": dialSettings is not a JSON object", e);
        }
        for (String k : j.fieldNames()) {
            if (!KEYS.contains(k)) {
                throw new DialerException("campaign " + campaign.id() + ": unknown dialSettings key '" + k
                        + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        try {
            DialMode mode = mode(campaign.spec().dialMode(), j);
            CampaignSettings d = CampaignSettings.defaults(String.valueOf(campaign.id()), mode);
            String callerId =
                    campaign.spec().callerId() == null ? "" : campaign.spec().callerId();
            return new CampaignSettings(
                    d.campaignId(),
                    callerId,
                    j.getString("dialTemplate", d.dialTemplate()),
                    j.getString("context", d.context()),
                    j.getString("exten", d.exten()),
                    Duration.ofSeconds(
                            j.getLong("ringTimeoutSeconds", d.ringTimeout().toSeconds())),
                    Duration.ofMillis(j.getLong(
                            "connectDeadlineMillis", d.connectDeadline().toMillis())),
                    Math.min(campaign.spec().abandonTarget(), 0.99),
                    Duration.ofSeconds(
                            j.getLong("wrapUpSeconds", d.wrapUpLimit().toSeconds())),
                    d.abandonRecallDelay(),
                    d.machineRetryDelay(),
                    d.busyRetryDelay(),
                    j.getBoolean("amd", d.amdEnabled()),
                    d.amdFalseMachineShare(),
                    j.getInteger("maxLines", d.maxLines()),
                    ZoneOffset.UTC,
                    mode);
        } catch (DialerException e) {
            throw e;
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new DialerException("campaign " + campaign.id() + ": bad dialSettings: " + e.getMessage(), e);
        }
    }

    private static DialMode mode(String name, JsonObject j) {
        return switch (name) {
            case "preview" -> new DialMode.Preview();
            case "progressive" -> new DialMode.Progressive();
            case "ratio" -> new DialMode.Ratio(j.getDouble("linesPerAgent", 2.0));
            case "adaptive" -> DialMode.Adaptive.vicidialDefaults();
            case "predictive" ->
                j.containsKey("safetyMargin")
                        ? new DialMode.Predictive(j.getDouble("safetyMargin"))
                        : DialMode.Predictive.defaults();
            case "agentless" -> new DialMode.Agentless(j.getInteger("channelLimit", 10));
            default -> throw new IllegalArgumentException("unknown dial mode '" + name + "'");
        };
    }
}
