package org.centralita.dialer.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.centralita.dialer.Contact;
import org.centralita.dialer.LeadSource;
import org.centralita.dialer.OracleKnowledge;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.gateway.call.SimDistribution;
import org.centralita.gateway.call.SimOutcomeModel;
import org.centralita.gateway.call.SimRandomOutcomes;

/**
 * An endless simulated contact list whose every call's fate is drawn, per contact, from its own random stream:
 * contact {@code i} has the same fate for every algorithm run with the same seed (common random numbers), and
 * the fate is fixed when the contact is first looked at (so the oracle can see it ahead). The human answer rate
 * in force at that moment applies, which models a drift during the day.
 */
final class SimLeadSource implements LeadSource, OracleKnowledge, SimOutcomeModel {

    record Fate(SimCallPlan plan, long wrapMillis) {}

    private final Scenario scenario;
    private final long seed;
    private final long startMillis;
    private final List<Fate> fates = new ArrayList<>();
    private final Map<String, Integer> indexByCall = new HashMap<>();
    private int cursor;

    SimLeadSource(Scenario scenario, long seed, long startMillis) {
        this.scenario = scenario;
        this.seed = seed;
        this.startMillis = startMillis;
    }

    @Override
    public Optional<Contact> next(long nowMillis) {
        fate(cursor, nowMillis);
        int i = cursor++;
        return Optional.of(new Contact("c" + i, "+3460000" + i, Map.of()));
    }

    /** Remembers which contact a call dials (for the oracle). */
    void callPlaced(String callId, String contactId) {
        indexByCall.put(callId, Integer.parseInt(contactId.substring(1)));
    }

    Fate fateOfCall(String callId) {
        Integer i = indexByCall.get(callId);
        return i == null ? null : fates.get(i);
    }

    @Override
    public SimCallPlan plan(OriginateRequest request) {
        String contact = request.variables().get("CENTRALITA_CONTACT_ID");
        return fates.get(Integer.parseInt(contact.substring(1))).plan();
    }

    @Override
    public Foresight upcoming(int offset, long nowMillis) {
        return foresight(fate(cursor + offset, nowMillis));
    }

    @Override
    public Optional<Foresight> ofCall(String callId) {
        Fate f = fateOfCall(callId);
        return f == null ? Optional.empty() : Optional.of(foresight(f));
    }

    private Foresight foresight(Fate f) {
        SimCallPlan p = f.plan();
        long timeout = Math.round(scenario.noAnswerTimeoutSeconds() * 1000);
        boolean answers = p.picksUp() && p.ringMillis() < timeout;
        boolean needs = answers && p.amdVerdict() != SimAmdVerdict.MACHINE;
        return new Foresight(needs, p.ringMillis() + p.amdMillis(), p.talkMillis(), f.wrapMillis());
    }

    private Fate fate(int i, long nowMillis) {
        while (fates.size() <= i) {
            int idx = fates.size();
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + idx * 0xBF58476D1CE4E5B9L + 7);
            double hoursIn = (nowMillis - startMillis) / 3_600_000.0;
            SimRandomOutcomes.Params params = new SimRandomOutcomes.Params(
                    scenario.humanRateAt(hoursIn),
                    scenario.machineRate(),
                    scenario.busyRate(),
                    scenario.failedRate(),
                    scenario.ringSeconds(),
                    scenario.talkSeconds(),
                    new SimDistribution(15, 0.4),
                    scenario.amd().enabled(),
                    scenario.amd().detectSeconds(),
                    scenario.amd().falseMachineRate(),
                    scenario.amd().falseHumanRate());
            SimCallPlan plan = new SimRandomOutcomes(params, r).next();
            long wrap = scenario.wrapUpSeconds().sampleMillis(r);
            fates.add(new Fate(plan, wrap));
        }
        return fates.get(i);
    }
}
