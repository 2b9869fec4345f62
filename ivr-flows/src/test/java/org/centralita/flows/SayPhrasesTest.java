package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.centralita.flows.SayPart.Number;
import org.centralita.flows.SayPart.Prompt;
import org.centralita.flows.SayPart.Sound;
import org.junit.jupiter.api.Test;

class SayPhrasesTest {

    private static List<SayPart> say(String amount, String currency, String lang) {
        return SayPhrases.currency(new BigDecimal(amount), currency, lang);
    }

    @Test
    void spanishEurosWithCents() {
        // "ciento veintitrés euros con cuarenta y cinco céntimos"
        assertThat(say("123.45", "EUR", "es"))
                .containsExactly(
                        new Number(123),
                        new Prompt("currency-eur-many"),
                        new Prompt("currency-and"),
                        new Number(45),
                        new Prompt("currency-eur-cent-many"));
    }

    @Test
    void englishEurosWithCents() {
        // "one hundred twenty three euros and forty five cents"
        assertThat(say("123.45", "EUR", "en"))
                .containsExactly(
                        new Number(123),
                        new Prompt("currency-eur-many"),
                        new Prompt("currency-and"),
                        new Number(45),
                        new Prompt("currency-eur-cent-many"));
    }

    @Test
    void spanishOneUsesTheMasculineUnAndTheSingular() {
        // "un euro con un céntimo"
        assertThat(say("1.01", "EUR", "es"))
                .containsExactly(
                        new Sound("digits/1M"),
                        new Prompt("currency-eur-one"),
                        new Prompt("currency-and"),
                        new Sound("digits/1M"),
                        new Prompt("currency-eur-cent-one"));
    }

    @Test
    void englishOneIsSingular() {
        assertThat(say("1.00", "USD", "en")).containsExactly(new Number(1), new Prompt("currency-usd-one"));
    }

    @Test
    void onlyCentsSaysNoZeroUnits() {
        assertThat(say("0.50", "EUR", "es")).containsExactly(new Number(50), new Prompt("currency-eur-cent-many"));
    }

    @Test
    void zeroIsZeroUnitsAndWholeAmountsHaveNoCents() {
        assertThat(say("0", "EUR", "en")).containsExactly(new Number(0), new Prompt("currency-eur-many"));
        assertThat(say("250.00", "EUR", "es")).containsExactly(new Number(250), new Prompt("currency-eur-many"));
    }

    @Test
    void amountsAreRoundedToTheCent() {
        assertThat(say("9.999", "EUR", "en")).containsExactly(new Number(10), new Prompt("currency-eur-many"));
    }

    @Test
    void datesAreSpokenAtNoonInTheZone() {
        assertThat(SayPhrases.date("2026-12-15", java.time.ZoneId.of("Europe/Madrid")))
                .containsExactly(new SayPart.Date(1797332400L));
    }
}
