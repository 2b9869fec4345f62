package org.centralita.flows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds what {@code say} nodes speak, as sequences of {@link SayPart}s made of Asterisk's own number sounds and
 * the catalog's currency words. Pure functions, unit-tested phrase by phrase.
 *
 * <p>Currency: {@code 123.45 EUR} in Spanish is {@code SAY NUMBER 123, euros, con, SAY NUMBER 45, céntimos}
 * ("ciento veintitrés euros con cuarenta y cinco céntimos"); in English {@code SAY NUMBER 123, euros, and, SAY
 * NUMBER 45, cents} ("one hundred twenty three euros and forty five cents"). Spanish "un euro" / "un céntimo" use
 * Asterisk's masculine {@code digits/1M}; singular and plural words follow the amount.
 */
public final class SayPhrases {

    /** The currencies spoken. */
    public static final Set<String> CURRENCIES = Set.of("EUR", "USD");

    private SayPhrases() {}

    /** Returns the catalog prompts a currency needs ({@code null}: every supported currency). */
    public static List<String> promptsFor(String currency) {
        List<String> out = new ArrayList<>();
        out.add("currency-and");
        for (String c : currency == null ? List.copyOf(CURRENCIES) : List.of(currency)) {
            String k = c.toLowerCase(Locale.ROOT);
            out.addAll(List.of(
                    "currency-" + k + "-one",
                    "currency-" + k + "-many",
                    "currency-" + k + "-cent-one",
                    "currency-" + k + "-cent-many"));
        }
        return out;
    }

    /**
     * Returns the parts that speak {@code amount} of {@code currency} in {@code language}.
     *
     * @throws FlowsException for an unsupported currency
     */
    public static List<SayPart> currency(BigDecimal amount, String currency, String language) {
        if (!CURRENCIES.contains(currency)) {
            throw new FlowsException("unsupported currency " + currency);
        }
        BigDecimal a = amount.abs().setScale(2, RoundingMode.HALF_UP);
        long units = a.longValue();
        int cents = a.remainder(BigDecimal.ONE).movePointRight(2).intValue();
        String k = currency.toLowerCase(Locale.ROOT);
        boolean spanish = language.startsWith("es");
        List<SayPart> out = new ArrayList<>();
        if (units > 0 || cents == 0) {
            out.add(number(units, spanish));
            out.add(new SayPart.Prompt("currency-" + k + (units == 1 ? "-one" : "-many")));
        }
        if (cents > 0) {
            if (units > 0) {
                out.add(new SayPart.Prompt("currency-and"));
            }
            out.add(number(cents, spanish));
            out.add(new SayPart.Prompt("currency-" + k + (cents == 1 ? "-cent-one" : "-cent-many")));
        }
        return List.copyOf(out);
    }

    private static SayPart number(long n, boolean spanish) {
        return spanish && n == 1 ? new SayPart.Sound("digits/1M") : new SayPart.Number(n);
    }

    /** Returns the parts of a whole number (decimals are rounded). */
    public static List<SayPart> number(String value) {
        return List.of(new SayPart.Number(new BigDecimal(value.trim())
                .setScale(0, RoundingMode.HALF_UP)
                .abs()
                .longValueExact()));
    }

    /** Returns the parts of a digit string. */
    public static List<SayPart> digits(String value) {
        return List.of(new SayPart.Digits(value.trim()));
    }

    /** Returns the parts of an ISO date ({@code 2026-12-05}), spoken at noon in {@code zone}. */
    public static List<SayPart> date(String isoDate, ZoneId zone) {
        LocalDate d = LocalDate.parse(isoDate.trim());
        return List.of(new SayPart.Date(d.atTime(12, 0).atZone(zone).toEpochSecond()));
    }
}
