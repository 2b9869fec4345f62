package org.centralita.dialer;

/**
 * Decides how many new calls to place now. Pacers are deterministic functions of the {@link PacingView} (and of
 * their own small state, such as VICIdial's dial level), with time taken from the view: the same code paces a
 * live campaign and a simulated one.
 */
public sealed interface Pacer
        permits PreviewPacer,
                ProgressivePacer,
                RatioPacer,
                AdaptivePacer,
                PredictivePacer,
                AgentlessPacer,
                OraclePacer {

    /** Returns the number of new calls to originate now (0 or more). */
    int callsToPlace(PacingView view);

    /** Returns the latest time the pacer wants to be asked again, even if nothing happens. */
    long nextDecisionMillis(long now);

    /** Creates the pacer for {@code mode}, with fresh state. */
    static Pacer of(DialMode mode) {
        if (mode instanceof DialMode.Preview) {
            return new PreviewPacer();
        } else if (mode instanceof DialMode.Progressive) {
            return new ProgressivePacer();
        } else if (mode instanceof DialMode.Ratio r) {
            return new RatioPacer(r.linesPerAgent());
        } else if (mode instanceof DialMode.Adaptive a) {
            return new AdaptivePacer(a);
        } else if (mode instanceof DialMode.Predictive p) {
            return new PredictivePacer(p);
        } else if (mode instanceof DialMode.PredictiveInformed i) {
            return new PredictivePacer(DialMode.Predictive.defaults(), i);
        } else if (mode instanceof DialMode.Agentless a) {
            return new AgentlessPacer(a.channelLimit());
        } else if (mode instanceof DialMode.Oracle o) {
            return new OraclePacer(o.knowledge());
        }
        throw new DialerException("unknown dial mode " + mode);
    }
}
