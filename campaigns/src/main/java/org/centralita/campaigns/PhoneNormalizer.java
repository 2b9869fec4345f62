package org.centralita.campaigns;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Objects;

/** Normalises written phone numbers to E.164 with libphonenumber and derives their time zones. Thread-safe. */
public final class PhoneNormalizer {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();

    /** The result of normalising one number: either {@code e164} and {@code timeZone}, or a rejection. */
    public record Result(String e164, String timeZone, RejectReason reason, String detail) {
        public boolean valid() {
            return reason == null;
        }
    }

    private final String defaultRegion;
    private final String defaultTimeZone;

    /**
     * @param defaultRegion region for numbers without a country code ({@code ES})
     * @param defaultTimeZone zone used when the number's zone is unknown
     */
    public PhoneNormalizer(String defaultRegion, String defaultTimeZone) {
        this.defaultRegion = Objects.requireNonNull(defaultRegion, "defaultRegion");
        this.defaultTimeZone = Objects.requireNonNull(defaultTimeZone, "defaultTimeZone");
    }

    /** Normalises {@code raw}: E.164 plus zone key, or the rejection reason with a human-readable detail. */
    public Result normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Result(null, null, RejectReason.MISSING_PHONE, "the phone column is empty");
        }
        String text = raw.strip();
        PhoneNumber number;
        try {
            number = UTIL.parse(text, defaultRegion);
        } catch (NumberParseException e) {
            return new Result(null, null, RejectReason.INVALID_PHONE, describe(e.getErrorType(), text));
        }
        if (!UTIL.isValidNumber(number)) {
            var possible = UTIL.isPossibleNumberWithReason(number);
            String region = UTIL.getRegionCodeForNumber(number);
            String detail =
                    switch (possible) {
                        case TOO_SHORT -> "too short";
                        case TOO_LONG -> "too long";
                        case INVALID_COUNTRY_CODE -> "unknown country code +" + number.getCountryCode();
                        case INVALID_LENGTH ->
                            "wrong length for " + (region == null ? "+" + number.getCountryCode() : region);
                        default ->
                            "not a valid number for "
                                    + (region == null ? "country code +" + number.getCountryCode() : region);
                    };
            return new Result(null, null, RejectReason.INVALID_PHONE, detail + " ('" + text + "')");
        }
        var type = UTIL.getNumberType(number);
        if (type == PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE) {
            return new Result(null, null, RejectReason.INVALID_PHONE, "premium-rate number ('" + text + "')");
        }
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        return new Result(e164, zoneKey(number), null, null);
    }

    private String zoneKey(PhoneNumber number) {
        List<String> zones = ZONES.getTimeZonesForNumber(number);
        if (zones.isEmpty() || zones.contains(PhoneNumberToTimeZonesMapper.getUnknownTimeZone())) {
            return defaultTimeZone;
        }
        return zones.size() == 1 ? zones.get(0) : TimeZoneKeys.key(zones);
    }

    private static String describe(NumberParseException.ErrorType type, String text) {
        String why =
                switch (type) {
                    case INVALID_COUNTRY_CODE -> "unknown country code";
                    case NOT_A_NUMBER -> "not a phone number";
                    case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
                    case TOO_LONG -> "too long";
                };
        return why + " ('" + text + "')";
    }

    /** Returns the E.164 digits as a long ({@code +34612345678} → 34612345678), for compact sets. */
    static long key(String e164) {
        return Long.parseLong(e164, 1, e164.length(), 10);
    }
}
