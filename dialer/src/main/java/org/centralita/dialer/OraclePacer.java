package org.centralita.dialer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clairvoyant bound: it knows when every agent will be free and when every call (placed or not yet placed)
 * will need an agent, and dials each contact in list order so that each person arrives as an agent frees up.
 * Contacts that will not need an agent are dialled at once (they cost a line, nothing else). Only the simulator
 * can provide its {@link OracleKnowledge}.
 */
final class OraclePacer implements Pacer {

    private final OracleKnowledge knowledge;
    private long nextAt = Long.MIN_VALUE;

    OraclePacer(OracleKnowledge knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public long nextDecisionMillis(long now) {
        return nextAt > now ? Math.min(nextAt, now + 1_000) : now + 1_000;
    }

    @Override
    public int callsToPlace(PacingView v) {
        long now = v.now();
        long dl = v.settings().connectDeadline().toMillis();
        Map<String, CallView> byAgent = new HashMap<>();
        for (CallView c : v.calls()) {
            if (!c.agentId().isEmpty()) {
                byAgent.put(c.agentId(), c);
            }
        }
        List<Long> free = new ArrayList<>();
        for (AgentView a : v.agents()) {
            switch (a.state()) {
                case READY -> free.add(now);
                case RESERVED, ON_CALL ->
                    knowledge
                            .ofCall(a.callId())
                            .ifPresent(f -> free.add(Math.max(now, a.sinceMillis() + f.talkMillis() + f.wrapMillis())));
                case WRAP_UP ->
                    knowledge
                            .ofCall(a.callId())
                            .ifPresent(f -> free.add(Math.max(now, a.sinceMillis() + f.wrapMillis())));
                default -> {}
            }
        }
        List<Long> needs = new ArrayList<>();
        int live = 0;
        for (CallView c : v.calls()) {
            live++;
            switch (c.phase()) {
                case WAITING_AGENT -> needs.add(now);
                case DIALING, ANSWERED ->
                    knowledge.ofCall(c.callId()).ifPresent(f -> {
                        if (f.needsAgent()) {
                            needs.add(Math.max(now, c.placedAtMillis() + f.agentNeededAfterMillis()));
                        }
                    });
                default -> {}
            }
        }
        Collections.sort(free);
        Collections.sort(needs);
        ArrayDeque<Long> remaining = new ArrayDeque<>(free);
        for (int i = 0; i < needs.size() && !remaining.isEmpty(); i++) {
            remaining.pollFirst();
        }
        // Inbound calls waiting take agents first.
        for (int i = 0; i < v.inboundWaiting() && !remaining.isEmpty(); i++) {
            remaining.pollFirst();
        }
        int limit = v.settings().maxLines() - live;
        int n = 0;
        nextAt = Long.MAX_VALUE;
        while (n < limit) {
            OracleKnowledge.Foresight f = knowledge.upcoming(n, now);
            if (!f.needsAgent()) {
                n++;
                continue;
            }
            Long agentFree = remaining.peekFirst();
            if (agentFree == null) {
                break;
            }
            long arrival = now + f.agentNeededAfterMillis();
            if (arrival + dl / 2 >= agentFree) {
                remaining.pollFirst();
                n++;
            } else {
                nextAt = agentFree - dl / 2 - f.agentNeededAfterMillis();
                break;
            }
        }
        return n;
    }
}
