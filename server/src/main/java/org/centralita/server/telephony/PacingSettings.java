package org.centralita.server.telephony;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;

/**
 * A campaign's pacing settings as a telephony admin sets them: the dial mode and its parameters.
 *
 * <p>Validated in the constructor with {@link PacingSettingsException}s naming the field. The abandonment
 * target can never exceed the legal cap of 3% ({@link #LEGAL_ABANDON_CAP}), whoever asks.
 *
 * @param campaignId the campaign ({@code [A-Za-z0-9_.-]{1,64}})
 * @param mode preview, progressive, ratio, adaptive, predictive or agentless
 * @param abandonTarget target abandonment rate, in (0, 0.03]
 * @param connectDeadlineSeconds how long an answered person may wait for an agent, 0–2 s
 * @param ringTimeoutSeconds how long unanswered calls ring, 15–120 s
 * @param ratio lines per agent of the {@code ratio} mode, 1–10
 * @param maxLinesPerAgent ceiling of the dial level for {@code adaptive} (VICIdial's max level), 1–10
 * @param safetyMargin share of the target {@code predictive} keeps in reserve, 0–0.5
 * @param channelLimit simultaneous calls of the {@code agentless} mode, 1–1000
 * @param amd what happens to answered calls: no detection, hang up on machines, or leave a message
 * @param updatedBy who stored them last (null for defaults)
 * @param updatedAt when (null for defaults)
 */
public record PacingSettings(
        String campaignId,
        String mode,
        double abandonTarget,
        double connectDeadlineSeconds,
        double ringTimeoutSeconds,
        double ratio,
        double maxLinesPerAgent,
        double safetyMargin,
        int channelLimit,
        AmdTreatment amd,
        String updatedBy,
        Instant updatedAt) {

    /** The regulators' cap on abandonment (FTC per 30 days, Ofcom per 24 h): 3%. */
    public static final double LEGAL_ABANDON_CAP = 0.03;

    /** The dial modes a campaign can use. */
    public static final List<String> MODES =
            List.of("preview", "progressive", "ratio", "adaptive", "predictive", "agentless");

    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** What the dialer does with answered calls, by answering-machine detection. */
    public enum AmdTreatment {
        /** No AMD: every answered call goes to an agent. */
        OFF,
        /** AMD on; machines are hung up and retried later. */
        HANGUP,
        /** AMD on; machines get the campaign's recorded message. */
        MESSAGE;

        /** Returns the lower-case id used in JSON and SQL. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses an id, naming the allowed values on error. */
        public static AmdTreatment parse(String id) {
            for (AmdTreatment t : values()) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
            throw new PacingSettingsException("amd", "must be one of off, hangup, message; got \"" + id + "\"");
        }
    }

    /** Validates every field. */
    public PacingSettings {
        if (campaignId == null || !CAMPAIGN_ID.matcher(campaignId).matches()) {
            throw new PacingSettingsException("campaignId", "must be 1-64 letters, digits, '_', '.' or '-'");
        }
        if (mode == null || !MODES.contains(mode)) {
            throw new PacingSettingsException(
                    "mode", "must be one of " + String.join(", ", MODES) + "; got \"" + mode + "\"");
        }
        if (!(abandonTarget > 0)) {
            throw new PacingSettingsException("abandonTarget", "must be above 0, got " + abandonTarget);
        }
        if (abandonTarget > LEGAL_ABANDON_CAP + 1e-12) {
            throw new PacingSettingsException(
                    "abandonTarget", "must not exceed the legal cap of 3% (0.03); got " + percent(abandonTarget), true);
        }
        range("connectDeadlineSeconds", connectDeadlineSeconds, 0, 2);
        range("ringTimeoutSeconds", ringTimeoutSeconds, 15, 120);
        range("ratio", ratio, 1, 10);
        range("maxLinesPerAgent", maxLinesPerAgent, 1, 10);
        range("safetyMargin", safetyMargin, 0, 0.5);
        if (channelLimit < 1 || channelLimit > 1000) {
            throw new PacingSettingsException("channelLimit", "must be within 1-1000, got " + channelLimit);
        }
        Objects.requireNonNull(amd, "amd");
    }

    private static void range(String field, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new PacingSettingsException(field, "must be within " + fmt(min) + "-" + fmt(max) + ", got " + fmt(v));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    /** Returns the product defaults for a campaign that has none stored: predictive, 3%, 2 s, 25 s. */
    public static PacingSettings defaults(String campaignId) {
        return new PacingSettings(
                campaignId, "predictive", 0.03, 2, 25, 1.5, 3.0, 0.20, 30, AmdTreatment.HANGUP, null, null);
    }

    /** Returns these settings as stored by {@code user} at {@code at}. */
    public PacingSettings stamped(String user, Instant at) {
        return new PacingSettings(
                campaignId,
                mode,
                abandonTarget,
                connectDeadlineSeconds,
                ringTimeoutSeconds,
                ratio,
                maxLinesPerAgent,
                safetyMargin,
                channelLimit,
                amd,
                user,
                at);
    }

    /** Returns the dialer's dial mode for these settings. */
    public DialMode dialMode() {
        return switch (mode) {
            case "preview" -> new DialMode.Preview();
            case "progressive" -> new DialMode.Progressive();
            case "ratio" -> new DialMode.Ratio(ratio);
            case "adaptive" ->
                new DialMode.Adaptive(
                        DialMode.AdaptiveVariant.TAPERED, abandonTarget * 100, maxLinesPerAgent, 2100, 0, 0);
            case "predictive" -> new DialMode.Predictive(safetyMargin);
            case "agentless" -> new DialMode.Agentless(channelLimit);
            default -> throw new IllegalStateException("unknown mode " + mode);
        };
    }

    /**
     * Returns {@code base} (the campaign's dialling settings) with this mode, ring timeout, connect deadline,
     * target and AMD switch: how the dialer takes these settings when a campaign runs.
     */
    public CampaignSettings applyTo(CampaignSettings base) {
        return base.withMode(dialMode())
                .withCalling(
                        Duration.ofMillis(Math.round(ringTimeoutSeconds * 1000)),
                        Duration.ofMillis(Math.round(connectDeadlineSeconds * 1000)),
                        abandonTarget,
                        amd != AmdTreatment.OFF,
                        base.amdFalseMachineShare());
    }

    /** Returns the JSON form used by the API. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject()
                .put("campaignId", campaignId)
                .put("mode", mode)
                .put("abandonTarget", abandonTarget)
                .put("connectDeadlineSeconds", connectDeadlineSeconds)
                .put("ringTimeoutSeconds", ringTimeoutSeconds)
                .put("ratio", ratio)
                .put("maxLinesPerAgent", maxLinesPerAgent)
                .put("safetyMargin", safetyMargin)
                .put("channelLimit", channelLimit)
                .put("amd", amd.id())
                .put("legalAbandonCap", LEGAL_ABANDON_CAP)
                .put("stored", updatedAt != null);
        if (updatedAt != null) {
            o.put("updatedBy", updatedBy).put("updatedAt", updatedAt.toString());
        }
        return o;
    }

    /**
     * Reads settings for {@code campaignId} from a JSON body; absent fields keep the values of {@code current}.
     *
     * @throws PacingSettingsException naming the first bad field (wrong type or out of range)
     */
    public static PacingSettings fromJson(String campaignId, JsonObject o, PacingSettings current) {
        for (String key : o.fieldNames()) {
            if (!FIELDS.contains(key)) {
                throw new PacingSettingsException(key, "unknown field (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        return new PacingSettings(
                campaignId,
                string(o, "mode", current.mode()),
                number(o, "abandonTarget", current.abandonTarget()),
                number(o, "connectDeadlineSeconds", current.connectDeadlineSeconds()),
                number(o, "ringTimeoutSeconds", current.ringTimeoutSeconds()),
                number(o, "ratio", current.ratio()),
                number(o, "maxLinesPerAgent", current.maxLinesPerAgent()),
                number(o, "safetyMargin", current.safetyMargin()),
                integer(o, "channelLimit", current.channelLimit()),
                o.containsKey("amd") ? AmdTreatment.parse(string(o, "amd", null)) : current.amd(),
                current.updatedBy(),
                current.updatedAt());
    }

    /** The fields a client may send. */
    static final List<String> FIELDS = List.of(
            "mode",
            "abandonTarget",
            "connectDeadlineSeconds",
            "ringTimeoutSeconds",
            "ratio",
            "maxLinesPerAgent",
            "safetyMargin",
            "channelLimit",
            "amd");

    private static String string(JsonObject o, String field, String dflt) {
        Object v = o.getValue(field);
        if (v == null) {
            if (o.containsKey(field)) {
                throw new PacingSettingsException(field, "must not be null");
            }
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw new PacingSettingsException(field, "must be a string");
        }
        return s;
    }

    private static double number(JsonObject o, String field, double dflt) {
        Object v = o.getValue(field);
        if (v == null) {
            if (o.containsKey(field)) {
                throw new PacingSettingsException(field, "must not be null");
            }
            return dflt;
        }
        if (!(v instanceof Number n)) {
            throw new PacingSettingsException(field, "must be a number");
        }
        return n.doubleValue();
    }

    private static int integer(JsonObject o, String field, int dflt) {
        double d = number(o, field, dflt);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new PacingSettingsException(field, "must be a whole number");
        }
        return (int) d;
    }
}
