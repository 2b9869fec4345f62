package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;
import org.centralita.dialer.DialerException;
import org.junit.jupiter.api.Test;

class DialSettingsJsonTest {

    private static Campaign campaign(String mode, String json) {
        return new Campaign(
                7,
                CampaignStatus.RUNNING,
                new CampaignSpec(
                        "c", null, mode, json, "ES", ZoneId.of("Europe/Madrid"), null, null, "+34910000000", 0.03),
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void campaignSpecAndDialSettingsBecomeThePacingSettings() {
        CampaignSettings s = DialSettingsJson.of(campaign(
                "predictive",
                "{\"connectDeadlineMillis\":0,\"ringTimeoutSeconds\":20,\"dialTemplate\":\"PJSIP/{phone}@carrier\"}"));
        assertThat(s.campaignId()).isEqualTo("7");
        assertThat(s.callerId()).isEqualTo("+34910000000");
        assertThat(s.mode()).isInstanceOf(DialMode.Predictive.class);
        assertThat(s.connectDeadline()).isZero();
        assertThat(s.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.dialTemplate()).isEqualTo("PJSIP/{phone}@carrier");
        assertThat(s.abandonTarget()).isEqualTo(0.03);
    }

    @Test
    void unknownKeysAndTooShortRingsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> DialSettingsJson.of(campaign("progressive", "{\"ringTimeout\":20}")))
                .isInstanceOf(DialerException.class)
                .hasMessageContaining("unknown dialSettings key 'ringTimeout'");
        assertThatThrownBy(() -> DialSettingsJson.of(campaign("progressive", "{\"ringTimeoutSeconds\":10}")))
                .isInstanceOf(DialerException.class)
                .hasMessageContaining("at least 15 s");
    }

    @Test
    void agentlessTakesItsChannelLimit() {
        assertThat(DialSettingsJson.of(campaign("agentless", "{\"channelLimit\":25}"))
                        .mode())
                .isEqualTo(new org.centralita.dialer.DialMode.Agentless(25));
        assertThat(DialSettingsJson.of(campaign("agentless", "{}")).mode())
                .isEqualTo(new org.centralita.dialer.DialMode.Agentless(10));
    }
}
