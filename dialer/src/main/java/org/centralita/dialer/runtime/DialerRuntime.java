package org.centralita.dialer.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.AttemptFacts;
import org.centralita.campaigns.AttemptHistory;
import org.centralita.campaigns.Callback;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.CampaignsException;
import org.centralita.campaigns.Outcome;
import org.centralita.campaigns.Question;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.CampaignDialer;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.DialMode;
import org.centralita.dialer.DialerAction;
import org.centralita.dialer.DialerException;
import org.centralita.dialer.DialerLoop;
import org.centralita.dialer.Observation;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.ami.AmiCallControl;
import org.centralita.gateway.ami.AmiChannel;
import org.centralita.gateway.ami.AmiNoSuchChannelException;
import org.centralita.gateway.ami.AmiNotConnectedException;
import org.centralita.gateway.ami.AmiTimeoutException;
import org.centralita.gateway.call.CallControl;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.call.OriginateResult;
import org.centralita.gateway.call.Scheduler;
import org.centralita.gateway.call.VertxScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dialer of one campaign: the {@link CampaignDialer} core driven in real time over a {@link CallControl}
 * (AMI, or the simulator for the demo), with contacts, attempts, outcomes, callbacks and do-not-call in the
 * campaigns module, screen pops and agent states on the Vert.x event bus, and the FastAGI scripts the dialplan
 * runs ({@link #connectHandler()}, {@link #abandonHandler()}, {@link #inboundHandler()}).
 *
 * <p>Every public method may be called from any thread; the work runs on the runtime's Vert.x context and the
 * returned {@link Future} completes there. Nothing blocks: database work runs on the campaigns module's workers.
 *
 * <pre>{@code
 * DialerRuntime rt = DialerRuntime.builder(vertx, campaigns, AmiCallControl.create(client))
 *         .campaign(42).callPath(CallPathSettings.defaults("+34910000000")).build();
 * rt.start().await();
 * agiServerBuilder.handler(DialerRuntime.CONNECT_SCRIPT, rt.connectHandler())
 *                 .handler(DialerRuntime.ABANDON_SCRIPT, rt.abandonHandler())
 *                 .handler(DialerRuntime.INBOUND_SCRIPT, rt.inboundHandler());
 * rt.login("ana", "PJSIP/ana");
 * }</pre>
 */
public final class DialerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DialerRuntime.class);

    /** Event-bus address prefix of one agent's desktop: screen pops and that agent's states. */
    public static final String AGENT_ADDRESS_PREFIX = "centralita.agent.";
    /** Event-bus address where every agent state change of every campaign is published (supervisors). */
    public static final String AGENTS_ADDRESS = "centralita.agents";
    /**
     * Event-bus address where every campaign publishes its inbound queue (supervisors' figures): {@code
     * inbound-queued} when an IVR caller starts waiting for an agent, then one of {@code inbound-answered} (bridged to
     * an agent, with {@code waitMillis}), {@code inbound-abandoned} (hung up while waiting, with {@code waitMillis}) or
     * {@code inbound-left} (the runtime closed while they waited). Each carries {@code campaignId} and {@code callId}.
     */
    public static final String INBOUND_ADDRESS = "centralita.inbound";
    /** FastAGI script the outbound dialplan runs after {@code AMD()}. */
    public static final String CONNECT_SCRIPT = "dialer-connect";
    /** FastAGI script of the abandon context: the abandon message and the opt-out key. */
    public static final String ABANDON_SCRIPT = "dialer-abandon";
    /** FastAGI script the IVR transfers a caller to when they want a person. */
    public static final String INBOUND_SCRIPT = "inbound";
    /** Channel variable with the campaigns module's attempt id, set on every originate. */
    public static final String ATTEMPT_VARIABLE = "CENTRALITA_ATTEMPT_ID";
    /** Channel variables the core sets on every originate. */
    public static final String CALL_VARIABLE = "CENTRALITA_CALL_ID";

    public static final String CONTACT_VARIABLE = "CENTRALITA_CONTACT_ID";
    /** Channel variable the IVR sets to its call context (JSON) before handing the caller to {@code inbound}. */
    public static final String IVR_CONTEXT_VARIABLE = "CENTRALITA_IVR_CONTEXT";
    /** Channel variable with the sound file the machine context plays. */
    public static final String MACHINE_MESSAGE_VARIABLE = "CENTRALITA_MACHINE_MESSAGE";

    private final Vertx vertx;
    private final Campaigns campaigns;
    private final long campaignId;
    private final CallPathSettings callPath;
    private final Scheduler scheduler;
    private final Context context;
    private final RuntimeCallControl control;
    private final CampaignSettings explicitSettings;
    private final String owner;
    private final AgiHandler agentlessHandler;

    // Confined to the context.
    private CampaignLeadSource leads;
    private CampaignDialer dialer;
    private DialerLoop loop;
    private Scheduler.Cancellable claimTimer;
    private boolean started;
    private final Map<String, LiveCall> calls = new HashMap<>();
    private final Map<String, String> callByChannel = new HashMap<>();
    private final Map<String, LiveCall> afterCall = new HashMap<>();
    private final Map<String, LiveCall> lastCall = new HashMap<>();
    private final Map<String, InboundCall> inbound = new LinkedHashMap<>();
    private final Map<String, InboundCall> inboundByAgent = new HashMap<>();
    private final List<LiveCall> uncertain = new ArrayList<>();
    /** Conversations found still up after a restart, left alone; settled when their channel hangs up. */
    private final Map<String, LiveCall> adopted = new HashMap<>();

    private Scheduler.Cancellable uncertainTimer;
    private boolean closed;
    private long inboundSeq;
    private final Map<Long, AttemptFacts> unwrittenFacts = new LinkedHashMap<>();
    private final java.util.Set<Future<Void>> writingFacts = new java.util.HashSet<>();

    /** How long after an originate that timed out its channel is looked for (the call may still be coming up). */
    static final long UNCERTAIN_PROBE_MILLIS = 5_000;
    /** How often reconciliation that could not ask Asterisk (AMI down, registry not rebuilt) is tried again. */
    static final long RECONCILE_RETRY_MILLIS = 5_000;
    /** Back-off of a failed attempt close: doubles from the first to the last, then stays there. */
    static final long CLOSE_RETRY_FIRST_MILLIS = 500;

    static final long CLOSE_RETRY_MAX_MILLIS = 60_000;

    private DialerRuntime(Builder b) {
        this.vertx = b.vertx;
        this.campaigns = b.campaigns;
        this.campaignId = b.campaignId;
        this.callPath = b.callPath;
        this.explicitSettings = b.settings;
        this.context = b.context != null
                ? b.context
                : b.control instanceof AmiCallControl ami ? ami.client().context() : vertx.getOrCreateContext();
        this.scheduler = b.scheduler != null ? b.scheduler : new VertxScheduler(vertx);
        this.owner = b.owner;
        this.agentlessHandler = b.agentlessHandler;
        this.control = new RuntimeCallControl(b.control, context, new Hooks());
    }

    /** Returns a builder for the runtime of one campaign over {@code control}. */
    public static Builder builder(Vertx vertx, Campaigns campaigns, CallControl control) {
        return new Builder(vertx, campaigns, control);
    }

    /**
     * Returns the dialling settings a runtime takes from {@code campaign} when none are given to the builder: its dial
     * mode and caller ID, and its {@code dialSettings} JSON over the product defaults. Fails with a {@link
     * DialerException} on a bad key or value.
     */
    public static CampaignSettings settingsOf(Campaign campaign) {
        return DialSettingsJson.of(campaign);
    }

    /** Returns the campaign this runtime dials. */
    public long campaignId() {
        return campaignId;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the campaign: reconciles attempts left open by a restart (never redialled blindly), returns claims that
     * were never dialled, rebuilds the abandonment ledger and the learned statistics from the stored attempts (see
     * docs/dialer.md, "Restart"), then paces. Fails, and places no call, if the history cannot be read: pacing on an
     * empty ledger would spend an abandonment budget already spent.
     */
    public Future<Void> start() {
        return Contexts.call(context, () -> {
            if (started) {
                return Future.succeededFuture();
            }
            if (loop != null) {
                return Future.failedFuture(new DialerException("campaign " + campaignId
                        + ": this runtime was stopped; pause a campaign through its status, or build a new runtime"));
            }
            return Contexts.on(context, campaigns.get(campaignId)).compose(campaign -> reconcileOpenAttempts()
                    .compose(n -> Contexts.on(context, campaigns.releaseUndialedClaims(campaignId)))
                    .compose(released -> readHistory())
                    .map(history -> {
                        startLoop(campaign, history);
                        return null;
                    }));
        });
    }

    /** Reads, on a worker, what the ledger and statistics are rebuilt from (docs/dialer.md, "Faults"). */
    private Future<AttemptHistory> readHistory() {
        Instant ledgerSince = Instant.ofEpochMilli(scheduler.nowMillis()).minus(HistoryReplay.LEDGER_WINDOW);
        return Contexts.on(
                        context,
                        campaigns.dialerHistory(
                                campaignId,
                                ledgerSince,
                                HistoryReplay.STATISTICS_WINDOW,
                                HistoryReplay.STATISTICS_LIMIT))
                .recover(e -> Future.failedFuture(new DialerException(
                        "campaign " + campaignId + ": cannot read the abandonment ledger and statistics to rebuild;"
                                + " not dialling: " + e.getMessage(),
                        e)));
    }

    /** The hold outcome that hands a person to the keypad survey of an agentless campaign. */
    static final String SURVEY = "survey";

    /** Returns the keypad-survey handler for agentless campaigns, if one was configured. */
    Optional<AgiHandler> agentlessHandler() {
        return Optional.ofNullable(agentlessHandler);
    }

    private void startLoop(Campaign campaign, AttemptHistory history) {
        CampaignSettings settings = explicitSettings != null ? explicitSettings : DialSettingsJson.of(campaign);
        if (settings.mode() instanceof DialMode.Agentless && agentlessHandler == null) {
            throw new DialerException("campaign " + campaignId
                    + ": agentless mode needs the keypad-survey handler (DialerRuntime.Builder.agentless)");
        }
        leads = new CampaignLeadSource(
                campaigns, campaignId, owner, callPath.prefetch(), context, scheduler::nowMillis);
        dialer = new CampaignDialer(settings, leads, CampaignStatistics.Priors.defaults());
        dialer.restore(HistoryReplay.olderLedger(history), HistoryReplay.observations(history));
        dialer.reportObservations(true); // stored with the attempts, for the next restart
        var rates = dialer.ledger().rates(scheduler.nowMillis());
        LOG.info(
                "campaign {}: restored {} ledger entries ({} older than 30 days) and statistics from {} attempts;"
                        + " abandonment 24 h {}, 30 d {}, to date {} (adjusted {})",
                campaignId,
                history.ledger().size(),
                history.olderLedger().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                history.recent().size(),
                rates.last24h().rawRate(),
                rates.last30d().rawRate(),
                rates.toDate().rawRate(),
                rates.toDate().adjustedRate());
        // AMD "machine" verdicts go to a free agent to screen (false machines are abandoned people under Ofcom),
        // unless the campaign leaves machines a message instead.
        dialer.setMachineScreening(!callPath.leaveMachineMessage());
        loop = new DialerLoop(dialer, control, scheduler, this::onAction, callPath.abandonContext());
        started = true;
        leads.refill().onSuccess(n -> dialReservedCallbacks());
        loop.start();
        scheduleClaims();
        LOG.info(
                "campaign {}: dialer started in {} mode, caller ID '{}'",
                campaignId,
                settings.mode().name(),
                settings.callerId());
    }

    private void scheduleClaims() {
        claimTimer = scheduler.schedule(
                callPath.claimInterval().toMillis(),
                () -> context.runOnContext(v -> {
                    if (started) {
                        leads.refill().onSuccess(n -> dialReservedCallbacks());
                        scheduleClaims();
                    }
                }));
    }

    /**
     * Stops placing calls for good and returns buffered, never-dialled contacts to the campaign; calls in progress go
     * on until they end. To pause and resume a campaign, set its status in the campaigns module instead: the runtime
     * then claims nothing and gives its buffer back within one claim interval.
     */
    public Future<Void> stop() {
        return Contexts.call(context, () -> {
            if (!started) {
                return Future.succeededFuture();
            }
            started = false;
            if (claimTimer != null) {
                claimTimer.cancel();
            }
            loop.stopPacing();
            return leads.close();
        });
    }

    /**
     * Waits until no call of this campaign is in progress (customers on the line, ringing or talking), for at most
     * {@code grace}; completes with whether it became idle. Call {@link #stop()} first so that no new call starts.
     */
    public Future<Boolean> drain(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        return Contexts.call(context, () -> {
            Promise<Boolean> idle = Promise.promise();
            pollIdle(idle, scheduler.nowMillis() + grace.toMillis());
            return idle.future();
        });
    }

    private void pollIdle(Promise<Boolean> idle, long deadline) {
        boolean none = calls.isEmpty() && inboundByAgent.isEmpty();
        long now = scheduler.nowMillis();
        if (none || now >= deadline) {
            if (!none) {
                LOG.warn(
                        "campaign {}: {} call(s) still in progress after the shutdown grace",
                        campaignId,
                        calls.size() + inboundByAgent.size());
            }
            idle.tryComplete(none);
            return;
        }
        scheduler.schedule(Math.min(200, deadline - now), () -> context.runOnContext(v -> pollIdle(idle, deadline)));
    }

    /**
     * Stops pacing, closes the attempts of calls in wrap-up with what the agent recorded, writes what the dialer has
     * learned but not yet stored, then detaches from call control (for shutdown and tests). Calls still live keep
     * their attempt open: a restart reconciles it.
     */
    public Future<Void> close() {
        return stop().compose(v -> Contexts.call(context, () -> {
                    List<Future<Void>> wrapUps = new ArrayList<>();
                    for (String agentId : List.copyOf(afterCall.keySet())) {
                        wrapUps.add(closeAfterCall(agentId));
                    }
                    return Future.join(wrapUps).<Void>mapEmpty().otherwiseEmpty();
                }))
                .compose(v -> factsWritten())
                .compose(v -> Contexts.call(context, () -> {
                    closed = true;
                    if (uncertainTimer != null) {
                        uncertainTimer.cancel();
                    }
                    for (InboundCall in : List.copyOf(inbound.values())) {
                        if (in.agentId == null) {
                            inbound.remove(in.id);
                            publishInbound("inbound-left", in, new JsonObject().put("reason", "dialer-closed"));
                        }
                    }
                    if (loop != null) {
                        loop.close();
                    }
                    control.close();
                    return Future.succeededFuture();
                }));
    }

    /** Changes the dial mode live. */
    public Future<Void> setMode(DialMode mode) {
        Objects.requireNonNull(mode, "mode");
        return onLoop(() -> {
            loop.setMode(mode);
            return null;
        });
    }

    /**
     * Changes the calling parameters live: mode, ring timeout, connect deadline, abandonment target (see
     * {@link CampaignDialer#retune(CampaignSettings, long)}; fails with {@link IllegalArgumentException} for what only
     * a new start can change).
     */
    public Future<Void> retune(CampaignSettings next) {
        Objects.requireNonNull(next, "next");
        return onLoop(() -> {
            loop.retune(next);
            return null;
        });
    }

    /**
     * Reads the campaign's dialer core on the runtime's context (live pacing figures, learned statistics, current
     * settings); empty before {@link #start()}. {@code read} must only read, and must copy what it returns, since the
     * core changes on that context.
     */
    public <T> Future<Optional<T>> read(java.util.function.Function<CampaignDialer, T> read) {
        Objects.requireNonNull(read, "read");
        return Contexts.call(
                context,
                () -> Future.succeededFuture(
                        dialer == null ? Optional.empty() : Optional.ofNullable(read.apply(dialer))));
    }

    /** Returns the clock the runtime paces by (the wall clock, or the scheduler's virtual time). */
    public long nowMillis() {
        return scheduler.nowMillis();
    }

    /** Returns a snapshot of the campaign's agents, calls and abandonment. */
    public Future<RuntimeStatus> status() {
        return Contexts.call(context, () -> {
            if (dialer == null) {
                return Future.succeededFuture(
                        new RuntimeStatus(campaignId, control.isConnected(), false, List.of(), List.of(), 0, 0, null));
            }
            long now = scheduler.nowMillis();
            return Future.succeededFuture(new RuntimeStatus(
                    campaignId,
                    control.isConnected(),
                    started,
                    dialer.agents(),
                    dialer.liveCalls(),
                    inbound.size(),
                    leads.buffered(),
                    dialer.ledger().rates(now)));
        });
    }

    // ------------------------------------------------------------------ agents (the HTTP layer calls these)

    /**
     * Logs an agent in on its nailed-up channel (the agent's phone, parked in the holding context); READY. Fails if
     * Asterisk does not know the channel (while AMI is down the check waits for the reconnect reconciliation).
     */
    public Future<AgentView> login(String agentId, String channel) {
        Objects.requireNonNull(agentId, "agentId");
        if (channel == null || channel.isBlank()) {
            return Future.failedFuture(new DialerException("agent " + agentId + ": channel must not be blank"));
        }
        return Contexts.call(context, () -> {
                    for (LiveCall talking : adopted.values()) {
                        if (agentId.equals(talking.agentId)) {
                            return Future.failedFuture(new DialerException("agent " + agentId
                                    + " is still talking to a customer from before the restart (attempt "
                                    + talking.attemptId + "); log in when that call ends"));
                        }
                    }
                    if (!control.isConnected()) {
                        return Future.succeededFuture();
                    }
                    return control.getVar(channel, "CHANNEL(state)")
                            .<Void>mapEmpty()
                            .recover(e -> Future.failedFuture(new DialerException(
                                    "agent " + agentId + ": channel " + channel + " is not up (" + e.getMessage()
                                            + "); call the agent line first",
                                    e)));
                })
                .compose(v -> agentOp(agentId, () -> loop.agentLogin(agentId, channel)));
    }

    /** Makes an agent ready (from pause, or ending wrap-up early without a disposition). */
    public Future<AgentView> ready(String agentId) {
        return agentOp(agentId, () -> {
            closeAfterCallIfAny(agentId);
            loop.agentReady(agentId);
        });
    }

    /** Pauses an agent with a reason ({@code break}, {@code training}...). */
    public Future<AgentView> pause(String agentId, String reason) {
        return agentOp(agentId, () -> loop.agentPause(agentId, reason));
    }

    /** Logs an agent out (only when not on a call). */
    public Future<AgentView> logout(String agentId) {
        return agentOp(agentId, () -> {
            closeAfterCallIfAny(agentId);
            loop.agentLogout(agentId);
        });
    }

    /** Returns one agent's state. */
    public Future<AgentView> agent(String agentId) {
        return onLoop(() -> view(agentId));
    }

    /**
     * Saves the agent's disposition and survey answers with the attempt of the agent's current or last call; the
     * attempt is closed ({@code COMPLETED} or {@code ANSWERED_HUMAN}) once the call is over. With {@code endWrapUp}
     * the agent becomes ready at once.
     */
    public Future<Void> disposition(String agentId, Disposition disposition) {
        Objects.requireNonNull(disposition, "disposition");
        return Contexts.call(context, () -> {
            requireStarted();
            InboundCall in = inboundByAgent.get(agentId);
            LiveCall call = callOf(agentId);
            if (call == null) {
                if (in != null && disposition.endWrapUp()) {
                    inboundByAgent.remove(agentId);
                    loop.agentWrapUpDone(agentId);
                    return Future.succeededFuture();
                }
                return Future.failedFuture(new DialerException("agent " + agentId + " has no call to record"));
            }
            var answers = new org.centralita.campaigns.AnswerSet(
                    call.lead.contactId(),
                    Math.max(0, call.attemptId),
                    agentId,
                    disposition.answers(),
                    disposition.code());
            return Contexts.on(context, campaigns.saveAnswers(answers)).compose(v -> {
                call.outcome = disposition.completed() ? Outcome.COMPLETED : Outcome.ANSWERED_HUMAN;
                if (afterCall.get(agentId) != call && !call.closed) {
                    // Still talking: the attempt stays open until wrap-up ends, so the outcome goes on it now.
                    return recordProgress(call, call.outcome);
                }
                if (afterCall.get(agentId) == call) {
                    Future<Void> closed = closeAfterCall(agentId);
                    if (disposition.endWrapUp()) {
                        loop.agentWrapUpDone(agentId);
                    }
                    return closed;
                }
                // Already closed (wrap-up ran out): the answers are saved with it, the outcome stays; a close still
                // being retried takes the new outcome.
                if (call.closed
                        && disposition.endWrapUp()
                        && viewOpt(agentId)
                                .map(a -> a.state() == AgentState.WRAP_UP)
                                .orElse(false)) {
                    loop.agentWrapUpDone(agentId);
                }
                return Future.succeededFuture();
            });
        });
    }

    /**
     * Schedules a callback for the contact of the agent's current or last call (for that agent alone when
     * {@code sameAgent}); the dialer calls it back when due, with an agent reserved for it.
     */
    public Future<Callback> scheduleCallback(String agentId, Instant dueAt, boolean sameAgent, String note) {
        Objects.requireNonNull(dueAt, "dueAt");
        return Contexts.call(context, () -> {
            LiveCall call = callOf(agentId);
            if (call == null) {
                return Future.failedFuture(new DialerException("agent " + agentId + " has no call to call back"));
            }
            return Contexts.on(
                    context,
                    campaigns.scheduleCallback(
                            call.lead.contactId(), dueAt, sameAgent ? agentId : null, note, "agent:" + agentId));
        });
    }

    /** Puts the number of the agent's current or last call on the do-not-call list at once. */
    public Future<Boolean> doNotCall(String agentId) {
        return Contexts.call(context, () -> {
            LiveCall call = callOf(agentId);
            if (call == null) {
                return Future.failedFuture(new DialerException("agent " + agentId + " has no call to opt out"));
            }
            return Contexts.on(context, campaigns.markDoNotCall(call.lead.contactId(), "agent:" + agentId));
        });
    }

    /**
     * The agent hears an answering machine on their call (a screened AMD "machine" verdict, or a machine AMD took
     * for a person): the call is hung up and retried by the machine rule, and the agent is ready at once.
     */
    public Future<Void> agentHeardMachine(String agentId) {
        return Contexts.call(context, () -> {
            LiveCall call = callOf(agentId);
            if (call == null) {
                return Future.failedFuture(new DialerException("agent " + agentId + " has no call to report"));
            }
            loop.agentHeardMachine(call.callId);
            return Future.succeededFuture();
        });
    }

    /**
     * The agent ends the conversation from the desktop: the customer's channel is hung up (cause 16, normal
     * clearing) and the agent's nailed-up leg stays connected for the next call.
     */
    public Future<Void> endCall(String agentId) {
        return Contexts.call(context, () -> {
            String channel = null;
            for (LiveCall c : calls.values()) {
                if (agentId.equals(c.agentId)) {
                    channel = c.channel;
                }
            }
            InboundCall in = inboundByAgent.get(agentId);
            if (channel == null && in != null) {
                channel = in.channel;
            }
            if (channel == null) {
                return Future.failedFuture(new DialerException("agent " + agentId + " has no call to end"));
            }
            return control.hangup(channel, 16);
        });
    }

    /** An agent clicked "dial" in preview mode; the agent's own reserved callbacks come first. */
    public Future<AgentView> previewDial(String agentId) {
        return agentOp(agentId, () -> pinnedDial(agentId));
    }

    private void pinnedDial(String agentId) {
        leads.pin(agentId);
        try {
            loop.previewDial(agentId);
        } finally {
            leads.pin(null);
        }
    }

    /** Dials each due callback reserved for a READY agent, with that agent reserved for it. */
    private void dialReservedCallbacks() {
        if (!started || !control.isConnected()) {
            return;
        }
        for (String agentId : leads.agentsWithCallbacks()) {
            if (viewOpt(agentId).map(a -> a.state() == AgentState.READY).orElse(false)) {
                LOG.info("campaign {}: dialling a callback reserved for agent {}", campaignId, agentId);
                pinnedDial(agentId);
            }
        }
    }

    // ------------------------------------------------------------------ inbound (call blending)

    /**
     * An inbound caller transferred from the IVR waits for an agent, with the IVR's call context (pushed to the agent
     * instead of a contact). Inbound callers take agents before outbound calls, and the pacer accounts for them.
     *
     * @return the inbound call's id
     */
    public Future<String> inboundWaiting(String channel, JsonObject ivrContext) {
        Objects.requireNonNull(channel, "channel");
        JsonObject ctx = ivrContext == null ? new JsonObject() : ivrContext.copy();
        return onLoop(() -> {
            String id = "in-" + campaignId + "-" + (++inboundSeq);
            InboundCall call = new InboundCall(id, channel, ctx, scheduler.nowMillis());
            inbound.put(id, call);
            publishInbound("inbound-queued", call, new JsonObject().put("channel", channel));
            loop.inboundWaiting(id, channel);
            return id;
        });
    }

    // ------------------------------------------------------------------ FastAGI scripts

    /** Returns the {@code dialer-connect} script: reads AMD's verdict, reports it, holds the person for an agent. */
    public AgiHandler connectHandler() {
        return new ConnectHandler(this);
    }

    /** Returns the {@code dialer-abandon} script: the abandon message with the opt-out key. */
    public AgiHandler abandonHandler() {
        return new AbandonHandler(this);
    }

    /** Returns the {@code inbound} script: a caller from the IVR waits, held, for the first free agent. */
    public AgiHandler inboundHandler() {
        return new InboundHandler(this);
    }

    CallPathSettings callPath() {
        return callPath;
    }

    Campaigns campaigns() {
        return campaigns;
    }

    Context context() {
        return context;
    }

    /**
     * {@code dialer-connect} reached us for {@code callId}: reports the AMD verdict to the dialer (a no-op if AMI
     * already did) and returns a future that completes when the person is no longer waiting (bridged, abandoned,
     * gone), with the reason; empty if the call is unknown or a machine.
     */
    Future<Optional<Future<String>>> customerAtConnect(String callId, String channel, String uniqueId, String amd) {
        return Contexts.call(context, () -> {
            LiveCall call = calls.get(callId);
            if (call == null) {
                LOG.warn("dialer-connect: unknown call '{}' on channel {}; hanging up", callId, channel);
                return Future.succeededFuture(Optional.empty());
            }
            if (call.channel == null) {
                call.channel = channel;
                callByChannel.put(channel, callId);
            }
            if (amd.equalsIgnoreCase("HANGUP")) {
                // AMD() heard the person hang up: no verdict. The channel's Hangup ends the call (not a machine).
                return Future.succeededFuture(Optional.empty());
            }
            boolean human = !amd.equalsIgnoreCase("MACHINE");
            control.inject(new CallEvent.AmdDetected(
                    scheduler.nowMillis(), uniqueId, call.channel, human, "AGI:" + (amd.isEmpty() ? "NONE" : amd)));
            if (!human) {
                return Future.succeededFuture(Optional.empty());
            }
            return Future.succeededFuture(Optional.of(call.released.future()));
        });
    }

    /** Returns whether the dialer still tracks {@code callId}. */
    Future<Boolean> customerKnown(String callId) {
        return Contexts.call(context, () -> Future.succeededFuture(calls.containsKey(callId)));
    }

    /** {@code inbound} reached us: the caller waits; completes when bridged or gone. */
    Future<Future<String>> inboundAtAgi(String channel, JsonObject ivrContext) {
        return inboundWaiting(channel, ivrContext)
                .compose(id -> Contexts.call(context, () -> {
                    InboundCall in = inbound.get(id);
                    return Future.succeededFuture(in == null ? Future.succeededFuture("gone") : in.released.future());
                }));
    }

    /** Runs the dialer's reaction to the opt-out key of the abandon message. */
    Future<Boolean> optOut(long contactId) {
        return Contexts.on(context, campaigns.markDoNotCall(contactId, "abandon-message"));
    }

    // ------------------------------------------------------------------ the dialer's actions

    private void onAction(DialerAction action) {
        try {
            if (action instanceof DialerAction.Originate o) {
                Lead lead = leads.handedOut(o.contact().id()).orElse(null);
                calls.put(o.callId(), new LiveCall(o.callId(), lead));
            } else if (action instanceof DialerAction.AgentReserved r) {
                screenPop(r);
            } else if (action instanceof DialerAction.Bridge b) {
                bridged(b);
            } else if (action instanceof DialerAction.Abandon ab) {
                LiveCall call = calls.get(ab.callId());
                if (call != null) {
                    call.released.tryComplete("abandoned");
                }
                LOG.info("campaign {} call {}: abandoned, no agent in time", campaignId, ab.callId());
            } else if (action instanceof DialerAction.Hangup h) {
                LiveCall call = calls.get(h.callId());
                if (call != null) {
                    call.machine = "MACHINE".equals(h.reason());
                    call.released.tryComplete(h.reason());
                }
            } else if (action instanceof DialerAction.CallEnded e) {
                callEnded(e);
            } else if (action instanceof DialerAction.AgentChanged c) {
                agentChanged(c.agent());
            } else if (action instanceof DialerAction.Retry r) {
                LOG.debug(
                        "campaign {}: contact {} retry ({}) follows the campaign's retry rules",
                        campaignId,
                        r.contactId(),
                        r.reason());
            } else if (action instanceof DialerAction.Observed o) {
                observed(o);
            } else if (action instanceof DialerAction.RunFlow f) {
                LiveCall call = calls.get(f.callId());
                if (call != null) {
                    call.released.tryComplete(SURVEY);
                }
                LOG.debug("campaign {} call {}: person answered, running the keypad survey", campaignId, f.callId());
            }
        } catch (RuntimeException e) {
            LOG.error("campaign {}: handling {} failed", campaignId, action, e);
        }
    }

    private void bridged(DialerAction.Bridge b) {
        LiveCall call = calls.get(b.callId());
        if (call != null) {
            call.agentId = b.agentId();
            call.released.tryComplete("bridged");
            // The person talks to an agent from now on: a restart must know, whatever happens to this process.
            recordProgress(call, Outcome.ANSWERED_HUMAN);
            addFacts(call, AttemptFacts.none().withConnectDelay(Math.max(0, b.connectDelayMillis())));
        } else {
            InboundCall in = inbound.get(b.callId());
            if (in != null) {
                in.agentId = b.agentId();
                inboundByAgent.put(b.agentId(), in);
                in.released.tryComplete("bridged");
                publishInbound(
                        "inbound-answered",
                        in,
                        new JsonObject()
                                .put("agentId", b.agentId())
                                .put("waitMillis", in.waitedMillis(scheduler.nowMillis())));
            }
        }
        LOG.debug(
                "campaign {} call {}: bridged to agent {} {} ms after the person answered",
                campaignId,
                b.callId(),
                b.agentId(),
                b.connectDelayMillis());
    }

    // ------------------------------------------------------------------ attempt facts (ledger and statistics)

    /** The core recorded a fact about a call: store it with the attempt, for the next restart. */
    private void observed(DialerAction.Observed o) {
        LiveCall call = knownCall(o.callId());
        if (call == null) {
            return; // an inbound call's wrap-up: not an attempt
        }
        if (o.observation() instanceof Observation.Verdict v && v.amdUsed() && !v.needsAgent()) {
            call.machineVerdict = true;
        }
        addFacts(call, HistoryReplay.facts(o.observation(), call.machineVerdict));
    }

    /** Returns the outbound call {@code callId}, live or just ended (in wrap-up, or an agent's last call). */
    private LiveCall knownCall(String callId) {
        LiveCall call = calls.get(callId);
        if (call != null) {
            return call;
        }
        for (LiveCall c : afterCall.values()) {
            if (c.callId.equals(callId)) {
                return c;
            }
        }
        for (LiveCall c : lastCall.values()) {
            if (c.callId.equals(callId)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Queues facts for the call's attempt; the facts one event of the core yields are written together, by one UPDATE
     * on a worker, on the context's next turn.
     */
    private void addFacts(LiveCall call, AttemptFacts facts) {
        if (call.attemptId < 0 || facts.isEmpty()) {
            return;
        }
        boolean first = unwrittenFacts.isEmpty();
        unwrittenFacts.merge(call.attemptId, facts, AttemptFacts::and);
        if (first) {
            context.runOnContext(v -> writeFacts());
        }
    }

    private void writeFacts() {
        List<Map.Entry<Long, AttemptFacts>> batch = new ArrayList<>(unwrittenFacts.entrySet());
        unwrittenFacts.clear();
        for (Map.Entry<Long, AttemptFacts> e : batch) {
            long attemptId = e.getKey();
            Future<Void> w = Contexts.on(context, campaigns.recordFacts(attemptId, e.getValue()));
            writingFacts.add(w);
            w.onComplete(ar -> {
                writingFacts.remove(w);
                if (ar.failed()) {
                    LOG.error(
                            "campaign {}: storing what the dialer learned on attempt {} failed; a restart will not"
                                    + " count it",
                            campaignId,
                            attemptId,
                            ar.cause());
                }
            });
        }
    }

    /** Completes when every fact learned so far is stored (or its write failed, which is logged). */
    private Future<Void> factsWritten() {
        return Contexts.call(context, () -> {
            writeFacts();
            return Future.join(new ArrayList<>(writingFacts)).<Void>mapEmpty().otherwiseEmpty();
        });
    }

    private void callEnded(DialerAction.CallEnded e) {
        LiveCall call = calls.remove(e.callId());
        if (call == null) {
            return;
        }
        call.released.tryComplete("ended");
        if (call.channel != null) {
            callByChannel.remove(call.channel);
        }
        leads.done(e.contactId());
        if (call.lead == null) {
            return;
        }
        call.talkMillis = e.talkMillis();
        switch (e.result()) {
            case "NOT_PLACED" -> {
                if (call.attemptId < 0) {
                    leads.release(call.lead.contactId());
                } else if (call.uncertain) {
                    // The originate may have gone out: look for its channel shortly (or on reconnect if AMI is down).
                    uncertain.add(call);
                    scheduleUncertain(UNCERTAIN_PROBE_MILLIS);
                } else {
                    reconcile(call.attemptId, Outcome.FAILED);
                }
            }
            case "COMPLETED" -> {
                Optional<AgentView> agent = call.agentId == null ? Optional.empty() : viewOpt(call.agentId);
                if (agent.isPresent() && agent.get().state() == AgentState.WRAP_UP) {
                    afterCall.put(call.agentId, call); // closed with the disposition, or when wrap-up ends
                } else {
                    close(call, call.outcome);
                }
            }
            // The survey handler saves the answers and closes the attempt itself (COMPLETED or ANSWERED_HUMAN); an
            // attempt it could not close stays open and is reconciled like any other.
            case "FLOW_DONE" -> LOG.debug("campaign {} call {}: survey call ended", campaignId, e.callId());
            default -> close(call, outcomeOf(e.result()));
        }
    }

    private static Outcome outcomeOf(String result) {
        return switch (result) {
            case "BUSY" -> Outcome.BUSY;
            case "NO_ANSWER", "HUNG_UP_BEFORE_AMD" -> Outcome.NO_ANSWER;
            case "MACHINE" -> Outcome.ANSWERED_MACHINE;
            case "ABANDONED", "ABANDONED_HUNG_UP" -> Outcome.ABANDONED;
            case "FLOW_DONE" -> Outcome.ANSWERED_HUMAN;
            default -> Outcome.FAILED;
        };
    }

    private void agentChanged(AgentView a) {
        publishState(a);
        if (a.state() == AgentState.READY && leads.agentsWithCallbacks().contains(a.id())) {
            context.runOnContext(v -> dialReservedCallbacks()); // after the dialer has finished this event
        }
        if (a.state() != AgentState.WRAP_UP && a.state() != AgentState.ON_CALL && afterCall.containsKey(a.id())) {
            closeAfterCall(a.id()); // wrap-up ended by its limit (or a pause) without a disposition
        }
        if (a.state() != AgentState.WRAP_UP && a.state() != AgentState.ON_CALL) {
            InboundCall in = inboundByAgent.remove(a.id());
            if (in != null) {
                inbound.remove(in.id);
            }
        }
    }

    private void closeAfterCallIfAny(String agentId) {
        if (afterCall.containsKey(agentId)) {
            closeAfterCall(agentId);
        }
    }

    private Future<Void> closeAfterCall(String agentId) {
        LiveCall call = afterCall.remove(agentId);
        return call == null ? Future.succeededFuture() : close(call, call.outcome);
    }

    /**
     * Closes the call's attempt with {@code outcome}. A failure (the database away) is retried with back-off until it
     * succeeds; meanwhile the attempt stays open in the database with what was recorded while live, so even a crash
     * before the retry loses nothing. A disposition saved meanwhile changes the outcome the retry writes.
     */
    private Future<Void> close(LiveCall call, Outcome outcome) {
        call.closed = true;
        call.outcome = outcome;
        if (call.agentId != null) {
            lastCall.put(call.agentId, call);
        }
        if (call.attemptId < 0) {
            return Future.succeededFuture();
        }
        return closeAttempt(call, CLOSE_RETRY_FIRST_MILLIS);
    }

    private Future<Void> closeAttempt(LiveCall call, long nextDelay) {
        Outcome outcome = call.outcome;
        Duration talk = Duration.ofMillis(Math.max(0, call.talkMillis));
        return Contexts.on(context, campaigns.closeAttempt(call.attemptId, outcome, call.agentId, talk))
                .<Void>mapEmpty()
                .onFailure(e -> {
                    if (e instanceof CampaignsException.InvalidState || e instanceof CampaignsException.NotFound) {
                        LOG.error(
                                "campaign {} call {}: attempt {} not closed as {}: {}",
                                campaignId,
                                call.callId,
                                call.attemptId,
                                outcome,
                                e.getMessage());
                        return;
                    }
                    LOG.error(
                            "campaign {} call {}: closing attempt {} as {} failed, retrying in {} ms",
                            campaignId,
                            call.callId,
                            call.attemptId,
                            outcome,
                            nextDelay,
                            e);
                    scheduler.schedule(
                            nextDelay,
                            () -> context.runOnContext(v -> {
                                if (!closed) {
                                    closeAttempt(call, Math.min(CLOSE_RETRY_MAX_MILLIS, nextDelay * 2));
                                }
                            }));
                });
    }

    /** Records on the call's open attempt what it achieved so far (bridged, completed), retrying like a close. */
    private Future<Void> recordProgress(LiveCall call, Outcome outcome) {
        if (call.attemptId < 0) {
            return Future.succeededFuture();
        }
        return recordProgress(call, outcome, CLOSE_RETRY_FIRST_MILLIS);
    }

    private Future<Void> recordProgress(LiveCall call, Outcome outcome, long nextDelay) {
        return Contexts.on(context, campaigns.recordProgress(call.attemptId, outcome, call.agentId))
                .<Void>mapEmpty()
                .onFailure(e -> {
                    LOG.error(
                            "campaign {} call {}: recording {} on attempt {} failed, retrying in {} ms",
                            campaignId,
                            call.callId,
                            outcome,
                            call.attemptId,
                            nextDelay,
                            e);
                    scheduler.schedule(
                            nextDelay,
                            () -> context.runOnContext(v -> {
                                if (!closed && !call.closed) { // once closed, the close writes the outcome
                                    recordProgress(call, call.outcome, Math.min(CLOSE_RETRY_MAX_MILLIS, nextDelay * 2));
                                }
                            }));
                });
    }

    private Future<Void> reconcile(long attemptId, Outcome outcome) {
        return Contexts.on(context, campaigns.reconcile(attemptId, outcome))
                .onFailure(e -> LOG.error("campaign {}: reconciling attempt {} failed", campaignId, attemptId, e))
                .mapEmpty();
    }

    // ------------------------------------------------------------------ screen pop and agent states

    private void screenPop(DialerAction.AgentReserved r) {
        JsonObject pop = new JsonObject()
                .put("type", "screen-pop")
                .put("agentId", r.agentId())
                .put("callId", r.callId())
                .put("campaignId", campaignId)
                .put("reservedAt", scheduler.nowMillis());
        if (r.contact() == null) {
            InboundCall in = inbound.get(r.callId());
            pop.put("kind", "inbound").put("ivrContext", in == null ? new JsonObject() : in.ivrContext);
        } else {
            LiveCall call = calls.get(r.callId());
            pop.put("kind", "outbound");
            if (call != null && call.lead != null) {
                pop.put("attemptId", call.attemptId);
                fillContact(pop, call.lead);
            }
        }
        vertx.eventBus().publish(AGENT_ADDRESS_PREFIX + r.agentId(), pop);
    }

    private static void fillContact(JsonObject pop, Lead lead) {
        var c = lead.claimed().contact();
        JsonObject fields = new JsonObject();
        c.fields().forEach(fields::put);
        pop.put(
                "contact",
                new JsonObject()
                        .put("id", c.id())
                        .put("phone", c.phone())
                        .put("name", c.name())
                        .put("customerId", c.customerId())
                        .put("language", c.language())
                        .put("timeZone", c.timeZone())
                        .put("fields", fields)
                        .put("reason", lead.claimed().reason().name()));
        JsonArray questions = new JsonArray();
        for (Question q : lead.survey().questions()) {
            questions.add(new JsonObject()
                    .put("id", q.id())
                    .put("type", q.type().name())
                    .put("text", q.text())
                    .put("choices", new JsonArray(new ArrayList<>(q.choices())))
                    .put("required", q.required()));
        }
        pop.put(
                "survey",
                new JsonObject()
                        .put("title", lead.survey().title())
                        .put("intro", lead.survey().intro())
                        .put("questions", questions));
        JsonArray history = new JsonArray();
        for (Attempt a : lead.history()) {
            history.add(new JsonObject()
                    .put("attemptId", a.id())
                    .put("startedAt", String.valueOf(a.startedAt()))
                    .put("endedAt", a.endedAt() == null ? null : a.endedAt().toString())
                    .put("outcome", a.outcome() == null ? null : a.outcome().wireName())
                    .put("agent", a.agent())
                    .put(
                            "durationMs",
                            a.duration() == null ? null : a.duration().toMillis()));
        }
        pop.put("history", history);
    }

    private void publishInbound(String type, InboundCall call, JsonObject fields) {
        JsonObject event =
                fields.put("type", type).put("campaignId", campaignId).put("callId", call.id);
        vertx.eventBus().publish(INBOUND_ADDRESS, event);
    }

    private void publishState(AgentView a) {
        JsonObject state = new JsonObject()
                .put("type", "agent-state")
                .put("campaignId", campaignId)
                .put("agentId", a.id())
                .put("state", a.state().name())
                .put("since", a.sinceMillis())
                .put("callId", a.callId())
                .put("pauseReason", a.pauseReason())
                .put("channel", a.channel());
        vertx.eventBus().publish(AGENT_ADDRESS_PREFIX + a.id(), state);
        vertx.eventBus().publish(AGENTS_ADDRESS, state);
    }

    // ------------------------------------------------------------------ faults

    private void onConnectionUp() {
        reconcileUncertain();
        if (dialer == null) {
            return;
        }
        // Hangups may have been missed while AMI was down: ask Asterisk about every channel we rely on.
        List<String> channels = new ArrayList<>(callByChannel.keySet());
        channels.addAll(adopted.keySet());
        for (AgentView a : dialer.agents()) {
            if (!a.channel().isEmpty() && a.state() != AgentState.LOGGED_OUT) {
                channels.add(a.channel());
            }
        }
        for (String ch : channels) {
            control.getVar(ch, "CHANNEL(state)").onFailure(e -> {
                if (e instanceof AmiNoSuchChannelException) {
                    LOG.warn("campaign {}: channel {} ended while AMI was down", campaignId, ch);
                    control.inject(new CallEvent.ChannelHangup(scheduler.nowMillis(), "", "", ch, 0, "gone"));
                }
            });
        }
    }

    /** Settles every call whose fate is unknown (open after a restart, or an originate that timed out). */
    private void reconcileUncertain() {
        List<LiveCall> unsure = new ArrayList<>(uncertain);
        uncertain.clear();
        for (LiveCall call : unsure) {
            reconcileAgainstAsterisk(call);
        }
    }

    private void scheduleUncertain(long delayMillis) {
        if (uncertainTimer != null || closed) {
            return;
        }
        uncertainTimer = scheduler.schedule(
                delayMillis,
                () -> context.runOnContext(v -> {
                    uncertainTimer = null;
                    if (!closed && control.isConnected()) {
                        reconcileUncertain(); // a call still unsure schedules the next round
                    } else if (!closed && !uncertain.isEmpty()) {
                        scheduleUncertain(RECONCILE_RETRY_MILLIS);
                    }
                }));
    }

    /** Restart: every attempt still open for this campaign is settled from Asterisk's live channels. */
    private Future<Integer> reconcileOpenAttempts() {
        return Contexts.on(context, campaigns.openAttempts(campaignId)).compose(open -> {
            List<LiveCall> pending = new ArrayList<>();
            for (Attempt a : open) {
                LiveCall call = new LiveCall(a.callId() == null ? "" : a.callId(), null);
                call.attemptId = a.id();
                call.agentId = a.agent();
                call.recorded = a.outcome(); // ANSWERED_HUMAN or COMPLETED: the person talked to an agent
                pending.add(call);
            }
            if (!channelsKnown()) {
                // Asterisk's channels are not known yet (AMI down, or its registry not rebuilt since login): settle
                // them once they are. Their contacts stay out of the claimable set meanwhile: nothing is dialled twice.
                uncertain.addAll(pending);
                if (!pending.isEmpty()) {
                    LOG.warn("campaign {}: {} open attempt(s) wait for AMI to be reconciled", campaignId, open.size());
                    scheduleUncertain(RECONCILE_RETRY_MILLIS);
                }
                return Future.succeededFuture(open.size());
            }
            List<Future<Void>> all = new ArrayList<>();
            for (LiveCall call : pending) {
                all.add(reconcileAgainstAsterisk(call));
            }
            return Future.join(all).map(v -> open.size());
        });
    }

    /** Whether Asterisk's live channels can be trusted to say a call is gone (always, without AMI). */
    private boolean channelsKnown() {
        if (control.delegate() instanceof AmiCallControl ami) {
            return ami.isConnected() && ami.client().channelsKnown();
        }
        return true;
    }

    /**
     * Settles a call whose fate this process does not know. Gone: closed with what was recorded while it was live
     * (a bridged call was answered), else failed. Still ringing or unattended: hung up. A conversation with an agent
     * still up is left alone and settled when it hangs up. When Asterisk cannot be asked, it waits for a later try.
     */
    private Future<Void> reconcileAgainstAsterisk(LiveCall call) {
        long attemptId = call.attemptId;
        String callId = call.callId;
        return findChannel(callId)
                .compose(found -> {
                    if (found.isEmpty()) {
                        Outcome outcome = call.recorded != null ? call.recorded : Outcome.FAILED;
                        LOG.warn(
                                "campaign {}: open attempt {} ({}) has no live call: reconciled as {}",
                                campaignId,
                                attemptId,
                                callId,
                                outcome.wireName());
                        return reconcile(attemptId, outcome);
                    }
                    AmiChannel ch = found.get();
                    boolean up = "Up".equalsIgnoreCase(ch.state());
                    if (up && call.recorded != null) {
                        LOG.warn(
                                "campaign {}: open attempt {} ({}) is a live conversation with agent {} on {}: left"
                                        + " alone, settled when it hangs up",
                                campaignId,
                                attemptId,
                                callId,
                                call.agentId,
                                ch.channel());
                        adopted.put(ch.channel(), call);
                        return Future.<Void>succeededFuture();
                    }
                    LOG.warn(
                            "campaign {}: open attempt {} ({}) is still live on {}: hung up and reconciled",
                            campaignId,
                            attemptId,
                            callId,
                            ch.channel());
                    control.delegate().hangup(ch.channel(), 16);
                    return reconcile(attemptId, up ? Outcome.ABANDONED : Outcome.NO_ANSWER);
                })
                .recover(e -> {
                    LOG.warn(
                            "campaign {}: open attempt {} ({}) not reconciled yet, Asterisk could not be asked: {}",
                            campaignId,
                            attemptId,
                            callId,
                            e.toString());
                    uncertain.add(call);
                    scheduleUncertain(RECONCILE_RETRY_MILLIS);
                    return Future.succeededFuture();
                });
    }

    /**
     * Finds the live channel of {@code callId}; empty only when Asterisk's channels are known and none is the call.
     * Fails when they are not known or a channel could not be asked (the caller tries again later).
     */
    private Future<Optional<AmiChannel>> findChannel(String callId) {
        if (!(control.delegate() instanceof AmiCallControl ami)) {
            return Future.succeededFuture(Optional.empty());
        }
        if (!channelsKnown()) {
            return Future.failedFuture(
                    new DialerException("Asterisk's live channels are not known (AMI down or registry not rebuilt)"));
        }
        if (callId.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        List<AmiChannel> unknown = new ArrayList<>();
        for (AmiChannel c : ami.client().channels().values()) {
            String v = c.variables().get(CALL_VARIABLE);
            if (callId.equals(v)) {
                return Future.succeededFuture(Optional.of(c));
            }
            if (v == null) {
                unknown.add(c);
            }
        }
        List<Future<Optional<AmiChannel>>> probes = new ArrayList<>();
        for (AmiChannel c : unknown) {
            probes.add(control.getVar(c.channel(), CALL_VARIABLE)
                    .map(v -> v.filter(callId::equals).map(x -> c))
                    // a channel that hung up meanwhile is not the call; any other error leaves the answer unknown
                    .recover(e -> e instanceof AmiNoSuchChannelException
                            ? Future.succeededFuture(Optional.empty())
                            : Future.failedFuture(e)));
        }
        return Future.all(probes).map(cf -> {
            for (Future<Optional<AmiChannel>> f : probes) {
                if (f.result().isPresent()) {
                    return f.result();
                }
            }
            return Optional.<AmiChannel>empty();
        });
    }

    // ------------------------------------------------------------------ helpers

    private LiveCall callOf(String agentId) {
        LiveCall after = afterCall.get(agentId);
        if (after != null) {
            return after;
        }
        for (LiveCall c : calls.values()) {
            if (agentId.equals(c.agentId)) {
                return c;
            }
        }
        return lastCall.get(agentId); // already closed: answers, callbacks and opt-outs may still come
    }

    private Future<AgentView> agentOp(String agentId, Runnable op) {
        Objects.requireNonNull(agentId, "agentId");
        return onLoop(() -> {
            op.run();
            return view(agentId);
        });
    }

    private AgentView view(String agentId) {
        return viewOpt(agentId).orElseThrow(() -> new DialerException("unknown agent " + agentId));
    }

    private Optional<AgentView> viewOpt(String agentId) {
        return dialer.agents().stream().filter(a -> a.id().equals(agentId)).findFirst();
    }

    private <T> Future<T> onLoop(java.util.concurrent.Callable<T> op) {
        return Contexts.call(context, () -> {
            requireStarted();
            return Future.succeededFuture(op.call());
        });
    }

    private void requireStarted() {
        if (loop == null) {
            throw new DialerException("campaign " + campaignId + ": the dialer is not started");
        }
    }

    private final class Hooks implements RuntimeCallControl.Hooks {
        @Override
        public Future<OriginateRequest> beforeOriginate(OriginateRequest request) {
            LiveCall call = calls.get(request.callId());
            if (call == null || call.lead == null) {
                return Future.failedFuture(new DialerException("call " + request.callId() + " has no claimed contact"));
            }
            return Contexts.on(context, campaigns.openAttempt(call.lead.contactId(), request.callId(), null))
                    .onFailure(e -> {
                        if (e instanceof CampaignsException.DoNotCall) {
                            // put on the list after it was claimed: the lead is dropped (released as DNC), not dialled
                            LOG.info("campaign {} call {}: {}", campaignId, request.callId(), e.getMessage());
                        }
                    })
                    .map(attempt -> {
                        call.attemptId = attempt.id();
                        Map<String, String> vars = new LinkedHashMap<>(request.variables());
                        vars.put(ATTEMPT_VARIABLE, String.valueOf(attempt.id()));
                        return new OriginateRequest(
                                request.callId(),
                                request.destination(),
                                request.context(),
                                request.exten(),
                                request.priority(),
                                request.callerId(),
                                request.ringTimeout(),
                                vars);
                    });
        }

        @Override
        public void originated(OriginateRequest request, OriginateResult result, Throwable failure) {
            LiveCall call = calls.get(request.callId());
            if (call == null) {
                return;
            }
            if (failure != null) {
                call.uncertain = failure instanceof AmiNotConnectedException || failure instanceof AmiTimeoutException;
            } else if (result.answered() && !result.channel().isEmpty()) {
                call.channel = result.channel();
                callByChannel.put(result.channel(), call.callId);
            }
        }

        @Override
        public Optional<Future<Void>> insteadOfHangup(String channel) {
            String callId = callByChannel.get(channel);
            LiveCall call = callId == null ? null : calls.get(callId);
            if (call == null || !call.machine || !callPath.leaveMachineMessage()) {
                return Optional.empty();
            }
            CallControl d = control.delegate();
            return Optional.of(Contexts.on(
                    context,
                    d.setVar(channel, MACHINE_MESSAGE_VARIABLE, callPath.machineMessagePrompt())
                            .compose(v -> d.redirect(channel, callPath.machineContext(), "s", 1))));
        }

        @Override
        public void beforeEvent(CallEvent event) {
            if (event instanceof CallEvent.ConnectionChanged cc && cc.connected()) {
                // After the loop has seen it too: run on the next turn of the context.
                context.runOnContext(v -> onConnectionUp());
            } else if (event instanceof CallEvent.ChannelHangup h) {
                LiveCall talked = adopted.remove(h.channel());
                if (talked != null) {
                    LOG.info(
                            "campaign {}: conversation of open attempt {} on {} ended: reconciled",
                            campaignId,
                            talked.attemptId,
                            h.channel());
                    reconcile(talked.attemptId, talked.recorded);
                }
                for (InboundCall in : inbound.values()) {
                    if (in.channel.equals(h.channel())) {
                        in.released.tryComplete("gone");
                        if (in.agentId == null) {
                            inbound.remove(in.id);
                            publishInbound(
                                    "inbound-abandoned",
                                    in,
                                    new JsonObject().put("waitMillis", in.waitedMillis(scheduler.nowMillis())));
                        }
                        break;
                    }
                }
            }
        }
    }

    private static final class LiveCall {
        final String callId;
        final Lead lead;
        final Promise<String> released = Promise.promise();
        long attemptId = -1;
        String channel;
        String agentId;
        boolean machine;
        boolean machineVerdict;
        boolean uncertain;
        /** After a restart: what the open attempt recorded while live (null: never bridged). */
        Outcome recorded;

        long talkMillis;
        boolean closed;
        Outcome outcome = Outcome.ANSWERED_HUMAN;

        LiveCall(String callId, Lead lead) {
            this.callId = callId;
            this.lead = lead;
        }
    }

    private static final class InboundCall {
        final String id;
        final String channel;
        final JsonObject ivrContext;
        final Promise<String> released = Promise.promise();
        final long queuedAt;
        String agentId;

        InboundCall(String id, String channel, JsonObject ivrContext, long queuedAt) {
            this.id = id;
            this.channel = channel;
            this.ivrContext = ivrContext;
            this.queuedAt = queuedAt;
        }

        long waitedMillis(long now) {
            return Math.max(0, now - queuedAt);
        }
    }

    /** Builds a {@link DialerRuntime}. */
    public static final class Builder {
        private final Vertx vertx;
        private final Campaigns campaigns;
        private final CallControl control;
        private long campaignId = -1;
        private CampaignSettings settings;
        private CallPathSettings callPath;
        private Scheduler scheduler;
        private Context context;
        private String owner = "dialer";
        private AgiHandler agentlessHandler;

        private Builder(Vertx vertx, Campaigns campaigns, CallControl control) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
            this.control = Objects.requireNonNull(control, "control");
        }

        /** Sets the campaign to dial (required). */
        public Builder campaign(long id) {
            if (id <= 0) {
                throw new IllegalArgumentException("campaign id must be positive, was " + id);
            }
            this.campaignId = id;
            return this;
        }

        /**
         * Sets the pacing settings; by default they come from the campaign (its dial mode, caller ID and abandonment
         * target) with the product defaults. Their campaign id must be the campaign's id.
         */
        public Builder settings(CampaignSettings s) {
            this.settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /** Sets the call path settings (required: the abandon message needs a callback number). */
        public Builder callPath(CallPathSettings s) {
            this.callPath = Objects.requireNonNull(s, "callPath");
            return this;
        }

        /** Sets the clock and timers (default: Vert.x timers on the wall clock). */
        public Builder scheduler(Scheduler s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** Sets the context the runtime runs on (default: the AMI client's, else a new one). */
        public Builder context(Context c) {
            this.context = Objects.requireNonNull(c, "context");
            return this;
        }

        /** Sets the claim owner recorded on claimed contacts (default {@code dialer}). */
        public Builder owner(String o) {
            if (o == null || o.isBlank()) {
                throw new IllegalArgumentException("owner must not be blank");
            }
            this.owner = o;
            return this;
        }

        /**
         * Sets the FastAGI handler that runs the keypad survey for people answering an {@code agentless} campaign
         * (the dialer module's {@code SurveyHandler}); {@code dialer-connect} hands the call to it on the same
         * session. That handler saves the answers and closes the attempt itself.
         */
        public Builder agentless(AgiHandler handler) {
            this.agentlessHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public DialerRuntime build() {
            if (campaignId <= 0) {
                throw new IllegalStateException("campaign(id) is required");
            }
            if (callPath == null) {
                throw new IllegalStateException("callPath(settings) is required");
            }
            if (settings != null && !settings.campaignId().equals(String.valueOf(campaignId))) {
                throw new IllegalStateException(
                        "settings are for campaign " + settings.campaignId() + ", not " + campaignId);
            }
            return new DialerRuntime(this);
        }
    }
}
