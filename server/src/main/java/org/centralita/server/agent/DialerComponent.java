package org.centralita.server.agent;

import io.vertx.core.Future;
import java.time.Clock;
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
import org.centralita.dialer.runtime.CallPathSettings;
import org.centralita.dialer.runtime.DialerRuntime;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.gateway.agi.AgiSession;
import org.centralita.gateway.call.CallControl;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.centralita.server.campaigns.CampaignsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dialer in {@code serve}: one {@link DialerRuntime} per RUNNING campaign over the AMI {@link CallControl}
 * that {@code callControl} supplies (the AMI client's, once wired; null today, and then no campaign is dialled and
 * the log says why). Registers the {@code dialer-connect}, {@code dialer-abandon} and {@code inbound} AGI scripts,
 * which route each call to its campaign's runtime by {@code CENTRALITA_CAMPAIGN_ID}; inbound callers go to the
 * first running campaign. Campaigns a manager starts later are picked up
 * within {@link #SYNC_MILLIS}.
 */
public final class DialerComponent implements ManagedComponent {
    private static final Logger log = LoggerFactory.getLogger(DialerComponent.class);

    private final Platform p;
    private final Supplier<CallControl> callControl;
    private final Map<Long, DialerRuntime> runtimes = new ConcurrentHashMap<>();
    private volatile Campaigns campaigns;
    private volatile Database db;

    /** Creates the component; {@code callControl} may supply null (no AMI call control in this build yet). */
    public DialerComponent(Platform p, Supplier<CallControl> callControl) {
        this.p = Objects.requireNonNull(p, "p");
        this.callControl = Objects.requireNonNull(callControl, "callControl");
    }

    /** Returns the desk of the first running campaign, or null (the agent API then answers 503). */
    public AgentDesk desk() {
        Campaigns c = campaigns;
        return runtimes.values().stream()
                .findFirst()
                .map(rt -> new AgentDesk(rt, c, rt::login, false))
                .orElse(null);
    }

    /** Registers the dialer's three AGI scripts, routed to the runtime of each call's campaign. */
    public void registerScripts(AgiServer.Builder b) {
        b.handler(DialerRuntime.CONNECT_SCRIPT, routed(DialerRuntime::connectHandler));
        b.handler(DialerRuntime.ABANDON_SCRIPT, routed(DialerRuntime::abandonHandler));
        b.handler(DialerRuntime.INBOUND_SCRIPT, session -> runtimes.values().stream()
                .findFirst()
                .map(rt -> rt.inboundHandler().handle(session))
                .orElseGet(() -> session.hangup().mapEmpty()));
    }

    private AgiHandler routed(Function<DialerRuntime, AgiHandler> which) {
        return (AgiSession session) -> session.getVariable("CENTRALITA_CAMPAIGN_ID")
                .compose(id -> {
                    DialerRuntime rt = null;
                    try {
                        rt = id.map(s -> runtimes.get(Long.parseLong(s.trim()))).orElse(null);
                    } catch (NumberFormatException e) {
                        log.warn("AGI: CENTRALITA_CAMPAIGN_ID is not a number: {}", id.orElse(""));
                    }
                    if (rt == null) {
                        log.warn("AGI: call for campaign {} which is not running here; hanging up", id.orElse("?"));
                        return session.hangup().mapEmpty();
                    }
                    return which.apply(rt).handle(session);
                });
    }

    @Override
    public String name() {
        return "dialer";
    }

    @Override
    public Future<Void> start() {
        CallControl cc = callControl.get();
        if (cc == null) {
            log.warn("Dialer: no AMI call control in this build yet; running campaigns are not dialled");
            return Future.succeededFuture();
        }
        return p.vertx()
                .executeBlocking(() -> {
                    Database d = CampaignsStorage.of(p.dataSource()); // the server's one pool
                    db = d;
                    campaigns = new Campaigns(d, Clock.systemUTC());
                    return null;
                })
                .compose(v -> sync(cc))
                .onSuccess(v -> syncTimer = p.vertx().setPeriodic(SYNC_MILLIS, t -> {
                    if (!syncing) {
                        syncing = true;
                        sync(cc).onComplete(ar -> syncing = false);
                    }
                }));
    }

    /** How often campaigns a manager started after the server are picked up. */
    static final long SYNC_MILLIS = 5_000;

    private volatile long syncTimer = -1;
    private volatile boolean syncing;

    /** Starts a runtime for every RUNNING campaign that has none yet (paused ones keep theirs: it claims nothing). */
    private Future<Void> sync(CallControl cc) {
        return campaigns.list().compose(list -> {
            Future<Void> chain = Future.succeededFuture();
            for (Campaign c : list) {
                if (c.status() != CampaignStatus.RUNNING || runtimes.containsKey(c.id()) || skipped.contains(c.id())) {
                    continue;
                }
                if ("agentless".equals(c.spec().dialMode())) {
                    skip(c, "agentless campaigns run with the keypad-survey handler, not wired into serve yet");
                    continue;
                }
                String number = c.spec().callerId();
                if (number == null || !number.matches("\\+?[0-9]{3,20}")) {
                    skip(c, "no caller ID (read out as the call-back number when a call is abandoned)");
                    continue;
                }
                DialerRuntime rt = DialerRuntime.builder(p.vertx(), campaigns, cc)
                        .campaign(c.id())
                        .callPath(CallPathSettings.defaults(number))
                        .build();
                chain = chain.compose(v -> rt.start()
                        .onSuccess(x -> {
                            runtimes.put(c.id(), rt);
                            log.info("Dialer: campaign {} \"{}\" running", c.id(), c.name());
                        })
                        .recover(e -> {
                            skip(c, e.getMessage());
                            return Future.succeededFuture();
                        }));
            }
            return chain;
        });
    }

    private final java.util.Set<Long> skipped = ConcurrentHashMap.newKeySet();

    private void skip(Campaign c, String why) {
        // Logged once per campaign; a fixed campaign is retried after a restart or a pause/resume of the server.
        if (skipped.add(c.id())) {
            log.warn("Dialer: campaign {} not dialled: {}", c.id(), why);
        }
    }

    @Override
    public Future<Void> stop() {
        if (syncTimer >= 0) {
            p.vertx().cancelTimer(syncTimer);
        }
        List<Future<Void>> stops =
                runtimes.values().stream().map(DialerRuntime::close).toList();
        return Future.join(stops).mapEmpty(); // the database belongs to the server
    }
}
