package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.centralita.flows.selfservice.CallContext;
import org.junit.jupiter.api.Test;

class CallContextTest {

    @Test
    void theScreenPopSaysWhoHowVerifiedWhatTheyWantedAndWhereTheyFailed() {
        CallContext c = new CallContext(
                "1795393000.1",
                "1795393000.0",
                "1001",
                true,
                "payment",
                "pay-amount-menu",
                2,
                "es",
                "customer-care",
                "+34699000111",
                Instant.EPOCH,
                "María García",
                "pin",
                "card expiry",
                "operator");

        JsonObject pop = c.screenPop();

        assertThat(pop.getString("verifiedBy")).isEqualTo("PIN");
        assertThat(pop.getString("wanted")).isEqualTo("payment");
        assertThat(pop.getString("failedAt")).isEqualTo("card expiry");
        assertThat(pop.getString("reason")).isEqualTo("asked for a person");
        assertThat(pop.getString("name")).isEqualTo("María García");
        assertThat(c.channelVariables()).containsEntry(CallContext.CONTEXT_VARIABLE, pop.encode());
    }

    @Test
    void anUnverifiedCallerHasNoVerifiedByAndEmptyFieldsAreLeftOut() {
        CallContext c = new CallContext(
                "1.1", "", "", false, "agent-request", "", 0, "en", "", "", Instant.EPOCH, "", "", "", "");

        assertThat(c.screenPop().fieldNames()).containsExactlyInAnyOrder("ivrCallId", "wanted", "language");
    }

    @Test
    void theScreenPopFitsInWhatAsteriskGetVariableReturnsWhateverTheFieldsHold() {
        String longText = "Ñandú áéíóú ".repeat(20); // two-byte characters, far over 64 characters
        CallContext c = new CallContext(
                longText,
                longText,
                "12345678901234567890",
                true,
                longText,
                longText,
                99,
                "es",
                longText,
                "+34699000111",
                Instant.EPOCH,
                longText,
                longText,
                longText,
                longText);

        String json = c.screenPop().encode();

        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CallContext.MAX_SCREEN_POP_BYTES);
        assertThat(new JsonObject(json).getString("wanted")).hasSize(64);
        assertThat(new JsonObject(json).getString("account")).isEqualTo("12345678901234567890");
    }
}
