package org.centralita.dialer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.centralita.dialer.DialerAction.AgentChanged;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialer's state machine for one campaign: it consumes events (call results and events from
 * {@code CallControl}, agent actions, inbound calls, ticks), each with the time it happened, and returns the
 * {@link DialerAction}s to carry out. It performs no I/O and reads no clock, so the same code runs a live
 * campaign (driven by Vert.x adapters) and a simulated day (driven by the simulator in virtual time).
 *
 * <p>Call path: originate → answered → AMD verdict (or straight to a person when AMD is off) → a person gets
 * the longest-idle ready agent at once (reserved, screen pop, bridge), or waits up to the connect deadline and is
 * then abandoned (abandon message, not recalled for 72 h); a machine is hung up and retried later. Blended
 * inbound calls take ready agents first. After each event the pacer of the campaign's {@link DialMode} decides
 * how many new calls to place, at most every 500 ms plus the pacer's own ticks.
 *
 * <p>Not thread-safe: the shell calls it from one thread (a Vert.x context, or the simulator).
 */
public final class CampaignDialer {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignDialer.class);
    private static final long PACE_GAP_MILLIS = 500;

    private CampaignSettings settings;
    private final LeadSource leads;
    private final AgentPool pool;
    private final AbandonLedger ledger;
    private final CampaignStatistics stats;
    private final DialLog dialLog;
    private Pacer pacer;
    private final Map<String, Call> calls = new LinkedHashMap<>();
    private final Map<String, Call> byChannel = new HashMap<>();
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private final ArrayDeque<Call> machineWaiting = new ArrayDeque<>();
    private boolean machineScreening = true;
    private final ArrayDeque<Inbound> inboundQueue = new ArrayDeque<>();
    private final Map<String, Inbound> inboundById = new HashMap<>();
    private final Map<String, Inbound> inboundByChannel = new HashMap<>();
    private boolean connected = true;
    private boolean running;
    private long seq;
    private long lastPace = Long.MIN_VALUE / 2;
    private long pacerNextAt = Long.MIN_VALUE;
    private boolean dirty = true;
    private boolean reportObservations;

    /** Creates a dialer for a campaign; pacing starts with {@link #start(long)}. */
    public CampaignDialer(CampaignSettings settings, LeadSource leads, CampaignStatistics.Priors priors) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.leads = Objects.requireNonNull(leads, "leads");
        this.pool = new AgentPool(settings.wrapUpLimit().toMillis());
        this.ledger = new AbandonLedger(settings.amdEnabled() ? settings.amdFalseMachineShare() : 0);
        this.stats = new CampaignStatistics(priors, settings.zone());
        this.dialLog = new DialLog(settings.zone());
        this.pacer = Pacer.of(settings.mode());
    }

    // ---------------------------------------------------------------- campaign control

    /** Starts pacing. */
    public List<DialerAction> start(long now) {
        running = true;
        dirty = true;
        List<DialerAction> out = new ArrayList<>();
        pace(now, out);
        return out;
    }

    /** Stops placing new calls; calls in progress go on. */
    public void stop() {
        running = false;
    }

    /** Changes the dial mode live; the new pacer starts fresh. */
    public List<DialerAction> setMode(DialMode mode, long now) {
        settings = settings.withMode(mode);
        pacer = Pacer.of(mode);
        pacerNextAt = Long.MIN_VALUE;
        dirty = true;
        List<DialerAction> out = new ArrayList<>();
        pace(now, out);
        return out;
    }

    /**
     * Changes the calling parameters live: dial mode, ring timeout, connect deadline and abandonment target. Calls
     * already placed keep the ring timeout they were placed with, and answered calls already waiting for an agent keep
     * their deadline; everything decided from now on uses {@code next}. A new mode starts a fresh pacer, as
     * {@link #setMode(DialMode, long)} does. AMD, the wrap-up limit and the retry delays are fixed for the dialer's
     * life (the abandonment ledger and agent pool are built from them): they must equal the current ones.
     *
     * @throws IllegalArgumentException if {@code next} is for another campaign or changes what is fixed
     */
    public List<DialerAction> retune(CampaignSettings next, long now) {
        Objects.requireNonNull(next, "next");
        CampaignSettings cur = settings;
        if (!cur.campaignId().equals(next.campaignId())) {
            throw new IllegalArgumentException(
                    "settings of campaign " + next.campaignId() + " given to campaign " + cur.campaignId());
        }
        if (cur.amdEnabled() != next.amdEnabled()
                || cur.amdFalseMachineShare() != next.amdFalseMachineShare()
                || !cur.wrapUpLimit().equals(next.wrapUpLimit())
                || !cur.zone().equals(next.zone())) {
            throw new IllegalArgumentException(
                    "AMD, wrap-up limit and time zone take effect when the dialer next starts");
        }
        boolean newMode = !cur.mode().equals(next.mode());
        settings = next;
        if (newMode) {
            pacer = Pacer.of(next.mode());
        }
        pacerNextAt = Long.MIN_VALUE;
        dirty = true;
        LOG.info(
                "campaign {}: retuned live (mode {}, ring {} s, connect deadline {} ms, abandon target {})",
                cur.campaignId(),
                next.mode().name(),
                next.ringTimeout().toSeconds(),
                next.connectDeadline().toMillis(),
                next.abandonTarget());
        List<DialerAction> out = new ArrayList<>();
        pace(now, out);
        return out;
    }

    /**
     * Sets whether AMD machine verdicts go to an agent (screening) instead of being hung up at once. With screening
     * on (the default), a machine verdict is bridged to an agent who is ready, after the people and inbound calls
     * waiting, or waits for one up to the connect deadline, and is hung up only if none frees up. A person that
     * AMD took for a machine then talks to the agent instead of being abandoned (Ofcom counts them as abandoned);
     * an agent who hears a real machine reports it with {@link #agentHeardMachine(String, long)} and is ready again
     * at once. It costs the agent a few seconds per machine verdict that finds a free agent.
     */
    public void setMachineScreening(boolean on) {
        machineScreening = on;
    }

    /** Returns whether AMD machine verdicts are screened by a free agent (see {@link #setMachineScreening}). */
    public boolean machineScreening() {
        return machineScreening;
    }

    /**
     * Sets whether the dialer reports each {@link Observation} it records in its ledger and statistics as a {@link
     * DialerAction.Observed} action (off by default: the simulator has no use for them; a live runtime stores them).
     */
    public void reportObservations(boolean on) {
        reportObservations = on;
    }

    /**
     * Replays a campaign's stored history into the abandonment ledger and the learned statistics, as if this dialer had
     * recorded it live: {@code olderEntries} are ledger entries older than any rolling window (counted campaign-to-date
     * only), {@code past} are observations with their original times, applied in time order. Call it before {@link
     * #start(long)}: entries recorded later must not be older than the ones replayed.
     *
     * @throws IllegalStateException if the dialer has started or has calls
     */
    public void restore(Map<AbandonLedger.Entry, Long> olderEntries, List<Observation> past) {
        Objects.requireNonNull(olderEntries, "olderEntries");
        Objects.requireNonNull(past, "past");
        if (running || !calls.isEmpty()) {
            throw new IllegalStateException(
                    "restore the history of campaign " + settings.campaignId() + " before the dialer starts");
        }
        olderEntries.forEach(ledger::addToDate);
        List<Observation> ordered = new ArrayList<>(past);
        ordered.sort(java.util.Comparator.comparingLong(Observation::atMillis));
        for (Observation o : ordered) {
            apply(o);
        }
    }

    /** The link to Asterisk went down (pacing pauses) or came back (pacing resumes). */
    public List<DialerAction> connectionChanged(boolean up, long now) {
        connected = up;
        if (!up) {
            LOG.warn("campaign {}: call control disconnected, pacing paused", settings.campaignId());
        }
        dirty = true;
        List<DialerAction> out = new ArrayList<>();
        pace(now, out);
        return out;
    }

    /** Timers: wrap-up limits, connect deadlines, pacer ticks. Call it at {@link #nextWakeupMillis()}. */
    public List<DialerAction> tick(long now) {
        List<DialerAction> out = new ArrayList<>();
        for (AgentView a : pool.expireWrapUps(now)) {
            out.add(new AgentChanged(a));
            dirty = true;
        }
        if (!waiting.isEmpty()) {
            List<Call> expired = new ArrayList<>();
            for (Call c : waiting) {
                if (c.deadline <= now) {
                    expired.add(c);
                }
            }
            for (Call c : expired) {
                waiting.remove(c);
                abandon(c, now, out);
            }
        }
        while (!machineWaiting.isEmpty() && machineWaiting.peekFirst().deadline <= now) {
            hangUpMachine(machineWaiting.pollFirst(), now, out);
        }
        dispatch(now, out);
        pace(now, out);
        return out;
    }

    /** Returns when {@link #tick(long)} must next be called. */
    public long nextWakeupMillis() {
        long next = pool.nextWrapUpExpiry();
        for (Call c : waiting) {
            next = Math.min(next, c.deadline);
        }
        if (!machineWaiting.isEmpty()) {
            next = Math.min(next, machineWaiting.peekFirst().deadline);
        }
        if (running && connected) {
            next = Math.min(next, pacerNextAt);
            if (dirty) {
                next = Math.min(next, lastPace + PACE_GAP_MILLIS);
            }
        }
        return next;
    }

    // ---------------------------------------------------------------- call events

    /** The originate of {@code callId} completed (answered, busy, no answer, congestion, failed). */
    public List<DialerAction> originated(String callId, OriginateResult result, long now) {
        List<DialerAction> out = new ArrayList<>();
        Call c = calls.get(callId);
        if (c == null || c.phase != CallPhase.DIALING) {
            return out;
        }
        long elapsed = now - c.placedAt;
        switch (result.outcome()) {
            case ANSWERED -> {
                observe(c, new Observation.Dialled(CampaignStatistics.DialResult.ANSWERED, elapsed, now), out);
                c.phase = CallPhase.ANSWERED;
                c.answeredAt = now;
                c.channel = result.channel();
                byChannel.put(c.channel, c);
                if (!settings.amdEnabled()) {
                    observe(c, new Observation.Verdict(true, 0, false, now), out);
                    humanDetected(c, now, out);
                }
            }
            case BUSY -> {
                observe(c, new Observation.Dialled(CampaignStatistics.DialResult.QUICK_FAIL, elapsed, now), out);
                finish(
                        c,
                        "BUSY",
                        RetryReason.BUSY,
                        now + settings.busyRetryDelay().toMillis(),
                        0,
                        now,
                        out);
            }
            case CONGESTION, FAILED -> {
                observe(c, new Observation.Dialled(CampaignStatistics.DialResult.QUICK_FAIL, elapsed, now), out);
                finish(
                        c,
                        "FAILED",
                        RetryReason.FAILED,
                        now + settings.busyRetryDelay().toMillis(),
                        0,
                        now,
                        out);
            }
            case NO_ANSWER -> {
                observe(c, new Observation.Dialled(CampaignStatistics.DialResult.NO_ANSWER, elapsed, now), out);
                finish(
                        c,
                        "NO_ANSWER",
                        RetryReason.NO_ANSWER,
                        now + settings.busyRetryDelay().toMillis(),
                        0,
                        now,
                        out);
            }
        }
        return settle(now, out);
    }

    /** The originate of {@code callId} could not be placed at all; the contact goes back to the list. */
    public List<DialerAction> originateFailed(String callId, String reason, long now) {
        List<DialerAction> out = new ArrayList<>();
        Call c = calls.get(callId);
        if (c == null) {
            return out;
        }
        LOG.warn("campaign {} call {}: originate not placed: {}", settings.campaignId(), callId, reason);
        finish(c, "NOT_PLACED", RetryReason.NOT_PLACED, now, 0, now, out);
        dirty = true;
        dispatch(now, out);
        return out;
    }

    /** AMD finished on an answered channel. */
    public List<DialerAction> amdDetected(String channel, boolean human, long now) {
        List<DialerAction> out = new ArrayList<>();
        Call c = byChannel.get(channel);
        if (c == null || c.phase != CallPhase.ANSWERED) {
            return out;
        }
        observe(c, new Observation.Verdict(human, now - c.answeredAt, true, now), out);
        if (human) {
            humanDetected(c, now, out);
        } else if (machineScreening && c.pinnedAgent == null && !(settings.mode() instanceof DialMode.Agentless)) {
            c.phase = CallPhase.MACHINE;
            c.screened = true;
            c.verdictAt = now;
            if (canScreen()) {
                bridgeScreened(c, pool.reserveLongestIdle(c.callId, now).orElseThrow(), now, out);
            } else if (settings.connectDeadline().isZero()) {
                hangUpMachine(c, now, out);
            } else {
                c.deadline = now + settings.connectDeadline().toMillis();
                machineWaiting.add(c);
            }
        } else {
            hangUpMachine(c, now, out);
        }
        return settle(now, out);
    }

    /**
     * The agent on {@code callId} hears an answering machine (a call screened after an AMD machine verdict, or a
     * machine AMD took for a person): the call is hung up and retried later, and the agent is ready at once, with
     * no wrap-up. Nothing is recorded as a person in the abandonment ledger.
     */
    public List<DialerAction> agentHeardMachine(String callId, long now) {
        List<DialerAction> out = new ArrayList<>();
        Call c = calls.get(callId);
        if (c == null || c.phase != CallPhase.CONNECTED || c.agentId == null) {
            return out;
        }
        long screened = now - c.connectedAt;
        if (c.screened) {
            observe(c, new Observation.Screen(screened, now), out);
        }
        removeCall(c);
        out.add(new DialerAction.Hangup(c.callId, c.channel, "MACHINE_HEARD"));
        out.add(new DialerAction.CallEnded(c.callId, c.contact.id(), "MACHINE", screened));
        out.add(new DialerAction.Retry(
                c.contact.id(), now + settings.machineRetryDelay().toMillis(), RetryReason.MACHINE));
        Optional<AgentView> a = pool.agent(c.agentId);
        if (a.isPresent()
                && a.get().state() == AgentState.ON_CALL
                && c.callId.equals(a.get().callId())) {
            pool.callEnded(c.agentId, now);
            out.add(new AgentChanged(pool.wrapUpDone(c.agentId, now)));
        }
        return settle(now, out);
    }

    /** Ends an event: marks the state changed, routes waiting calls to free agents, then paces; returns out. */
    private List<DialerAction> settle(long now, List<DialerAction> out) {
        dirty = true;
        dispatch(now, out);
        pace(now, out);
        return out;
    }

    /** A channel hung up: a customer, an inbound caller, or an agent's nailed-up channel. */
    public List<DialerAction> channelHungUp(String channel, int cause, long now) {
        List<DialerAction> out = new ArrayList<>();
        Optional<AgentView> agent = pool.byChannel(channel);
        if (agent.isPresent()) {
            agentChannelDown(agent.get(), now, out);
        } else if (inboundByChannel.containsKey(channel)) {
            Inbound ib = inboundByChannel.remove(channel);
            inboundById.remove(ib.id);
            inboundQueue.remove(ib);
            if (ib.agentId != null) {
                agentCallEnded(ib.agentId, ib.id, now, out);
            }
        } else {
            Call c = byChannel.remove(channel);
            if (c != null) {
                customerHungUp(c, now, out);
            }
        }
        return settle(now, out);
    }

    /** A bridge the dialer asked for failed: the agent leg is unusable; the customer goes back to waiting. */
    public List<DialerAction> bridgeFailed(String callId, long now) {
        List<DialerAction> out = new ArrayList<>();
        Call c = calls.get(callId);
        if (c == null || c.phase != CallPhase.CONNECTED || c.agentId == null) {
            return out;
        }
        String agentId = c.agentId;
        c.agentId = null;
        pool.channelDown(agentId, now);
        pool.agent(agentId).ifPresent(a -> out.add(new AgentChanged(a)));
        LOG.warn("campaign {} call {}: bridge to agent {} failed", settings.campaignId(), callId, agentId);
        if (c.screened) {
            hangUpMachine(c, now, out); // a machine verdict is not worth a second agent
            dirty = true;
            dispatch(now, out);
            return out;
        }
        c.phase = CallPhase.WAITING_AGENT;
        c.deadline = Math.max(now, c.humanAt + settings.connectDeadline().toMillis());
        if (c.deadline <= now) {
            abandon(c, now, out);
        } else {
            waiting.addFirst(c);
        }
        dirty = true;
        dispatch(now, out);
        return out;
    }

    // ---------------------------------------------------------------- agents

    /** An agent logs in on a nailed-up channel and is ready. */
    public List<DialerAction> agentLogin(String agentId, String channel, long now) {
        return agentChange(pool.login(agentId, channel, now), now);
    }

    /** An agent becomes ready (from pause or by ending wrap-up early). */
    public List<DialerAction> agentReady(String agentId, long now) {
        return agentChange(pool.ready(agentId, now), now);
    }

    /** An agent pauses with a reason. */
    public List<DialerAction> agentPause(String agentId, String reason, long now) {
        return agentChange(pool.pause(agentId, reason, now), now);
    }

    /** An agent logs out. */
    public List<DialerAction> agentLogout(String agentId, long now) {
        return agentChange(pool.logout(agentId, now), now);
    }

    /** An agent finished after-call work (disposition saved). */
    public List<DialerAction> agentWrapUpDone(String agentId, long now) {
        Optional<AgentView> a = pool.agent(agentId);
        if (a.isEmpty() || a.get().state() != AgentState.WRAP_UP) {
            return new ArrayList<>(); // auto-ended already, or paused
        }
        List<DialerAction> out = new ArrayList<>();
        Observation wrap = new Observation.Wrap(Math.max(0, now - a.get().sinceMillis()), now);
        apply(wrap);
        String callId = a.get().callId();
        if (reportObservations && callId != null && !callId.isEmpty()) {
            out.add(new DialerAction.Observed(callId, wrap));
        }
        out.add(new AgentChanged(pool.wrapUpDone(agentId, now)));
        return settle(now, out);
    }

    /** Preview: the agent clicked to dial the next contact; the call is pinned to that agent. */
    public List<DialerAction> previewDial(String agentId, long now) {
        List<DialerAction> out = new ArrayList<>();
        Optional<Contact> contact = leads.next(now);
        if (contact.isEmpty()) {
            return out;
        }
        String callId = nextCallId();
        AgentView a = pool.reserve(agentId, callId, now);
        out.add(new AgentChanged(a));
        out.add(new DialerAction.AgentReserved(a.id(), a.channel(), callId, contact.get()));
        originate(callId, contact.get(), agentId, now, out);
        return out;
    }

    private List<DialerAction> agentChange(AgentView view, long now) {
        List<DialerAction> out = new ArrayList<>();
        out.add(new AgentChanged(view));
        return settle(now, out);
    }

    // ---------------------------------------------------------------- inbound (blending)

    /** An inbound call transferred from the IVR waits for an agent; it has priority over outbound. */
    public List<DialerAction> inboundWaiting(String inboundId, String channel, long now) {
        List<DialerAction> out = new ArrayList<>();
        stats.recordInbound(now);
        Inbound ib = new Inbound(inboundId, channel, now);
        inboundById.put(inboundId, ib);
        inboundByChannel.put(channel, ib);
        inboundQueue.add(ib);
        return settle(now, out);
    }

    // ---------------------------------------------------------------- views

    /** Returns the agent pool (read it; change agents through this dialer). */
    public List<AgentView> agents() {
        return pool.agents();
    }

    /** Returns agents' time in each state up to {@code now}. */
    public AgentTimes agentTimes(long now) {
        return pool.times(now);
    }

    /** Returns the abandonment ledger. */
    public AbandonLedger ledger() {
        return ledger;
    }

    /** Returns the learned statistics. */
    public CampaignStatistics statistics() {
        return stats;
    }

    /** Returns the live outbound calls. */
    public List<CallView> liveCalls() {
        List<CallView> out = new ArrayList<>(calls.size());
        for (Call c : calls.values()) {
            out.add(c.view());
        }
        return out;
    }

    /** Returns the current settings. */
    public CampaignSettings settings() {
        return settings;
    }

    /** Returns the view the pacer would see now. */
    public PacingView pacingView(long now) {
        return new PacingView(now, pool.agents(), liveCalls(), inboundQueue.size(), stats, ledger, dialLog, settings);
    }

    // ---------------------------------------------------------------- internals

    private void humanDetected(Call c, long now, List<DialerAction> out) {
        c.humanAt = now;
        dialLog.answered(now);
        if (settings.mode() instanceof DialMode.Agentless) {
            c.phase = CallPhase.IN_FLOW;
            observe(c, new Observation.Ledger(AbandonLedger.Entry.HUMAN_CONNECTED, now), out);
            out.add(new DialerAction.RunFlow(c.callId, c.channel, c.contact.id()));
            return;
        }
        if (c.pinnedAgent != null) {
            Optional<AgentView> a = pool.agent(c.pinnedAgent);
            if (a.isPresent() && a.get().state() == AgentState.RESERVED) {
                bridgeTo(c, a.get(), now, out);
                return;
            }
            c.pinnedAgent = null;
        }
        Optional<AgentView> a = inboundQueue.isEmpty() ? pool.reserveLongestIdle(c.callId, now) : Optional.empty();
        if (a.isPresent()) {
            bridgeTo(c, a.get(), now, out);
        } else if (settings.connectDeadline().isZero()) {
            abandon(c, now, out);
        } else {
            c.phase = CallPhase.WAITING_AGENT;
            c.deadline = now + settings.connectDeadline().toMillis();
            waiting.add(c);
        }
    }

    private void bridgeTo(Call c, AgentView reserved, long now, List<DialerAction> out) {
        out.add(new DialerAction.AgentReserved(reserved.id(), reserved.channel(), c.callId, c.contact));
        AgentView onCall = pool.connect(reserved.id(), now);
        out.add(new AgentChanged(onCall));
        c.phase = CallPhase.CONNECTED;
        c.agentId = reserved.id();
        c.connectedAt = now;
        observe(c, new Observation.Ledger(AbandonLedger.Entry.HUMAN_CONNECTED, now), out);
        out.add(new DialerAction.Bridge(c.callId, c.channel, reserved.id(), reserved.channel(), now - c.humanAt));
    }

    /**
     * Returns whether a machine verdict may take a ready agent now: nobody with priority is waiting and a ready
     * agent is left over for each answered call whose AMD verdict is still due (any of them may be a person within
     * the next seconds, while the screening agent is busy). Ringing calls cannot need the agent before AMD has run
     * on them, which takes about as long as the screening.
     */
    private boolean canScreen() {
        if (!inboundQueue.isEmpty() || !waiting.isEmpty()) {
            return false;
        }
        int ready = pool.count(AgentState.READY);
        if (ready == 0) {
            return false;
        }
        int due = 0;
        for (Call c : calls.values()) {
            if (c.phase == CallPhase.ANSWERED) {
                due++;
            }
        }
        return ready > due;
    }

    private void hangUpMachine(Call c, long now, List<DialerAction> out) {
        observe(c, new Observation.Ledger(AbandonLedger.Entry.AMD_MACHINE, now), out);
        c.phase = CallPhase.MACHINE;
        c.screened = false;
        out.add(new DialerAction.Hangup(c.callId, c.channel, "MACHINE"));
        out.add(new DialerAction.Retry(
                c.contact.id(), now + settings.machineRetryDelay().toMillis(), RetryReason.MACHINE));
        releasePinned(c, now, out);
    }

    private void bridgeScreened(Call c, AgentView reserved, long now, List<DialerAction> out) {
        out.add(new DialerAction.AgentReserved(reserved.id(), reserved.channel(), c.callId, c.contact));
        out.add(new AgentChanged(pool.connect(reserved.id(), now)));
        c.phase = CallPhase.CONNECTED;
        c.agentId = reserved.id();
        c.connectedAt = now;
        out.add(new DialerAction.Bridge(c.callId, c.channel, reserved.id(), reserved.channel(), now - c.verdictAt));
    }

    private void abandon(Call c, long now, List<DialerAction> out) {
        observe(c, new Observation.Ledger(AbandonLedger.Entry.ABANDONED, now), out);
        dialLog.dropped(now);
        c.phase = CallPhase.ABANDONING;
        out.add(new DialerAction.Abandon(c.callId, c.channel, c.contact.id()));
        out.add(new DialerAction.Retry(
                c.contact.id(), now + settings.abandonRecallDelay().toMillis(), RetryReason.ABANDONED));
        LOG.debug("campaign {} call {}: abandoned, no agent within the deadline", settings.campaignId(), c.callId);
    }

    private void customerHungUp(Call c, long now, List<DialerAction> out) {
        switch (c.phase) {
            case ANSWERED ->
                finish(
                        c,
                        "HUNG_UP_BEFORE_AMD",
                        RetryReason.HUNG_UP,
                        now + settings.busyRetryDelay().toMillis(),
                        0,
                        now,
                        out);
            case WAITING_AGENT -> {
                waiting.remove(c);
                observe(c, new Observation.Ledger(AbandonLedger.Entry.ABANDONED, now), out);
                dialLog.dropped(now);
                finish(
                        c,
                        "ABANDONED_HUNG_UP",
                        RetryReason.ABANDONED,
                        now + settings.abandonRecallDelay().toMillis(),
                        0,
                        now,
                        out);
            }
            case CONNECTED -> {
                long talk = now - c.connectedAt;
                if (!c.screened) {
                    observe(c, new Observation.Talk(talk, now), out);
                } else if (c.agentId != null) {
                    // The agent did not report a machine: AMD took this person for one, and screening saved them.
                    observe(c, new Observation.Ledger(AbandonLedger.Entry.HUMAN_CONNECTED, now), out);
                }
                if (c.agentId != null) {
                    agentCallEnded(c.agentId, c.callId, now, out);
                }
                removeCall(c);
                out.add(new DialerAction.CallEnded(c.callId, c.contact.id(), "COMPLETED", talk));
            }
            case IN_FLOW -> {
                removeCall(c);
                out.add(new DialerAction.CallEnded(c.callId, c.contact.id(), "FLOW_DONE", now - c.humanAt));
            }
            case MACHINE -> {
                if (machineWaiting.remove(c)) {
                    // Hung up while waiting to be screened: counted like any machine verdict that was hung up.
                    observe(c, new Observation.Ledger(AbandonLedger.Entry.AMD_MACHINE, now), out);
                    out.add(new DialerAction.Retry(
                            c.contact.id(), now + settings.machineRetryDelay().toMillis(), RetryReason.MACHINE));
                }
                removeCall(c);
                out.add(new DialerAction.CallEnded(c.callId, c.contact.id(), "MACHINE", 0));
            }
            case ABANDONING -> {
                removeCall(c);
                out.add(new DialerAction.CallEnded(c.callId, c.contact.id(), "ABANDONED", 0));
            }
            case DIALING -> {}
        }
    }

    private void agentCallEnded(String agentId, String callId, long now, List<DialerAction> out) {
        Optional<AgentView> a = pool.agent(agentId);
        if (a.isPresent()
                && a.get().state() == AgentState.ON_CALL
                && callId.equals(a.get().callId())) {
            out.add(new AgentChanged(pool.callEnded(agentId, now)));
        }
    }

    private void agentChannelDown(AgentView agent, long now, List<DialerAction> out) {
        Optional<String> callId = pool.channelDown(agent.id(), now);
        pool.agent(agent.id()).ifPresent(a -> out.add(new AgentChanged(a)));
        LOG.warn("campaign {}: channel of agent {} dropped, agent paused", settings.campaignId(), agent.id());
        callId.map(calls::get).ifPresent(c -> {
            c.agentId = null;
            if (c.phase == CallPhase.CONNECTED) {
                out.add(new DialerAction.Hangup(c.callId, c.channel, "AGENT_CHANNEL_DOWN"));
            }
        });
    }

    private void finish(
            Call c, String result, RetryReason reason, long retryAt, long talk, long now, List<DialerAction> out) {
        removeCall(c);
        out.add(new DialerAction.CallEnded(c.callId, c.contact.id(), result, talk));
        out.add(new DialerAction.Retry(c.contact.id(), retryAt, reason));
        releasePinned(c, now, out);
    }

    private void releasePinned(Call c, long now, List<DialerAction> out) {
        if (c.pinnedAgent != null) {
            Optional<AgentView> a = pool.agent(c.pinnedAgent);
            if (a.isPresent()
                    && a.get().state() == AgentState.RESERVED
                    && c.callId.equals(a.get().callId())) {
                out.add(new AgentChanged(pool.release(c.pinnedAgent, now)));
            }
            c.pinnedAgent = null;
        }
    }

    /** Records {@code o} of call {@code c} in the ledger or statistics, and reports it if asked to. */
    private void observe(Call c, Observation o, List<DialerAction> out) {
        apply(o);
        if (reportObservations) {
            out.add(new DialerAction.Observed(c.callId, o));
        }
    }

    private void apply(Observation o) {
        if (o instanceof Observation.Dialled d) {
            stats.recordDial(d.result(), d.elapsedMillis(), d.atMillis());
        } else if (o instanceof Observation.Verdict v) {
            stats.recordVerdict(v.needsAgent(), v.detectMillis(), v.amdUsed(), v.atMillis());
        } else if (o instanceof Observation.Ledger l) {
            ledger.record(l.entry(), l.atMillis());
        } else if (o instanceof Observation.Talk t) {
            stats.talk.observe(t.millis() / 1000.0);
        } else if (o instanceof Observation.Wrap w) {
            stats.wrap.observe(w.millis() / 1000.0);
        } else if (o instanceof Observation.Screen sc) {
            stats.screen.observe(Math.max(0.1, sc.millis() / 1000.0));
        }
    }

    private void removeCall(Call c) {
        calls.remove(c.callId);
        if (c.channel != null) {
            byChannel.remove(c.channel);
        }
    }

    private void dispatch(long now, List<DialerAction> out) {
        while ((!inboundQueue.isEmpty() || !waiting.isEmpty()) && pool.count(AgentState.READY) > 0) {
            if (!inboundQueue.isEmpty()) {
                Inbound ib = inboundQueue.poll();
                AgentView a = pool.reserveLongestIdle(ib.id, now).orElseThrow();
                out.add(new DialerAction.AgentReserved(a.id(), a.channel(), ib.id, null));
                out.add(new AgentChanged(pool.connect(a.id(), now)));
                ib.agentId = a.id();
                out.add(new DialerAction.Bridge(ib.id, ib.channel, a.id(), a.channel(), now - ib.since));
            } else if (!waiting.isEmpty()) {
                Call c = waiting.poll();
                AgentView a = pool.reserveLongestIdle(c.callId, now).orElseThrow();
                bridgeTo(c, a, now, out);
            }
        }
        while (!machineWaiting.isEmpty() && canScreen()) {
            Call c = machineWaiting.poll();
            bridgeScreened(c, pool.reserveLongestIdle(c.callId, now).orElseThrow(), now, out);
        }
    }

    private void pace(long now, List<DialerAction> out) {
        if (!running || !connected) {
            return;
        }
        boolean due = now >= pacerNextAt || (dirty && now - lastPace >= PACE_GAP_MILLIS);
        if (!due) {
            return;
        }
        int n = pacer.callsToPlace(pacingView(now));
        lastPace = now;
        dirty = false;
        pacerNextAt = pacer.nextDecisionMillis(now);
        for (int i = 0; i < n; i++) {
            Optional<Contact> contact = leads.next(now);
            if (contact.isEmpty()) {
                break;
            }
            originate(nextCallId(), contact.get(), null, now, out);
        }
    }

    private String nextCallId() {
        return settings.campaignId() + "-" + (++seq);
    }

    private void originate(String callId, Contact contact, String pinnedAgent, long now, List<DialerAction> out) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("CENTRALITA_CALL_ID", callId);
        vars.put("CENTRALITA_CONTACT_ID", contact.id());
        vars.put("CENTRALITA_CAMPAIGN_ID", settings.campaignId());
        OriginateRequest request = new OriginateRequest(
                callId,
                settings.dialTemplate().replace("{phone}", contact.phone()),
                settings.context(),
                settings.exten(),
                1,
                settings.callerId(),
                settings.ringTimeout(),
                vars);
        Call c = new Call(callId, contact, now);
        c.pinnedAgent = pinnedAgent;
        calls.put(callId, c);
        dialLog.dialled(now);
        out.add(new DialerAction.Originate(callId, contact, request));
    }

    private static final class Call {
        final String callId;
        final Contact contact;
        final long placedAt;
        CallPhase phase = CallPhase.DIALING;
        String channel;
        long answeredAt = -1;
        long humanAt = -1;
        long connectedAt = -1;
        long deadline;
        long verdictAt = -1;
        boolean screened;
        String agentId;
        String pinnedAgent;

        Call(String callId, Contact contact, long placedAt) {
            this.callId = callId;
            this.contact = contact;
            this.placedAt = placedAt;
        }

        CallView view() {
            String agent = agentId != null ? agentId : pinnedAgent != null ? pinnedAgent : "";
            return new CallView(callId, contact.id(), phase, placedAt, answeredAt, humanAt, agent);
        }
    }

    private static final class Inbound {
        final String id;
        final String channel;
        final long since;
        String agentId;

        Inbound(String id, String channel, long since) {
            this.id = id;
            this.channel = channel;
            this.since = since;
        }
    }
}
