package org.centralita.flows;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks digits a caller typed in a {@code collect} node. */
public sealed interface DigitValidator
        permits DigitValidator.Luhn, DigitValidator.MonthYear, DigitValidator.Range, DigitValidator.Regex {

    /** Returns whether {@code digits} is valid, given the call variables and today's date. */
    boolean test(String digits, Vars vars, LocalDate today);

    /** The Luhn (mod 10) check of card numbers. */
    record Luhn() implements DigitValidator {
        @Override
        public boolean test(String digits, Vars vars, LocalDate today) {
            return luhn(digits);
        }
    }

    /** An expiry date {@code MMYY}, valid until the end of its month, not past. */
    record MonthYear() implements DigitValidator {
        @Override
        public boolean test(String digits, Vars vars, LocalDate today) {
            if (digits.length() != 4 || !digits.chars().allMatch(Character::isDigit)) {
                return false;
            }
            int month = Integer.parseInt(digits.substring(0, 2));
            int year = 2000 + Integer.parseInt(digits.substring(2));
            if (month < 1 || month > 12) {
                return false;
            }
            return !YearMonth.of(year, month).isBefore(YearMonth.from(today));
        }
    }

    /** A whole number between two bounds (templates, e.g. {@code ${max_payment}}), inclusive. */
    record Range(Template min, Template max) implements DigitValidator {
        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
        }

        @Override
        public boolean test(String digits, Vars vars, LocalDate today) {
            try {
                java.math.BigDecimal v = new java.math.BigDecimal(digits);
                return v.compareTo(new java.math.BigDecimal(min.render(vars))) >= 0
                        && v.compareTo(new java.math.BigDecimal(max.render(vars))) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** A regular expression the whole input must match. */
    record Regex(Pattern pattern) implements DigitValidator {
        @Override
        public boolean test(String digits, Vars vars, LocalDate today) {
            return pattern.matcher(digits).matches();
        }
    }

    /** Returns whether {@code digits} passes the Luhn check (and is all digits). */
    static boolean luhn(String digits) {
        if (digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
