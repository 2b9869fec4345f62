package org.centralita.dialer;

/**
 * Our predictive pacer: at each decision, it predicts, second by second over the next ring-timeout-plus-AMD
 * horizon, how many agents will be free and how many people will need one, and launches the largest number of
 * new calls whose marginal expected abandonment stays within the allowed rate. See docs/pacing.md.
 *
 * <p>Supply (agents free by {@code t}): ready agents now, plus each talking agent with probability
 * {@code P(talk ≤ e + t − wrap | talk > e)} given its elapsed talk time {@code e}, plus each agent in wrap-up with
 * {@code P(wrap ≤ w + t | wrap > w)}; minus blended inbound calls waiting and expected to arrive (they have
 * priority). Demand (people needing an agent by {@code t}): people waiting now, answered calls awaiting AMD with
 * the learned human share at the mean detection time, and each ringing call with
 * {@code P(answered and human in (e, e + t − amd] | still ringing at e)} from the learned outcome mix and the
 * ring-time distribution truncated at the ring timeout. A new call adds {@code pNeed × G(t − amd)}.
 *
 * <p>Both sums are sums of independent Bernoulli variables, approximated as normal. A person arriving at
 * {@code t} is abandoned if the people arrived by {@code t} outnumber the agents free by {@code t + deadline};
 * the expected abandons {@code E(n)} of the horizon sum that probability over arrivals. The pacer places the
 * largest {@code n} with {@code E(k) − E(k−1) ≤ r × pNeed} for every {@code k ≤ n}: each call's own expected
 * abandonment, including what it does to the calls already out, is within the allowed rate {@code r}.
 *
 * <p>Calls matched one-to-one with ready agents not yet promised to a pending call cannot be abandoned; they are
 * placed first, outside the bound (the normal approximation would give them a small false tail).
 *
 * <p>Feedback: {@code r} spends the abandon budget evenly. With {@code target' = target × (1 − margin)},
 * {@code H} people answered and {@code A} abandons in the window (both AMD-adjusted), and a look-ahead of
 * {@code L = max(200, H)} people, the future may abandon {@code (target' (H + L) − A) / L} per person, less the
 * expected false-machine share that pacing cannot avoid. The tightest of the 24 h and 30 day windows wins, and it
 * is divided by the model's calibration: realised abandons over the sum of the marginal predictions of the calls
 * placed, to date, which learns how much a decision that cannot see the future under-predicts (bad news after a
 * call is placed is charged to nobody).
 */
final class PredictivePacer implements Pacer {

    static final long TICK = 1_000;

    private final DialMode.Predictive cfg;
    private CdfTable ringTable;
    private CdfTable quickFailTable;
    private CdfTable talkTable;
    private CdfTable wrapTable;
    private CampaignStatistics tablesFor;
    private double predictedAbandons;
    private double lastAllowed;

    PredictivePacer(DialMode.Predictive cfg) {
        this.cfg = cfg;
    }

    /** Returns the allowed marginal abandon rate used in the last decision. */
    double lastAllowedRate() {
        return lastAllowed;
    }

    @Override
    public long nextDecisionMillis(long now) {
        return now + TICK;
    }

    @Override
    public int callsToPlace(PacingView v) {
        CampaignSettings s = v.settings();
        CampaignStatistics st = v.stats();
        long now = v.now();
        tables(st, s, now);
        double timeout = s.ringTimeout().toMillis() / 1000.0;
        double amd = s.amdEnabled() ? st.amd.mean() : 0;
        int dl = (int) Math.round(s.connectDeadline().toMillis() / 1000.0);
        int k = (int) Math.ceil(timeout + amd) + 2;
        int ks = k + dl + 1;
        double pNeed = st.needPerDial(now);
        double share = s.amdEnabled() ? Math.max(1e-3, st.needAgentShare()) : 1.0;
        double pAns = Math.min(1, pNeed / share);
        double pQuick = st.quickFailRate();
        double pNa = Math.max(0, 1 - pAns - pQuick);
        double ringAtTimeout = Math.max(1e-6, ringTable.cdf(timeout));
        double wrapMean = st.wrap.mean();
        long wrapLimit = s.wrapUpLimit().toMillis();
        if (wrapLimit > 0) {
            wrapMean = Math.min(wrapMean, wrapLimit / 1000.0);
        }

        double[] sMean = new double[ks + 1];
        double[] sVar = new double[ks + 1];
        int ready = 0;
        for (AgentView a : v.agents()) {
            double elapsed = (now - a.sinceMillis()) / 1000.0;
            switch (a.state()) {
                case READY -> ready++;
                case ON_CALL -> {
                    double f0 = talkTable.cdf(elapsed);
                    double surv = 1 - f0;
                    for (int t = 0; t <= ks; t++) {
                        double x = t - wrapMean;
                        if (x <= 0) {
                            continue;
                        }
                        double p = surv <= 1e-9 ? 1 : Math.max(0, (talkTable.cdf(elapsed + x) - f0) / surv);
                        sMean[t] += p;
                        sVar[t] += p * (1 - p);
                    }
                }
                case WRAP_UP -> {
                    for (int t = 0; t <= ks; t++) {
                        double p = wrapLimit > 0 && elapsed + t >= wrapLimit / 1000.0
                                ? 1
                                : wrapTable.conditional(elapsed, t);
                        sMean[t] += p;
                        sVar[t] += p * (1 - p);
                    }
                }
                default -> {}
            }
        }
        double inboundRate = st.inboundRatePerSecond();
        for (int t = 0; t <= ks; t++) {
            sMean[t] += ready - v.inboundWaiting() - inboundRate * t;
            sVar[t] += inboundRate * t;
        }

        double[] aMean = new double[k + 1];
        double[] aVar = new double[k + 1];
        int live = 0;
        for (CallView c : v.calls()) {
            switch (c.phase()) {
                case WAITING_AGENT -> {
                    for (int t = 0; t <= k; t++) {
                        aMean[t] += 1;
                    }
                    live++;
                }
                case ANSWERED -> {
                    double a = (now - c.answeredAtMillis()) / 1000.0;
                    int from = (int) Math.max(0, Math.ceil(amd - a));
                    for (int t = from; t <= k; t++) {
                        aMean[t] += share;
                        aVar[t] += share * (1 - share);
                    }
                    live++;
                }
                case DIALING -> {
                    double e = (now - c.placedAtMillis()) / 1000.0;
                    double gE = Math.min(1, ringTable.cdf(Math.min(e, timeout)) / ringAtTimeout);
                    double alive = pAns * (1 - gE) + pQuick * (1 - quickFailTable.cdf(e)) + (e < timeout ? pNa : 0);
                    if (alive <= 1e-9) {
                        break;
                    }
                    for (int t = 0; t <= k; t++) {
                        double x = e + t - amd;
                        if (x <= e) {
                            continue;
                        }
                        double gX = Math.min(1, ringTable.cdf(Math.min(x, timeout)) / ringAtTimeout);
                        double p = Math.min(1, pAns * share * Math.max(0, gX - gE) / alive);
                        aMean[t] += p;
                        aVar[t] += p * (1 - p);
                    }
                    live++;
                }
                case CONNECTED, IN_FLOW, MACHINE, ABANDONING -> live++;
            }
        }
        double[] cNew = new double[k + 1];
        for (int t = 0; t <= k; t++) {
            double x = t - amd;
            cNew[t] = x <= 0 ? 0 : pNeed * Math.min(1, ringTable.cdf(Math.min(x, timeout)) / ringAtTimeout);
        }

        double r = allowedRate(v, st, share);
        lastAllowed = r;
        int limit = s.maxLines() - live;
        // Calls matched one-to-one with ready agents cannot be abandoned (progressive's guarantee): the normal
        // approximation would see a small false tail there, so they are placed without a bound.
        int riskFree = Math.max(0, ready - v.inboundWaiting() - v.pendingCalls());
        int n = Math.min(limit, riskFree);
        double prev = expectedAbandons(n, aMean, aVar, sMean, sVar, cNew, k, dl);
        while (n < limit) {
            double e = expectedAbandons(n + 1, aMean, aVar, sMean, sVar, cNew, k, dl);
            if (e - prev > r * pNeed) {
                break;
            }
            predictedAbandons += e - prev;
            prev = e;
            n++;
        }
        return n;
    }

    private static double expectedAbandons(
            int n, double[] aMean, double[] aVar, double[] sMean, double[] sVar, double[] cNew, int k, int dl) {
        double total = 0;
        double prevA = 0;
        for (int t = 0; t <= k; t++) {
            double am = aMean[t] + n * cNew[t];
            double av = aVar[t] + n * cNew[t] * (1 - cNew[t]);
            double arrivals = am - prevA;
            prevA = am;
            if (arrivals <= 1e-9) {
                continue;
            }
            double mu = am - sMean[t + dl];
            double var = av + sVar[t + dl];
            double pShort;
            if (var < 1e-9) {
                pShort = mu >= 0.5 ? 1 : 0;
            } else {
                pShort = 1 - Normal.cdf((0.5 - mu) / Math.sqrt(var));
            }
            total += arrivals * pShort;
        }
        return total;
    }

    /** The allowed marginal abandon probability per person, from the budget left and the model's calibration. */
    double allowedRate(PacingView v, CampaignStatistics st, double share) {
        double target = v.settings().abandonTarget() * (1 - cfg.safetyMargin());
        AbandonLedger.Rates rates = v.ledger().rates(v.now());
        double phi = v.settings().amdEnabled() ? v.settings().amdFalseMachineShare() : 0;
        double machineVerdicts = 1 - share;
        double fmFraction = phi * machineVerdicts / (share + phi * machineVerdicts);
        double rho = Math.min(budget(rates.last24h(), target, fmFraction), budget(rates.last30d(), target, fmFraction));
        double calibration = (rates.toDate().abandoned() + 5) / (predictedAbandons + 5);
        calibration = Math.max(0.25, Math.min(20, calibration));
        return Math.max(0.0005, Math.min(0.25, rho / calibration));
    }

    private static double budget(AbandonLedger.Counts c, double target, double fmFraction) {
        double fm = c.estimatedFalseMachines();
        double h = c.humans() + fm;
        double a = c.abandoned() + fm;
        double look = Math.max(200, h);
        double perUnit = (target * (h + look) - a) / look - fmFraction;
        return perUnit / Math.max(0.5, 1 - fmFraction);
    }

    private void tables(CampaignStatistics st, CampaignSettings s, long now) {
        if (tablesFor != st) {
            double timeout = s.ringTimeout().toMillis() / 1000.0;
            ringTable = new CdfTable(st.ring, 0.1, timeout + 60);
            quickFailTable = new CdfTable(st.quickFail, 0.1, timeout + 60);
            talkTable = new CdfTable(st.talk, 1, 7_200);
            wrapTable = new CdfTable(st.wrap, 0.5, 1_800);
            tablesFor = st;
        }
        ringTable.refresh(now);
        quickFailTable.refresh(now);
        talkTable.refresh(now);
        wrapTable.refresh(now);
    }
}
