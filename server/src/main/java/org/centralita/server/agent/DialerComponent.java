package org.centralita.server.agent;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Database;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;
import org.centralita.dialer.agentless.SurveyHandler;
import org.centralita.dialer.runtime.CallPathSettings;
import org.centralita.dialer.runtime.DialerRuntime;
import org.centralita.dialer.runtime.RuntimeStatus;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiSession;
import org.centralita.gateway.call.CallControl;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.centralita.server.campaigns.CampaignsStorage;
import org.centralita.server.telephony.JdbcPacingStore;
import org.centralita.server.telephony.PacingSettings;
import org.centralita.server.telephony.PacingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dialer in {@code serve}: one {@link DialerRuntime} per RUNNING campaign (agentless ones included, with
 * the keypad-survey handler), each started with the telephony admin's stored pacing settings when there are any.
 * Registers the {@code dialer-connect}, {@code dialer-abandon}, {@code inbound} and {@code survey} AGI scripts;
 * outbound calls go to their campaign's runtime by {@code CENTRALITA_CAMPAIGN_ID}, and inbound callers from the IVR
 * to the campaign with the longest-idle ready agent ({@link #inboundTarget}). Campaigns a manager starts later are
 * picked up within {@link #SYNC_MILLIS}; pausing keeps a campaign's runtime (agents stay logged in, nothing is
 * claimed).
 */
public final class DialerComponent implements ManagedComponent, AgentDesk {
    private static final Logger log = LoggerFactory.getLogger(DialerComponent.class);

    /** How often campaigns a manager started after the server are picked up. */
    static final long SYNC_MILLIS = 5_000;

    /** Builds (does not start) the runtime of one campaign. */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Builds the runtime of {@code campaign} with {@code settings}; {@code agentless} is the keypad-survey handler
         * (null when the server has none). Throws with a clear message when the campaign cannot be dialled.
         */
        Launched launch(Campaigns campaigns, Campaign campaign, CampaignSettings settings, AgiHandler agentless);
    }

    /** A built runtime and how agents log in to it: (agentId, channel) → the agent. */
    public record Launched(
            DialerRuntime runtime, java.util.function.BiFunction<String, String, Future<AgentView>> login) {
        /** Validates it. */
        public Launched {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(login, "login");
        }
    }

    private record Entry(Launched launched, boolean agentless) {}

    private final Platform p;
    private final boolean demo;
    private final Supplier<Launcher> launcher;
    private final Function<Campaigns, AgiHandler> agentlessFactory;
    private final Map<Long, Entry> runtimes = new ConcurrentHashMap<>();
    private final Map<Long, Campaign> latest = new ConcurrentHashMap<>();
    /** Why each campaign that could not be launched was not (logged once per reason; retried every sync). */
    private final Map<Long, String> skipped = new ConcurrentHashMap<>();

    private final PacingStore pacing;
    private volatile Campaigns campaigns;
    private volatile AgiHandler agentless;
    private volatile boolean started;
    private volatile long syncTimer = -1;
    private volatile boolean syncing;
    private volatile boolean stopping;

    /**
     * Creates the component of {@code serve}: runtimes over the AMI call control {@code callControl} supplies at
     * start (null: nothing is dialled, and the log says why), with agentless campaigns run by the handler {@code
     * agentless} builds (null: agentless campaigns are not dialled).
     */
    public DialerComponent(Platform p, Supplier<CallControl> callControl, Function<Campaigns, AgiHandler> agentless) {
        this(p, false, () -> overCallControl(p.vertx(), callControl.get()), agentless);
    }

    /** Creates the component of {@code serve} without agentless campaigns. */
    public DialerComponent(Platform p, Supplier<CallControl> callControl) {
        this(p, callControl, null);
    }

    /**
     * Creates the component with its own way to build runtimes.
     *
     * @param demo whether calls are simulated
     * @param launcher supplies, at start, how runtimes are built (null: no call control, nothing is dialled)
     * @param agentless builds the keypad-survey handler for agentless campaigns, or null
     */
    public DialerComponent(
            Platform p, boolean demo, Supplier<Launcher> launcher, Function<Campaigns, AgiHandler> agentless) {
        this.p = Objects.requireNonNull(p, "p");
        this.demo = demo;
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.agentlessFactory = agentless;
        this.pacing = new JdbcPacingStore(p.vertx(), p.dataSource());
    }

    /** The launcher of {@code serve}: a runtime over {@code cc}; agents log in on their nailed-up channel. */
    static Launcher overCallControl(io.vertx.core.Vertx vertx, CallControl cc) {
        if (cc == null) {
            return null;
        }
        return (campaigns, c, settings, agentless) -> {
            String number = c.spec().callerId();
            if (number == null || !number.matches("\\+?[0-9]{3,20}")) {
                throw new IllegalStateException(
                        "no caller ID (read out as the call-back number when a call is abandoned)");
            }
            DialerRuntime.Builder b = DialerRuntime.builder(vertx, campaigns, cc)
                    .campaign(c.id())
                    .settings(settings)
                    .callPath(CallPathSettings.defaults(number));
            if (agentless != null) {
                b.agentless(agentless);
            }
            DialerRuntime rt = b.build();
            return new Launched(rt, rt::login);
        };
    }

    /** Returns this desk once the dialer has started with call control, else null (the agent API then answers 503). */
    public AgentDesk desk() {
        return started ? this : null;
    }

    @Override
    public Campaigns campaigns() {
        return campaigns;
    }

    @Override
    public boolean demo() {
        return demo;
    }

    @Override
    public List<RunningCampaign> running() {
        List<RunningCampaign> out = new ArrayList<>();
        runtimes.forEach((id, e) -> {
            Campaign c = latest.get(id);
            // A finished campaign keeps its runtime (calls in progress end normally, nothing new is claimed) and its
            // agents until they log out or move: shown, but closed to new agents.
            CampaignStatus status = c == null ? CampaignStatus.RUNNING : c.status();
            out.add(new RunningCampaign(
                    id,
                    c == null ? "#" + id : c.name(),
                    status,
                    e.agentless(),
                    e.launched().runtime(),
                    e.launched().login()));
        });
        out.sort(Comparator.comparingLong(RunningCampaign::id));
        return out;
    }

    /** Registers the dialer's AGI scripts, routed to the runtime of each call's campaign. */
    public void registerScripts(AgiServer.Builder b) {
        scripts().forEach(b::handler);
    }

    /**
     * Returns the dialer's AGI scripts by name: {@code dialer-connect} and {@code dialer-abandon} (routed by the call's
     * {@code CENTRALITA_CAMPAIGN_ID}), {@code inbound} ({@link #inboundTarget}) and {@code survey} (agentless).
     */
    public Map<String, AgiHandler> scripts() {
        Map<String, AgiHandler> out = new java.util.LinkedHashMap<>();
        out.put(DialerRuntime.CONNECT_SCRIPT, routed(DialerRuntime::connectHandler));
        out.put(DialerRuntime.ABANDON_SCRIPT, routed(DialerRuntime::abandonHandler));
        out.put(DialerRuntime.INBOUND_SCRIPT, session -> inboundTarget()
                .compose(rt -> rt == null
                        ? session.hangup().<Void>mapEmpty()
                        : rt.inboundHandler().handle(session)));
        out.put(SurveyHandler.SCRIPT, session -> {
            AgiHandler h = agentless;
            if (h == null) {
                log.warn("AGI: survey script reached, but agentless campaigns do not run here; hanging up");
                return session.hangup().mapEmpty();
            }
            return h.handle(session);
        });
        return out;
    }

    /**
     * Returns the runtime an inbound caller from the IVR waits in: the campaign whose ready agent has been idle
     * longest, else the one with most agents logged in (the caller is taken by the first of them to free up), else
     * null when no campaign with agents runs.
     */
    Future<DialerRuntime> inboundTarget() {
        List<RunningCampaign> withAgents =
                running().stream().filter(c -> !c.agentless()).toList();
        if (withAgents.isEmpty()) {
            log.warn("AGI inbound: no campaign with agents is running; hanging up");
            return Future.succeededFuture(null);
        }
        List<Future<RuntimeStatus>> all =
                withAgents.stream().map(c -> c.runtime().status()).toList();
        return Future.join(all).map(cf -> {
            List<RuntimeStatus> statuses = new ArrayList<>();
            for (Future<RuntimeStatus> f : all) {
                if (f.succeeded()) {
                    statuses.add(f.result());
                }
            }
            long id = pickInbound(statuses);
            return withAgents.stream()
                    .filter(c -> c.id() == id)
                    .findFirst()
                    .orElse(withAgents.get(0))
                    .runtime();
        });
    }

    /**
     * Returns the campaign for an inbound caller: the one whose READY agent has waited longest; else the one with
     * most agents logged in; else the first. -1 for no campaign.
     */
    static long pickInbound(List<RuntimeStatus> statuses) {
        long best = -1;
        long bestSince = Long.MAX_VALUE;
        for (RuntimeStatus s : statuses) {
            for (AgentView a : s.agents()) {
                if (a.state() == AgentState.READY && a.sinceMillis() < bestSince) {
                    bestSince = a.sinceMillis();
                    best = s.campaignId();
                }
            }
        }
        if (best >= 0) {
            return best;
        }
        long most = -1;
        for (RuntimeStatus s : statuses) {
            long n = s.agents().stream()
                    .filter(a -> a.state() != AgentState.LOGGED_OUT)
                    .count();
            if (n > most) {
                most = n;
                best = s.campaignId();
            }
        }
        return best;
    }

    private AgiHandler routed(Function<DialerRuntime, AgiHandler> which) {
        return (AgiSession session) -> session.getVariable("CENTRALITA_CAMPAIGN_ID")
                .compose(id -> {
                    Entry e = null;
                    try {
                        e = id.map(s -> runtimes.get(Long.parseLong(s.trim()))).orElse(null);
                    } catch (NumberFormatException ex) {
                        log.warn("AGI: CENTRALITA_CAMPAIGN_ID is not a number: {}", id.orElse(""));
                    }
                    if (e == null) {
                        log.warn("AGI: call for campaign {} which is not running here; hanging up", id.orElse("?"));
                        return session.hangup().mapEmpty();
                    }
                    return which.apply(e.launched().runtime()).handle(session);
                });
    }

    @Override
    public String name() {
        return "dialer";
    }

    @Override
    public Future<Void> start() {
        Launcher l = launcher.get();
        if (l == null) {
            log.warn("Dialer: no AMI call control (ami.enabled is false); running campaigns are not dialled");
            return Future.succeededFuture();
        }
        return p.vertx()
                .executeBlocking(() -> {
                    Database d = CampaignsStorage.of(p.dataSource()); // the server's one pool
                    campaigns = new Campaigns(d, Clock.systemUTC());
                    if (agentlessFactory != null) {
                        agentless = agentlessFactory.apply(campaigns);
                    }
                    return null;
                })
                .compose(v -> sync(l))
                .onSuccess(v -> {
                    started = true;
                    syncTimer = p.vertx().setPeriodic(SYNC_MILLIS, t -> {
                        if (!syncing) {
                            syncing = true;
                            sync(l).onComplete(ar -> syncing = false);
                        }
                    });
                });
    }

    /** Starts a runtime for every RUNNING campaign that has none yet (paused ones keep theirs: it claims nothing). */
    private Future<Void> sync(Launcher l) {
        return campaigns.list().compose(list -> {
            Future<Void> chain = Future.succeededFuture();
            for (Campaign c : list) {
                latest.put(c.id(), c);
                if (c.status() != CampaignStatus.RUNNING || runtimes.containsKey(c.id())) {
                    continue; // one that failed to launch is tried again: the fault may have been transient
                }
                chain = chain.compose(v -> launch(l, c));
            }
            return chain;
        });
    }

    private Future<Void> launch(Launcher l, Campaign c) {
        return pacing.find(String.valueOf(c.id()))
                .compose(stored -> {
                    CampaignSettings settings = settingsFor(c, stored.orElse(null));
                    boolean isAgentless = settings.mode() instanceof DialMode.Agentless;
                    if (isAgentless && agentless == null) {
                        throw new IllegalStateException("agentless campaigns need the keypad-survey handler");
                    }
                    Launched launched = l.launch(campaigns, c, settings, agentless);
                    return launched.runtime()
                            .start()
                            .recover(e -> launched.runtime().close().transform(ignored -> Future.<Void>failedFuture(e)))
                            .map(x -> {
                                if (stopping) { // the server began to stop while this campaign started
                                    launched.runtime().close();
                                    return (Void) null;
                                }
                                if (skipped.remove(c.id()) != null) {
                                    log.info("Dialer: campaign {} \"{}\" can be dialled now", c.id(), c.name());
                                }
                                runtimes.put(c.id(), new Entry(launched, isAgentless));
                                log.info(
                                        "Dialer: campaign {} \"{}\" running in {} mode{}",
                                        c.id(),
                                        c.name(),
                                        settings.mode().name(),
                                        stored.isPresent() ? " (telephony admin's settings)" : "");
                                return (Void) null;
                            });
                })
                .recover(e -> {
                    skip(c, e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** Returns the campaign's own dialling settings with the admin's stored pacing settings over them, if any. */
    static CampaignSettings settingsFor(Campaign c, PacingSettings stored) {
        CampaignSettings base = DialerRuntime.settingsOf(c);
        return stored == null ? base : stored.applyTo(base);
    }

    private void skip(Campaign c, String why) {
        // Tried again at every sync (a database or AMI fault passes, a manager fixes the campaign); logged once
        // per reason.
        String reason = String.valueOf(why);
        if (!reason.equals(skipped.put(c.id(), reason))) {
            log.warn(
                    "Dialer: campaign {} \"{}\" not dialled: {} (tried again every {} s)",
                    c.id(),
                    c.name(),
                    reason,
                    SYNC_MILLIS / 1000);
        }
    }

    /**
     * Stops: every runtime stops placing calls at once, calls in progress finish (up to the drain grace, {@code
     * shutdown.timeout} less {@link #DRAIN_MARGIN_MILLIS}), then the runtimes close. A call still live after the
     * grace keeps its attempt open, settled by the next start's reconciliation.
     */
    @Override
    public Future<Void> stop() {
        started = false;
        stopping = true;
        if (syncTimer >= 0) {
            p.vertx().cancelTimer(syncTimer);
        }
        java.time.Duration grace = drainGrace(p.config().shutdownTimeout());
        List<Future<Void>> stops = runtimes.values().stream()
                .map(e -> {
                    DialerRuntime rt = e.launched().runtime();
                    return rt.stop().compose(v -> rt.drain(grace)).<Void>transform(ar -> rt.close());
                })
                .toList();
        return Future.join(stops).mapEmpty(); // the database belongs to the server
    }

    /** What the drain leaves of {@code shutdown.timeout} for closing the runtimes. */
    static final long DRAIN_MARGIN_MILLIS = 2_000;

    /** Returns how long live calls may take to finish when the server stops. */
    static java.time.Duration drainGrace(java.time.Duration shutdownTimeout) {
        return java.time.Duration.ofMillis(Math.max(0, shutdownTimeout.toMillis() - DRAIN_MARGIN_MILLIS));
    }
}
