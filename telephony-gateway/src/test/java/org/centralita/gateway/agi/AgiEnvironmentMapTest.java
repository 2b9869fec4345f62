package org.centralita.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgiEnvironmentMapTest {

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void keepsTheOrderAndEqualsTheMapItWasCopiedFrom() {
        Map<String, String> source = ordered("network", "yes", "uniqueid", "1795393000.1", "accountcode", "");

        Map<String, String> copy = AgiEnvironmentMap.copyOf(source);

        assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
        assertThat(copy.toString()).isEqualTo(source.toString());
        assertThat(List.copyOf(copy.keySet())).containsExactly("network", "uniqueid", "accountcode");
        assertThat(copy.get("accountcode")).isEmpty();
        assertThat(copy.get("missing")).isNull();
        assertThat(copy.getOrDefault("missing", "x")).isEqualTo("x");
        assertThat(copy.containsKey("uniqueid")).isTrue();
        assertThat(AgiEnvironmentMap.copyOf(copy)).isSameAs(copy);
    }

    @Test
    void refusesChanges() {
        Map<String, String> copy = AgiEnvironmentMap.copyOf(ordered("network", "yes"));

        assertThatThrownBy(() -> copy.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.remove("network")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
        Iterator<Map.Entry<String, String>> it = copy.entrySet().iterator();
        Map.Entry<String, String> first = it.next();
        assertThatThrownBy(() -> first.setValue("no")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(copy).containsExactly(Map.entry("network", "yes"));
    }

    @Test
    void sharesKnownKeysAndValuesThatRepeatFromCallToCall() {
        String language = new String("es".toCharArray());
        String sameLanguageOfTheNextCall = new String("es".toCharArray());

        String first = AgiEnvironmentMap.canonicalValue("language", language);
        String next = AgiEnvironmentMap.canonicalValue("language", sameLanguageOfTheNextCall);

        assertThat(next).isEqualTo("es").isSameAs(first);
        assertThat(AgiEnvironmentMap.canonicalKey(new String("uniqueid".toCharArray())))
                .isSameAs(AgiEnvironmentMap.canonicalKey("uniqueid"));
        String unknown = new String("x_custom".toCharArray());
        assertThat(AgiEnvironmentMap.canonicalKey(unknown)).isSameAs(unknown);
        assertThat(AgiEnvironmentMap.canonicalValue("x_custom", "v")).isEqualTo("v");
        assertThat(AgiEnvironmentMap.canonicalValue("language", "en")).isEqualTo("en");
    }
}
