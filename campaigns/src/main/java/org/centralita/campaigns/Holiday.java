package org.centralita.campaigns;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A local date on which contacts are not called: everyone's ({@code country == null}), or only the contacts whose
 * number is from {@code country} (ISO 3166 region as libphonenumber names it: {@code ES}, {@code GB}, {@code US}). The
 * date is judged in each contact's own time zone.
 */
public record Holiday(LocalDate date, String country) implements Comparable<Holiday> {
    public Holiday {
        Objects.requireNonNull(date, "date");
        if (country != null) {
            country = country.trim().toUpperCase(Locale.ROOT);
            if (country.isEmpty()) {
                country = null;
            } else if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(country)) {
                throw new IllegalArgumentException("holiday " + date + ": unknown country '" + country
                        + "' (use an ISO region code such as ES, GB or US)");
            }
        }
    }

    /** Returns a holiday for everyone. */
    public static Holiday everyone(LocalDate date) {
        return new Holiday(date, null);
    }

    /** Returns true if this holiday applies to a contact whose number is from {@code region} (null: unknown). */
    public boolean appliesTo(String region) {
        return country == null || country.equals(region);
    }

    @Override
    public int compareTo(Holiday o) {
        int c = date.compareTo(o.date);
        if (c != 0) {
            return c;
        }
        return country == null ? (o.country == null ? 0 : -1) : o.country == null ? 1 : country.compareTo(o.country);
    }

    @Override
    public String toString() {
        return country == null ? date.toString() : "holiday in " + country + ": " + date;
    }
}
