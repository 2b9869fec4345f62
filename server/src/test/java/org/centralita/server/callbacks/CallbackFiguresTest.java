package org.centralita.server.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.centralita.flows.selfservice.CallbackRequest;
import org.centralita.flows.selfservice.CallbackTicket;
import org.junit.jupiter.api.Test;

class CallbackFiguresTest {
    static CallbackTicket ticket(long id, CallbackTicket.Status status, String by, Instant at, String account) {
        return new CallbackTicket(
                id,
                new CallbackRequest("c" + id, "+34912345678", account, "es", "after-hours", at),
                status,
                by,
                by == null ? null : at,
                0,
                null,
                null,
                null,
                null);
    }

    @Test
    void theOldestAgeCountsOnlyRequestsNobodyHolds() {
        Instant now = Instant.parse("2026-11-25T09:00:00Z");
        JsonObject s = IvrCallbacks.summary(
                List.of(
                        ticket(1, CallbackTicket.Status.CLAIMED, "alba", now.minusSeconds(7200), ""),
                        ticket(2, CallbackTicket.Status.PENDING, null, now.minusSeconds(600), "")),
                now.toEpochMilli());
        assertThat(s.getInteger("open")).isEqualTo(2);
        assertThat(s.getInteger("pending")).isEqualTo(1);
        assertThat(s.getInteger("claimed")).isEqualTo(1);
        assertThat(s.getLong("oldestAgeSeconds")).isEqualTo(600L);
    }

    @Test
    void withNobodyWaitingTheOldestAgeIsNull() {
        JsonObject s = IvrCallbacks.summary(List.of(), 0);
        assertThat(s.getValue("oldestAgeSeconds")).isNull();
        assertThat(s.getValue("oldestRequestedAt")).isNull();
    }

    @Test
    void aTicketShowsTheNumberGroupedTheNameAndWhetherTheViewerHoldsIt() {
        Instant at = Instant.parse("2026-11-25T08:00:00Z");
        JsonObject j = CallbackJson.ticket(
                ticket(3, CallbackTicket.Status.CLAIMED, "alba", at, "1001"),
                "alba",
                Map.of("1001", "María Pérez"),
                at.plusSeconds(90).toEpochMilli());
        assertThat(j.getString("numberDisplay")).isEqualTo("+34 912 34 56 78");
        assertThat(j.getString("name")).isEqualTo("María Pérez");
        assertThat(j.getBoolean("mine")).isTrue();
        assertThat(j.getLong("ageSeconds")).isEqualTo(90L);
        assertThat(CallbackJson.ticket(ticket(3, CallbackTicket.Status.CLAIMED, "alba", at, ""), "bruno", Map.of(), 0)
                        .getBoolean("mine"))
                .isFalse();
    }

    @Test
    void numbersThatAreNotInternationalAreShownAsGiven() {
        assertThat(CallbackJson.display("600111222")).isEqualTo("600111222");
        assertThat(CallbackJson.display("+1")).isEqualTo("+1");
        assertThat(CallbackJson.display("anonymous")).isEqualTo("anonymous");
    }
}
