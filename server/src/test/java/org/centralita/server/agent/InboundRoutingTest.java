package org.centralita.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.runtime.RuntimeStatus;
import org.junit.jupiter.api.Test;

class InboundRoutingTest {

    static AgentView agent(String id, AgentState state, long since) {
        return new AgentView(id, "PJSIP/" + id, state, since, null, null);
    }

    static RuntimeStatus campaign(long id, AgentView... agents) {
        return new RuntimeStatus(id, true, true, List.of(agents), List.of(), 0, 0, null);
    }

    @Test
    void anInboundCallerGoesToTheCampaignWhoseReadyAgentHasWaitedLongest() {
        long picked = DialerComponent.pickInbound(List.of(
                campaign(1, agent("ana", AgentState.READY, 5_000), agent("luis", AgentState.ON_CALL, 1_000)),
                campaign(2, agent("eva", AgentState.READY, 2_000)),
                campaign(3, agent("jon", AgentState.PAUSED, 100))));

        assertThat(picked).isEqualTo(2);
    }

    @Test
    void withNobodyReadyTheCallerQueuesWhereMostAgentsAreLoggedIn() {
        long picked = DialerComponent.pickInbound(List.of(
                campaign(1, agent("ana", AgentState.ON_CALL, 5_000), agent("x", AgentState.LOGGED_OUT, 1)),
                campaign(2, agent("eva", AgentState.WRAP_UP, 2_000), agent("jon", AgentState.PAUSED, 100)),
                campaign(3)));

        assertThat(picked).isEqualTo(2);
    }

    @Test
    void withNoCampaignThereIsNowhereToQueue() {
        assertThat(DialerComponent.pickInbound(List.of())).isEqualTo(-1);
    }
}
