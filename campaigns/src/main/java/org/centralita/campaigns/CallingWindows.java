package org.centralita.campaigns;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When contacts may be called, in each contact's local time: ranges per weekday plus holidays, judged on the contact's
 * local date.
 *
 * @param holidays local dates on which nobody is called
 * @param countryHolidays local dates on which only the contacts whose number is from a country are not called (a
 *     {@link Holiday} without a country given here counts for everyone and moves to {@code holidays})
 */
public record CallingWindows(
        Map<DayOfWeek, List<TimeRange>> weekly, Set<LocalDate> holidays, Set<Holiday> countryHolidays) {

    public CallingWindows {
        Objects.requireNonNull(weekly, "weekly");
        Objects.requireNonNull(holidays, "holidays");
        Set<LocalDate> everyone = new TreeSet<>(holidays);
        Set<Holiday> national = new TreeSet<>();
        for (Holiday h : countryHolidays == null ? Set.<Holiday>of() : countryHolidays) {
            if (h.country() == null) {
                everyone.add(h.date());
            } else {
                national.add(h);
            }
        }
        holidays = everyone;
        countryHolidays = java.util.Collections.unmodifiableSet(national);
        EnumMap<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        weekly.forEach((day, ranges) -> {
            List<TimeRange> sorted = new ArrayList<>(ranges);
            sorted.sort(Comparator.comparing(TimeRange::start));
            copy.put(day, List.copyOf(sorted));
        });
        weekly = java.util.Collections.unmodifiableMap(copy);
        holidays = java.util.Collections.unmodifiableSet(new TreeSet<>(holidays));
    }

    /** Returns windows whose holidays apply to everyone (stored campaigns before country holidays). */
    public CallingWindows(Map<DayOfWeek, List<TimeRange>> weekly, Set<LocalDate> holidays) {
        this(weekly, holidays, Set.of());
    }

    /** Returns the default: Monday to Friday 09:00–21:00, no holidays. */
    public static CallingWindows defaults() {
        Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
        TimeRange day = new TimeRange(LocalTime.of(9, 0), LocalTime.of(21, 0));
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            weekly.put(d, List.of(day));
        }
        return new CallingWindows(weekly, Set.of());
    }

    /** Returns a copy with these holidays for everyone (country holidays kept). */
    public CallingWindows withHolidays(Set<LocalDate> newHolidays) {
        return new CallingWindows(weekly, newHolidays, countryHolidays);
    }

    /** Returns a copy with exactly these holidays; those without a country apply to everyone. */
    public CallingWindows withHolidayList(java.util.Collection<Holiday> all) {
        return new CallingWindows(weekly, Set.of(), Set.copyOf(all));
    }

    /** Returns every holiday, for everyone and per country, by date. */
    public List<Holiday> allHolidays() {
        TreeSet<Holiday> all = new TreeSet<>(countryHolidays);
        holidays.forEach(d -> all.add(Holiday.everyone(d)));
        return List.copyOf(all);
    }

    /**
     * Returns the holiday that closes {@code date} for a contact from {@code region} (null: unknown, so only holidays
     * for everyone apply), the one for everyone first.
     */
    public Optional<Holiday> holidayOn(LocalDate date, String region) {
        if (holidays.contains(date)) {
            return Optional.of(Holiday.everyone(date));
        }
        if (region != null && !countryHolidays.isEmpty()) {
            Holiday h = new Holiday(date, region);
            if (countryHolidays.contains(h)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** Returns the countries with a holiday of their own on {@code date}. */
    public Set<String> countriesOnHoliday(LocalDate date) {
        Set<String> out = new TreeSet<>();
        for (Holiday h : countryHolidays) {
            if (h.date().equals(date)) {
                out.add(h.country());
            }
        }
        return out;
    }

    /** Returns a copy where {@code day} has exactly these ranges (none: closed all day). */
    public CallingWindows with(DayOfWeek day, TimeRange... ranges) {
        Map<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        copy.putAll(weekly);
        copy.put(day, List.of(ranges));
        return new CallingWindows(copy, holidays);
    }

    /** Returns true if a call may be placed at this local date-time (holidays for everyone only). */
    public boolean isOpen(LocalDateTime local) {
        return isOpen(local, null);
    }

    /** Returns true if a call may be placed at this local date-time to a contact whose number is from {@code region}. */
    public boolean isOpen(LocalDateTime local, String region) {
        if (holidayOn(local.toLocalDate(), region).isPresent()) {
            return false;
        }
        for (TimeRange r : weekly.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (r.contains(local.toLocalTime())) {
                return true;
            }
        }
        return false;
    }

    /** Returns true if a call may be placed now in every zone of a zone key ({@code Europe/Madrid} or {@code A|B}). */
    public boolean isOpen(java.time.Instant now, String zoneKey) {
        return isOpen(now, zoneKey, null);
    }

    /** Returns true if a call may be placed now in every zone of a zone key to a contact from {@code region}. */
    public boolean isOpen(java.time.Instant now, String zoneKey, String region) {
        for (ZoneId zone : TimeZoneKeys.zones(zoneKey)) {
            if (!isOpen(LocalDateTime.ofInstant(now, zone), region)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the first instant at or after {@code from} when calls may be placed in every zone of the key, searching a
     * year ahead at minute resolution over window boundaries; empty if the windows never open.
     */
    public Optional<java.time.Instant> nextOpening(java.time.Instant from, String zoneKey) {
        return nextOpening(from, zoneKey, null);
    }

    /** Returns the next opening for a contact whose number is from {@code region} (its country's holidays apply). */
    public Optional<java.time.Instant> nextOpening(java.time.Instant from, String zoneKey, String region) {
        java.time.Instant candidate = from;
        java.time.Instant limit = from.plus(java.time.Duration.ofDays(370));
        while (candidate.isBefore(limit)) {
            boolean allOpen = true;
            java.time.Instant latestStart = candidate;
            for (ZoneId zone : TimeZoneKeys.zones(zoneKey)) {
                Optional<ZonedDateTime> open = nextOpeningIn(ZonedDateTime.ofInstant(candidate, zone), region);
                if (open.isEmpty()) {
                    return Optional.empty();
                }
                java.time.Instant at = open.get().toInstant();
                if (at.isAfter(candidate)) {
                    allOpen = false;
                    if (at.isAfter(latestStart)) {
                        latestStart = at;
                    }
                }
            }
            if (allOpen) {
                return Optional.of(candidate);
            }
            candidate = latestStart;
        }
        return Optional.empty();
    }

    private Optional<ZonedDateTime> nextOpeningIn(ZonedDateTime from, String region) {
        if (isOpen(from.toLocalDateTime(), region)) {
            return Optional.of(from);
        }
        LocalDate date = from.toLocalDate();
        for (int i = 0; i < 370; i++, date = date.plusDays(1)) {
            if (holidayOn(date, region).isPresent()) {
                continue;
            }
            for (TimeRange r : weekly.getOrDefault(date.getDayOfWeek(), List.of())) {
                ZonedDateTime start = date.atTime(r.start()).atZone(from.getZone());
                if (!start.isBefore(from)) {
                    return Optional.of(start);
                }
                if (r.contains(from.toLocalTime()) && i == 0) {
                    return Optional.of(from);
                }
            }
        }
        return Optional.empty();
    }
}
