package org.centralita.dialer;

import java.util.Optional;

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
 * <p>Both are sums of independent Bernoulli (and Poisson) terms. A person arriving at {@code t} is abandoned if
 * the people arrived by {@code t} outnumber the agents free by {@code t + deadline}; the probability of that is
 * taken from a shifted gamma with the difference's mean, variance and third cumulant, not from the normal, which
 * understates such tails by orders of magnitude. The expected abandons {@code E(n)} of the horizon sum that
 * probability over arrivals. The pacer places the largest {@code n} with {@code E(k) − E(k−1) ≤ r × pNeed} for
 * every {@code k ≤ n}: each call's own expected abandonment, including what it does to the calls already out, is
 * within the allowed rate {@code r}. Agents screening an AMD machine verdict count as free once the machine is
 * recognised (learned screening time), unless the call was a person AMD mistook.
 *
 * <p>Calls matched one-to-one with ready agents not yet promised to a pending call are placed first, outside the
 * bound; what they add to the expected abandons is still counted in the calibration's predictions.
 *
 * <p>Feedback: {@code r} spends the abandon budget evenly. With {@code H} people answered and {@code A} abandons in
 * the window (both AMD-adjusted) and a look-ahead of {@code L = max(200, H)} people, the room left is
 * {@code B = target × (H + L) − A}; abandons to come are a Poisson count, so the pacer expects at most the
 * {@code λ} with {@code λ + z√λ = B} ({@code z} for a 90% credible level): few people, proportionally more
 * caution. Per person that is {@code λ / L}, less the learned share of AMD false machines that are hung up. The
 * tightest of the 24 h and 30 day windows wins, and it is divided by the model's calibration: the 90% upper
 * credible bound of realised abandons over predicted ones under a Gamma posterior (prior centred on 1, evidence
 * halved every hour), so the day starts cautious and opens up as evidence accrues.
 */
final class PredictivePacer implements Pacer {

    static final long TICK = 1_000;

    private final DialMode.Predictive cfg;
    private final DialMode.PredictiveInformed insight;
    private CdfTable ringTable;
    private CdfTable quickFailTable;
    private CdfTable talkTable;
    private CdfTable wrapTable;
    private CdfTable screenTable;
    private CampaignStatistics tablesFor;
    private double predictedAbandons;
    private double realisedAbandons;
    private long seenAbandons;
    private long calibratedAt = Long.MIN_VALUE;
    private double lastAllowed;
    private double lastCalibration = 1;

    /** Credible level of the calibration bound, and its standard normal quantile. */
    static final double CREDIBLE = 0.9;

    private static final double Z_CREDIBLE = 1.2816;
    /** Evidence about the model's calibration loses half its weight in this time. */
    static final long CALIBRATION_HALF_LIFE_MILLIS = 3_600_000;
    /** Weight, in people, of the prior share of AMD false machines hung up. */
    private static final double FM_PRIOR_PEOPLE = 50;

    PredictivePacer(DialMode.Predictive cfg) {
        this(cfg, null);
    }

    /** Creates the pacer told part of the future ({@code insight}, simulator analysis only) or not ({@code null}). */
    PredictivePacer(DialMode.Predictive cfg, DialMode.PredictiveInformed insight) {
        this.cfg = cfg;
        this.insight = insight;
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
        double[] sK3 = new double[ks + 1];
        int ready = 0;
        java.util.Set<String> screening = new java.util.HashSet<>();
        for (CallView c : v.calls()) {
            if (c.phase() == CallPhase.CONNECTED && c.humanAtMillis() < 0 && c.answeredAtMillis() >= 0) {
                screening.add(c.callId());
            }
        }
        double phi = s.amdEnabled() ? s.amdFalseMachineShare() : 0;
        for (AgentView a : v.agents()) {
            double elapsed = (now - a.sinceMillis()) / 1000.0;
            switch (a.state()) {
                case READY -> ready++;
                case ON_CALL -> {
                    if (screening.contains(a.callId())) {
                        // Screening a machine verdict: free again once the agent hears the machine, unless it
                        // is the person AMD mistook (share phi), who then talks.
                        double f0 = screenTable.cdf(elapsed);
                        double surv = Math.max(1e-9, 1 - f0);
                        for (int t = 0; t <= ks; t++) {
                            double p = (1 - phi) * Math.max(0, (screenTable.cdf(elapsed + t) - f0) / surv);
                            term(sMean, sVar, sK3, t, p);
                        }
                        break;
                    }
                    Optional<OracleKnowledge.Foresight> known = agentFuture(a);
                    if (known.isPresent()) {
                        long freeAt = a.sinceMillis()
                                + known.get().talkMillis()
                                + known.get().wrapMillis();
                        addCertain(sMean, (freeAt - now) / 1000.0, ks);
                        break;
                    }
                    double f0 = talkTable.cdf(elapsed);
                    double surv = 1 - f0;
                    for (int t = 0; t <= ks; t++) {
                        double x = t - wrapMean;
                        if (x <= 0) {
                            continue;
                        }
                        double p = surv <= 1e-9 ? 1 : Math.max(0, (talkTable.cdf(elapsed + x) - f0) / surv);
                        term(sMean, sVar, sK3, t, p);
                    }
                }
                case WRAP_UP -> {
                    Optional<OracleKnowledge.Foresight> known = agentFuture(a);
                    if (known.isPresent()) {
                        addCertain(sMean, (a.sinceMillis() + known.get().wrapMillis() - now) / 1000.0, ks);
                        break;
                    }
                    for (int t = 0; t <= ks; t++) {
                        double p = wrapLimit > 0 && elapsed + t >= wrapLimit / 1000.0
                                ? 1
                                : wrapTable.conditional(elapsed, t);
                        term(sMean, sVar, sK3, t, p);
                    }
                }
                default -> {}
            }
        }
        double inboundRate = st.inboundRatePerSecond();
        for (int t = 0; t <= ks; t++) {
            sMean[t] += ready - v.inboundWaiting() - inboundRate * t;
            sVar[t] += inboundRate * t;
            sK3[t] -= inboundRate * t; // inbound arrivals are subtracted from the supply: Poisson, third cumulant λt
        }

        double[] aMean = new double[k + 1];
        double[] aVar = new double[k + 1];
        double[] aK3 = new double[k + 1];
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
                    Optional<Boolean> needs = placedOutcome(c);
                    double h = needs.map(x -> x ? 1.0 : 0.0).orElse(share);
                    for (int t = from; t <= k; t++) {
                        term(aMean, aVar, aK3, t, h);
                    }
                    live++;
                }
                case DIALING -> {
                    double e = (now - c.placedAtMillis()) / 1000.0;
                    double gE = Math.min(1, ringTable.cdf(Math.min(e, timeout)) / ringAtTimeout);
                    double alive = pAns * (1 - gE) + pQuick * (1 - quickFailTable.cdf(e)) + (e < timeout ? pNa : 0);
                    Optional<Boolean> needs = placedOutcome(c);
                    if (needs.isPresent()) {
                        // Told whether it reaches a person, not when: answered by e + t − amd given not yet at e.
                        if (needs.get()) {
                            addRinging(aMean, aVar, aK3, e, gE, 1 - gE, 1, amd, timeout, ringAtTimeout, k);
                        }
                        live++;
                        break;
                    }
                    if (alive <= 1e-9) {
                        break;
                    }
                    addRinging(aMean, aVar, aK3, e, gE, alive, pAns * share, amd, timeout, ringAtTimeout, k);
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
        // Calls matched one-to-one with ready agents not yet promised to a pending call are placed without a bound
        // (progressive's guarantee: the agent idles otherwise); what they add to the expected abandons of the other
        // calls is still charged to the calibration's predictions.
        int riskFree = Math.max(0, ready - v.inboundWaiting() - v.pendingCalls());
        int n = Math.min(limit, riskFree);
        double prev = expectedAbandons(n, aMean, aVar, aK3, sMean, sVar, sK3, cNew, k, dl);
        if (n > 0) {
            predictedAbandons += prev - expectedAbandons(0, aMean, aVar, aK3, sMean, sVar, sK3, cNew, k, dl);
        }
        while (n < limit) {
            double e = expectedAbandons(n + 1, aMean, aVar, aK3, sMean, sVar, sK3, cNew, k, dl);
            if (e - prev > r * pNeed) {
                break;
            }
            predictedAbandons += e - prev;
            prev = e;
            n++;
        }
        return n;
    }

    /**
     * Adds a ringing call's chance of needing an agent by each second {@code t}: it is answered (and a person, with
     * {@code pNeedAnswered}) in {@code (e, e + t − amd]} given it was still ringing at {@code e}, {@code alive} being
     * the probability of that.
     */
    private void addRinging(
            double[] aMean,
            double[] aVar,
            double[] aK3,
            double e,
            double gE,
            double alive,
            double pNeedAnswered,
            double amd,
            double timeout,
            double ringAtTimeout,
            int k) {
        for (int t = 0; t <= k; t++) {
            double x = e + t - amd;
            if (x <= e) {
                continue;
            }
            double gX = Math.min(1, ringTable.cdf(Math.min(x, timeout)) / ringAtTimeout);
            double p = Math.min(1, pNeedAnswered * Math.max(0, gX - gE) / Math.max(1e-9, alive));
            term(aMean, aVar, aK3, t, p);
        }
    }

    /** Adds one agent certain to be free {@code inSeconds} from now (analysis bound only). */
    private static void addCertain(double[] sMean, double inSeconds, int ks) {
        for (int t = Math.max(0, (int) Math.ceil(inSeconds)); t <= ks; t++) {
            sMean[t] += 1;
        }
    }

    /** Adds a term that is 1 with probability {@code p} to the mean, variance and third cumulant of second t. */
    private static void term(double[] mean, double[] var, double[] k3, int t, double p) {
        mean[t] += p;
        var[t] += p * (1 - p);
        k3[t] += p * (1 - p) * (1 - 2 * p);
    }

    /** Returns the future of the agent's call when this pacer is told agents' free times (analysis bound only). */
    private Optional<OracleKnowledge.Foresight> agentFuture(AgentView a) {
        if (insight == null || !insight.agentFreeTimes() || a.callId().isEmpty()) {
            return Optional.empty();
        }
        return insight.knowledge().ofCall(a.callId());
    }

    /** Returns whether a placed call will need an agent when this pacer is told so (analysis bound only). */
    private Optional<Boolean> placedOutcome(CallView c) {
        if (insight == null || !insight.placedOutcomes()) {
            return Optional.empty();
        }
        return insight.knowledge().ofCall(c.callId()).map(OracleKnowledge.Foresight::needsAgent);
    }

    static double expectedAbandons(
            int n,
            double[] aMean,
            double[] aVar,
            double[] aK3,
            double[] sMean,
            double[] sVar,
            double[] sK3,
            double[] cNew,
            int k,
            int dl) {
        double total = 0;
        double prevA = 0;
        for (int t = 0; t <= k; t++) {
            double c = cNew[t];
            double am = aMean[t] + n * c;
            double av = aVar[t] + n * c * (1 - c);
            double ak3 = aK3[t] + n * c * (1 - c) * (1 - 2 * c);
            double arrivals = am - prevA;
            prevA = am;
            if (arrivals <= 1e-9) {
                continue;
            }
            // D = A(t) - S(t + deadline): a person arriving at t is abandoned when D >= 1.
            double pShort = upperTail(0.5, am - sMean[t + dl], av + sVar[t + dl], ak3 - sK3[t + dl]);
            total += arrivals * pShort;
        }
        return total;
    }

    /**
     * Returns {@code P(D ≥ x)} for a sum of independent Bernoulli (and Poisson) terms with the given mean, variance
     * and third cumulant, by a shifted gamma with the same three moments (Wilson-Hilferty for the gamma tail). The
     * pacer works far in the tail (one abandon per hundreds of people), where the normal approximation of such
     * skewed sums understates the probability by orders of magnitude: a Poisson(1) count reaches 6 with
     * probability 6e-4, which the normal puts at 3e-6.
     */
    static double upperTail(double x, double mean, double var, double k3) {
        if (var < 1e-9) {
            return mean >= x ? 1 : 0;
        }
        double sd = Math.sqrt(var);
        double g = k3 / (var * sd);
        if (Math.abs(g) < 1e-3) {
            return 1 - Normal.cdf((x - mean) / sd);
        }
        double ag = Math.min(Math.abs(g), 4);
        double shape = 4 / (ag * ag);
        double scale = sd * ag / 2;
        if (g > 0) {
            double y = x - (mean - 2 * sd / ag);
            return y <= 0 ? 1 : gammaUpper(shape, y / scale);
        }
        double y = -x - (-mean - 2 * sd / ag);
        return y <= 0 ? 0 : 1 - gammaUpper(shape, y / scale);
    }

    /** Returns {@code P(G ≥ y)} for a unit-scale gamma of shape {@code k}, by the Wilson-Hilferty approximation. */
    static double gammaUpper(double k, double y) {
        double c = 1 / (9 * k);
        return 1 - Normal.cdf((Math.cbrt(y / k) - (1 - c)) / Math.sqrt(c));
    }

    /** The allowed marginal abandon probability per person, from the budget left and the model's calibration. */
    double allowedRate(PacingView v, CampaignStatistics st, double share) {
        double target = v.settings().abandonTarget() * (1 - cfg.safetyMargin());
        AbandonLedger.Rates rates = v.ledger().rates(v.now());
        double phi = v.settings().amdEnabled() ? v.settings().amdFalseMachineShare() : 0;
        double machineVerdicts = 1 - share;
        // People AMD takes for machines and that are hung up (not screened by a free agent), per person answered:
        // before evidence, every machine verdict hung up; then what the last 24 h show, as a Beta-style blend.
        double fmPrior = phi * machineVerdicts / Math.max(1e-9, share + phi * machineVerdicts);
        AbandonLedger.Counts day = rates.last24h();
        double fmSeen = day.estimatedFalseMachines();
        double fmFraction = (fmSeen + FM_PRIOR_PEOPLE * fmPrior) / (day.humans() + fmSeen + FM_PRIOR_PEOPLE);
        double rho = Math.min(budget(rates.last24h(), target, fmFraction), budget(rates.last30d(), target, fmFraction));
        forget(v.now(), rates.toDate().abandoned());
        lastCalibration = calibration(realisedAbandons, predictedAbandons);
        return Math.max(0.0005, Math.min(0.25, rho / lastCalibration));
    }

    /**
     * Returns how many real abandons one predicted abandon turns out to be: an upper credible bound (level
     * {@link #CREDIBLE}) of the ratio under a Gamma posterior with a unit-weight prior centred on 1 (the model is
     * trusted a priori, loosely), so the pacer starts cautious and opens up as the day gives evidence.
     */
    static double calibration(double realised, double predicted) {
        double shape = 1 + realised;
        double rate = 1 + predicted;
        // Wilson-Hilferty approximation of the Gamma quantile.
        double c = 1 / (9 * shape);
        double q = shape / rate * Math.pow(Math.max(0, 1 - c + Z_CREDIBLE * Math.sqrt(c)), 3);
        return Math.max(0.25, Math.min(50, q));
    }

    /**
     * Adds the abandons since the last decision to the realised count and discounts old evidence on both sides
     * (half of it per {@link #CALIBRATION_HALF_LIFE_MILLIS}), so that a morning learned on priors does not weigh
     * on the afternoon.
     */
    private void forget(long now, long abandonedToDate) {
        if (calibratedAt != Long.MIN_VALUE && now > calibratedAt) {
            double keep = Math.pow(0.5, (now - calibratedAt) / (double) CALIBRATION_HALF_LIFE_MILLIS);
            predictedAbandons *= keep;
            realisedAbandons *= keep;
        }
        realisedAbandons += Math.max(0, abandonedToDate - seenAbandons);
        seenAbandons = abandonedToDate;
        calibratedAt = now;
    }

    /** Returns the calibration used in the last decision. */
    double lastCalibration() {
        return lastCalibration;
    }

    private static double budget(AbandonLedger.Counts c, double target, double fmFraction) {
        double fm = c.estimatedFalseMachines();
        double h = c.humans() + fm;
        double a = c.abandoned() + fm;
        double look = Math.max(200, h);
        // Abandons to come are a Poisson count: expect lambda of them where lambda + z sqrt(lambda) fits the room
        // left, so the rate stays under the target at the credible level even early in the day.
        double room = target * (h + look) - a;
        double root = room <= 0 ? 0 : (-Z_CREDIBLE + Math.sqrt(Z_CREDIBLE * Z_CREDIBLE + 4 * room)) / 2;
        double perUnit = root * root / look - fmFraction;
        return perUnit / Math.max(0.5, 1 - fmFraction);
    }

    private void tables(CampaignStatistics st, CampaignSettings s, long now) {
        if (tablesFor != st) {
            double timeout = s.ringTimeout().toMillis() / 1000.0;
            ringTable = new CdfTable(st.ring, 0.1, timeout + 60);
            quickFailTable = new CdfTable(st.quickFail, 0.1, timeout + 60);
            talkTable = new CdfTable(st.talk, 1, 7_200);
            wrapTable = new CdfTable(st.wrap, 0.5, 1_800);
            screenTable = new CdfTable(st.screen, 0.1, 120);
            tablesFor = st;
        }
        ringTable.refresh(now);
        quickFailTable.refresh(now);
        talkTable.refresh(now);
        wrapTable.refresh(now);
        screenTable.refresh(now);
    }
}
