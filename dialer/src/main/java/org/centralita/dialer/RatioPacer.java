package org.centralita.dialer;

/** Ratio: keeps {@code linesPerAgent} lines (ringing, waiting or talking) per working agent. */
final class RatioPacer implements Pacer {
    private final double linesPerAgent;

    RatioPacer(double linesPerAgent) {
        this.linesPerAgent = linesPerAgent;
    }

    @Override
    public int callsToPlace(PacingView view) {
        int working = view.count(AgentState.READY) + view.count(AgentState.RESERVED) + view.count(AgentState.ON_CALL);
        int lines = view.pendingCalls() + view.count(CallPhase.CONNECTED);
        return Math.max(0, (int) Math.floor(linesPerAgent * working) - lines);
    }

    @Override
    public long nextDecisionMillis(long now) {
        return now + 1000;
    }
}
