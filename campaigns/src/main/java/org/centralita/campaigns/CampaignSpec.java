package org.centralita.campaigns;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a manager sets on a campaign (creation and update).
 *
 * @param dialMode the dialer's mode name ({@code preview}, {@code progressive}, {@code ratio}, {@code adaptive},
 *     {@code predictive}, {@code agentless}); stored, not interpreted, here
 * @param dialSettings the dialer's settings, opaque JSON text owned by the dialer
 * @param defaultCountry ISO 3166 region used for numbers written without a country code ({@code ES})
 * @param defaultTimeZone used when a number's zone cannot be derived
 * @param callerId the number presented to the customer, or null for the trunk default
 * @param abandonTarget maximum abandonment ratio, 0 &lt; x &le; 0.03 by default 0.03
 */
public record CampaignSpec(
        String name,
        Survey survey,
        String dialMode,
        String dialSettings,
        String defaultCountry,
        ZoneId defaultTimeZone,
        CallingWindows windows,
        RetryRules retryRules,
        String callerId,
        double abandonTarget) {

    public CampaignSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("campaign name must be 1 to 200 characters");
        }
        survey = survey == null ? Survey.empty() : survey;
        dialMode = dialMode == null ? "progressive" : dialMode;
        dialSettings = dialSettings == null ? "{}" : dialSettings;
        Objects.requireNonNull(defaultCountry, "defaultCountry");
        defaultCountry = defaultCountry.toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(defaultCountry)) {
            throw new IllegalArgumentException("unknown default country '" + defaultCountry + "'");
        }
        Objects.requireNonNull(defaultTimeZone, "defaultTimeZone");
        windows = windows == null ? CallingWindows.defaults() : windows;
        retryRules = retryRules == null ? RetryRules.defaults() : retryRules;
        if (callerId != null && !callerId.matches("\\+?[0-9]{3,20}")) {
            throw new IllegalArgumentException("caller ID must be digits with an optional +, got '" + callerId + "'");
        }
        if (!(abandonTarget > 0 && abandonTarget <= 1)) {
            throw new IllegalArgumentException("abandonTarget must be in (0, 1], got " + abandonTarget);
        }
    }

    /** Returns a spec with the defaults: progressive mode, Mon–Fri 09–21, default retries, 3% abandonment. */
    public static CampaignSpec of(String name, Survey survey, String defaultCountry, ZoneId defaultTimeZone) {
        return new CampaignSpec(name, survey, null, null, defaultCountry, defaultTimeZone, null, null, null, 0.03);
    }

    public CampaignSpec withWindows(CallingWindows w) {
        return new CampaignSpec(
                name,
                survey,
                dialMode,
                dialSettings,
                defaultCountry,
                defaultTimeZone,
                w,
                retryRules,
                callerId,
                abandonTarget);
    }

    public CampaignSpec withRetryRules(RetryRules r) {
        return new CampaignSpec(
                name,
                survey,
                dialMode,
                dialSettings,
                defaultCountry,
                defaultTimeZone,
                windows,
                r,
                callerId,
                abandonTarget);
    }

    public CampaignSpec withDialMode(String mode, String settingsJson) {
        return new CampaignSpec(
                name,
                survey,
                mode,
                settingsJson,
                defaultCountry,
                defaultTimeZone,
                windows,
                retryRules,
                callerId,
                abandonTarget);
    }

    public CampaignSpec withCallerId(String id) {
        return new CampaignSpec(
                name,
                survey,
                dialMode,
                dialSettings,
                defaultCountry,
                defaultTimeZone,
                windows,
                retryRules,
                id,
                abandonTarget);
    }
}
