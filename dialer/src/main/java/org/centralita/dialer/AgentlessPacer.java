package org.centralita.dialer;

/** Agentless: keeps the campaign's channels full, nothing else. */
final class AgentlessPacer implements Pacer {
    private final int channelLimit;

    AgentlessPacer(int channelLimit) {
        this.channelLimit = channelLimit;
    }

    @Override
    public int callsToPlace(PacingView view) {
        return Math.max(0, channelLimit - view.calls().size());
    }

    @Override
    public long nextDecisionMillis(long now) {
        return now + 1000;
    }
}
