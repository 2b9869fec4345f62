package org.centralita.campaigns;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** The country (ISO region) of a stored E.164 number, as libphonenumber tells it. */
final class Regions {
    private Regions() {}

    /** Returns the region of an E.164 number ({@code ES} for {@code +34…}), or null if libphonenumber cannot tell. */
    static String of(String e164) {
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            String region = util.getRegionCodeForNumber(util.parse(e164, "ZZ"));
            return region == null || "ZZ".equals(region) || "001".equals(region) ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
