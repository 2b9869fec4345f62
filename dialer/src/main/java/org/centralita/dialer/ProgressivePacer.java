package org.centralita.dialer;

/** Progressive: one call per ready agent not already promised to a pending call or a waiting inbound call. */
final class ProgressivePacer implements Pacer {
    @Override
    public int callsToPlace(PacingView view) {
        int free = view.count(AgentState.READY) - view.inboundWaiting() - view.pendingCalls();
        return Math.max(0, free);
    }

    @Override
    public long nextDecisionMillis(long now) {
        return now + 1000;
    }
}
