package org.centralita.server.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.dialer.CampaignDialer;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.Contact;
import org.centralita.dialer.DialMode;
import org.centralita.dialer.DialerAction;
import org.junit.jupiter.api.Test;

class PacingFiguresTest {
    static final long T0 = 1_767_600_000_000L;

    @Test
    void liveFiguresComeFromTheRunningDialer() {
        AtomicInteger n = new AtomicInteger();
        CampaignDialer dialer = new CampaignDialer(
                CampaignSettings.defaults("spring", new DialMode.Progressive()),
                now -> Optional.of(new Contact("c" + n.incrementAndGet(), "+3460000000" + n.get(), Map.of())),
                CampaignStatistics.Priors.defaults());
        dialer.agentLogin("a1", "PJSIP/a1", T0);
        dialer.agentLogin("a2", "PJSIP/a2", T0);
        dialer.agentLogin("a3", "PJSIP/a3", T0);
        dialer.agentPause("a3", "lunch", T0);
        List<DialerAction> actions = dialer.start(T0);
        long originates = actions.stream()
                .filter(a -> a instanceof DialerAction.Originate)
                .count();

        PacingFigures f = PacingFigures.of(dialer, T0 + 1000);

        assertThat(f.campaignId()).isEqualTo("spring");
        assertThat(f.mode()).isEqualTo("progressive");
        assertThat(f.workingAgents()).isEqualTo(2);
        assertThat(originates).isEqualTo(2);
        assertThat(f.callsInProgress()).isEqualTo(2);
        assertThat(f.dialLevel()).isEqualTo(1.0);
        assertThat(f.abandonRate24h()).isZero();
        assertThat(f.occupancy()).isZero();
        assertThat(f.toJson().getDouble("dialLevel")).isEqualTo(1.0);
    }
}
