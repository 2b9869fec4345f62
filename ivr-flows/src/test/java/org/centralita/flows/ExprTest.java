package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprTest {

    private final Vars vars = Vars.of(Map.of("amount", "120.50", "lang", "es", "verified", "true", "n", "2"))
            .withSecret("pin", SensitiveValue.of("1234"));

    private boolean t(String e) {
        return Expr.parse(e).test(vars);
    }

    @Test
    void comparesNumbersNumericallyAndTextAsText() {
        assertThat(t("amount > 100")).isTrue();
        assertThat(t("amount >= 120.5 and amount <= 120.50")).isTrue();
        assertThat(t("n < 10")).isTrue(); // numerically, not "2" < "10" as text
        assertThat(t("lang == 'es'")).isTrue();
        assertThat(t("lang != \"en\"")).isTrue();
    }

    @Test
    void combinesWithAndOrNotAndParentheses() {
        assertThat(t("verified and (lang == 'en' or amount > 0)")).isTrue();
        assertThat(t("not verified || !(n == 2)")).isFalse();
        assertThat(t("missing == ''")).isTrue();
    }

    @Test
    void computesSumsWithUnsetVariablesAsZero() {
        assertThat(Expr.parse("attempts + 1").evalText(vars)).isEqualTo("1");
        assertThat(Expr.parse("n - 3").evalText(vars)).isEqualTo("-1");
    }

    @Test
    void secretsOnlyEverShowTheirMask() {
        assertThat(Expr.parse("pin").evalText(vars)).isEqualTo("****");
        assertThat(vars.toString()).doesNotContain("1234");
    }

    @Test
    void rejectsAnythingOutsideTheLanguage() {
        assertThatThrownBy(() -> Expr.parse("System.exit(1)")).isInstanceOf(Expr.ParseException.class);
        assertThatThrownBy(() -> Expr.parse("a = 1")).isInstanceOf(Expr.ParseException.class);
        assertThatThrownBy(() -> Expr.parse("'open")).hasMessageContaining("unterminated string");
    }

    @Test
    void validatorsCheckLuhnExpiryRangeAndRegex() {
        LocalDate today = LocalDate.of(2026, 11, 25);
        assertThat(new DigitValidator.Luhn().test("4111111111111111", vars, today))
                .isTrue();
        assertThat(new DigitValidator.Luhn().test("4111111111111112", vars, today))
                .isFalse();
        assertThat(new DigitValidator.MonthYear().test("1126", vars, today)).isTrue();
        assertThat(new DigitValidator.MonthYear().test("1026", vars, today)).isFalse();
        assertThat(new DigitValidator.MonthYear().test("1328", vars, today)).isFalse();
        DigitValidator range = new DigitValidator.Range(Template.literal("10"), Template.parse("${amount}"));
        assertThat(range.test("120", vars, today)).isTrue();
        assertThat(range.test("121", vars, today)).isFalse();
        assertThat(range.test("9", vars, today)).isFalse();
        assertThat(new DigitValidator.Regex(java.util.regex.Pattern.compile("1\\d{3}")).test("1003", vars, today))
                .isTrue();
    }
}
