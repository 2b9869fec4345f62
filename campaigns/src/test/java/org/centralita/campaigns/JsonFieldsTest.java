package org.centralita.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A contact's custom fields survive the JSON round trip, in order, whatever the text holds. */
class JsonFieldsTest {
    @Test
    void fieldsRoundTripInFileOrderWithAccentsQuotesNewlinesAndEscapes() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Técnico", "Íñigo \"el rápido\"");
        f.put("Dirección", "Calle Mayor 1\r\n2º B");
        f.put("nota", "\\ / \t \u0001 😀");
        f.put("vacío", "");
        f.put("=SUM(A1)", "@x");
        assertThat(Json.fields(Json.fields(f))).containsExactlyEntriesOf(f);
        assertThat(Json.fields("")).isEmpty();
        assertThat(Json.fields((String) null)).isEmpty();
        assertThat(Json.fields("{}")).isEmpty();
    }

    @Test
    void nonStringValuesWrittenByOtherToolsAreKeptAsText() {
        assertThat(Json.fields("{\"n\": 1, \"ok\": true, \"nada\": null, \"sub\": {\"a\": \"b\"}}"))
                .containsExactly(
                        Map.entry("n", "1"),
                        Map.entry("ok", "true"),
                        Map.entry("nada", "null"),
                        Map.entry("sub", "{\"a\":\"b\"}"));
    }

    @Test
    void textThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> Json.fields("{\"a\": \"b\"} trailing")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Json.fields("[1, 2]")).isInstanceOf(RuntimeException.class);
    }
}
