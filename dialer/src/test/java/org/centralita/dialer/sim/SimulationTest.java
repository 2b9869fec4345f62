package org.centralita.dialer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.centralita.dialer.DialerException;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final String SHORT = """
            agents: 5
            hours: 0.5
            humanAnswerRate: 0.30
            machineRate: 0.15
            busyRate: 0.05
            failedRate: 0.03
            ringSeconds: {mean: 8, cv: 0.5}
            noAnswerTimeoutSeconds: 25
            talkSeconds: {mean: 60, cv: 0.6}
            wrapUpSeconds: {mean: 10, cv: 0.3}
            amd: {enabled: true, detectSeconds: 3, falseMachineRate: 0.03, falseHumanRate: 0.0}
            """;

    @Test
    void sameSeedGivesTheSameDayAndAnotherSeedADifferentOne() {
        Scenario s = Scenario.parse("short", SHORT);
        RunResult a = Simulation.run(s, "predictive", 7);
        RunResult b = Simulation.run(s, "predictive", 7);
        RunResult c = Simulation.run(s, "predictive", 8);
        assertThat(b.callsPlaced()).isEqualTo(a.callsPlaced());
        assertThat(b.occupancy()).isEqualTo(a.occupancy());
        assertThat(b.abandonRate()).isEqualTo(a.abandonRate());
        assertThat(c.callsPlaced()).isNotEqualTo(a.callsPlaced());
    }

    @Test
    void progressiveNeverAbandonsAndOverdiallingAlgorithmsKeepAgentsBusier() {
        Scenario s = Scenario.parse("short", SHORT);
        List<AlgorithmSummary> r = Simulator.run(s, List.of("progressive", "predictive", "oracle"), 1);
        AlgorithmSummary progressive = r.get(0);
        AlgorithmSummary predictive = r.get(1);
        AlgorithmSummary oracle = r.get(2);
        assertThat(progressive.abandonRate()).as("only AMD false machines").isLessThan(0.05);
        assertThat(predictive.occupancy()).isGreaterThan(progressive.occupancy());
        assertThat(oracle.occupancy()).isGreaterThan(progressive.occupancy());
        assertThat(Simulator.toJson(r))
                .contains("\"occupancy\"", "\"utilization\"", "\"abandonRate\"", "\"maxAbandonRate24h\"")
                .contains("\"talkMinutesPerAgentHour\"", "\"callsPlaced\"", "\"humanConnects\"")
                .contains("\"p95ConnectDelayMs\"");
    }

    @Test
    void predictiveToldWhichPlacedCallsReachAPersonKeepsAgentsBusierOnTheSameDay() {
        Scenario s = Scenario.parse(
                "two-hours", SHORT.replace("agents: 5\n", "agents: 10\n").replace("hours: 0.5", "hours: 2"));
        List<AlgorithmSummary> r = Simulator.run(s, List.of("predictive", "predictive+outcomes"), 1);
        assertThat(r.get(1).algorithm()).isEqualTo("predictive+outcomes");
        assertThat(r.get(1).occupancy())
                .as("the binomial noise of ringing calls is what predictive pays for")
                .isGreaterThan(r.get(0).occupancy() + 0.01);
        assertThat(r.get(1).abandonRate()).isLessThan(0.05);
        assertThatThrownBy(() -> Simulation.run(s, "predictive+luck", 1))
                .isInstanceOf(DialerException.class)
                .hasMessageContaining("unknown insight in 'predictive+luck'");
    }

    @Test
    void scenarioDefaultsAndErrors() {
        Scenario s = Scenario.parse("short", SHORT);
        assertThat(s.connectDeadlineSeconds()).isEqualTo(2);
        assertThat(s.abandonTarget()).isEqualTo(0.03);
        assertThat(s.answerRateDrift()).isEmpty();
        assertThatThrownBy(() -> Scenario.parse("x", SHORT.replace("agents: 5\n", "")))
                .isInstanceOf(DialerException.class)
                .hasMessageContaining("missing required key 'agents'");
        assertThatThrownBy(() -> Scenario.parse("x", SHORT + "agentz: 3\n"))
                .hasMessageContaining("unknown key 'agentz'");
        assertThatThrownBy(() ->
                        Scenario.parse("x", SHORT.replace("noAnswerTimeoutSeconds: 25", "noAnswerTimeoutSeconds: 10")))
                .hasMessageContaining("at least 15");
        assertThatThrownBy(() -> Simulation.run(s, "turbo", 1)).hasMessageContaining("unknown algorithm 'turbo'");
    }

    @Test
    void answerRateDriftChangesTheRateAtTheGivenHour() {
        Scenario s = Scenario.parse("drift", SHORT + "answerRateDrift:\n  - {atHour: 4, humanAnswerRate: 0.12}\n");
        assertThat(s.humanRateAt(3.9)).isEqualTo(0.30);
        assertThat(s.humanRateAt(4.0)).isEqualTo(0.12);
    }
}
