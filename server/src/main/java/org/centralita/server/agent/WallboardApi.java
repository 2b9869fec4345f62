package org.centralita.server.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.CallView;
import org.centralita.dialer.runtime.RuntimeStatus;
import org.centralita.server.ManagedComponent;
import org.centralita.server.auth.Role;
import org.centralita.server.events.EventsHub;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor wallboard: {@code GET /api/wallboard} and an SSE event {@code wallboard} every second to
 * supervisors, managers and admins, built from every running campaign's {@code DialerRuntime.status()}, abandonment
 * ledger and results: the agents of all campaigns (each with its campaign), the live calls, and one entry per
 * campaign (by name) with its own abandonment, budget, occupancy, talk minutes per agent hour and surveys. Occupancy and talk minutes per agent hour are integrated from the per-second snapshots since
 * the server started; figures with nothing behind them are {@code null} (the UI says "no data yet").
 */
public final class WallboardApi implements ApiModule, ManagedComponent {
    private static final Logger log = LoggerFactory.getLogger(WallboardApi.class);
    static final Role[] VIEWERS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN};

    private final Vertx vertx;
    private final EventsHub events;
    private final java.util.function.Supplier<AgentDesk> deskRef;
    private final double cap;
    private final Map<String, long[]> agentMillis =
            new HashMap<>(); // campaign/agent → {talk, wrap, ready/reserved, paused}
    private long lastTick;
    private long timer = -1;
    private final Map<Long, JsonObject> results = new HashMap<>();
    private final Map<Long, Long> resultsAt = new HashMap<>();
    private JsonObject last;

    /** Creates the wallboard over {@code desk}; {@code cap} is the campaign's abandonment target (e.g. 0.03). */
    public WallboardApi(Vertx vertx, EventsHub events, java.util.function.Supplier<AgentDesk> desk, double cap) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.events = Objects.requireNonNull(events, "events");
        this.deskRef = Objects.requireNonNull(desk, "desk");
        this.cap = cap;
    }

    @Override
    public String name() {
        return "wallboard";
    }

    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(1000, id -> tick());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.succeededFuture();
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/wallboard", Access.roles(Role.SUPERVISOR, Role.MANAGER, Role.ADMIN), this::get);
    }

    private void get(RoutingContext ctx) {
        Json.reply(ctx, snapshot(), s -> s);
    }

    private AgentDesk desk() {
        return AgentApi.require(deskRef);
    }

    private void tick() {
        if (deskRef.get() == null) {
            return;
        }
        snapshot()
                .onSuccess(s -> {
                    for (Role role : VIEWERS) {
                        events.toRole(role, "wallboard", s);
                    }
                })
                .onFailure(e -> log.warn("wallboard: status failed", e));
    }

    private synchronized Future<JsonObject> snapshot() {
        long now = System.currentTimeMillis();
        if (last != null && now - last.getLong("at") < 500) {
            return Future.succeededFuture(last);
        }
        AgentDesk d = desk();
        List<RunningCampaign> running = d.running();
        List<Future<JsonObject>> results = new ArrayList<>();
        List<Future<RuntimeStatus>> statuses = new ArrayList<>();
        for (RunningCampaign c : running) {
            results.add(results(d, c.id(), now));
            statuses.add(c.runtime().status());
        }
        return Future.all(statuses).compose(x -> Future.all(results)).map(x -> {
            List<RuntimeStatus> st = new ArrayList<>();
            List<JsonObject> res = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                st.add(statuses.get(i).result());
                res.add(results.get(i).result());
            }
            return build(running, st, res, now);
        });
    }

    /** The campaign's survey results, read again at most every 5 s. */
    private Future<JsonObject> results(AgentDesk d, long campaignId, long now) {
        synchronized (this) {
            JsonObject cached = results.get(campaignId);
            Long at = resultsAt.get(campaignId);
            if (cached != null && at != null && now - at < 5000) {
                return Future.succeededFuture(cached);
            }
        }
        return d.campaigns().results(campaignId).map(AgentJson::results).onSuccess(r -> {
            synchronized (this) {
                results.put(campaignId, r);
                resultsAt.put(campaignId, now);
            }
        });
    }

    private synchronized JsonObject build(
            List<RunningCampaign> running, List<RuntimeStatus> statuses, List<JsonObject> results, long now) {
        long dt = lastTick == 0 ? 0 : Math.min(now - lastTick, 5000);
        lastTick = now;
        JsonArray agents = new JsonArray();
        JsonArray calls = new JsonArray();
        JsonArray campaigns = new JsonArray();
        boolean connected = true;
        long ready = 0;
        long[] total = new long[4];
        for (int i = 0; i < running.size(); i++) {
            RunningCampaign c = running.get(i);
            RuntimeStatus status = statuses.get(i);
            connected &= status.connected();
            long[] sums = new long[4]; // talk, wrap, ready/reserved, paused: this campaign's agents since start
            for (AgentView a : status.agents()) {
                long[] m = agentMillis.computeIfAbsent(c.id() + "/" + a.id(), k -> new long[4]);
                int slot =
                        switch (a.state()) {
                            case ON_CALL -> 0;
                            case WRAP_UP -> 1;
                            case READY, RESERVED -> 2;
                            case PAUSED -> 3;
                            case LOGGED_OUT -> -1;
                        };
                if (slot >= 0) {
                    m[slot] += dt;
                    agents.add(AgentJson.agent(a).put("campaignId", c.id()).put("campaignName", c.name()));
                }
                if (a.state() == AgentState.READY) {
                    ready++;
                }
                for (int k = 0; k < 4; k++) {
                    sums[k] += m[k];
                    total[k] += m[k];
                }
            }
            for (CallView call : status.calls()) {
                calls.add(AgentJson.call(call).put("campaignId", c.id()));
            }
            JsonObject one = AgentJson.status(status, cap, now);
            one.remove("agents");
            one.remove("calls");
            one.put("name", c.name())
                    .put("status", c.status().name())
                    .put("agentless", c.agentless())
                    .put("results", results.get(i))
                    .put(
                            "agentsLoggedIn",
                            status.agents().stream()
                                    .filter(a -> a.state() != AgentState.LOGGED_OUT)
                                    .count())
                    .put("callsInProgress", status.calls().size());
            figures(one, sums);
            campaigns.add(one);
        }
        JsonObject out = new JsonObject()
                .put("at", now)
                .put("connected", connected)
                .put("cap", cap)
                .put("campaigns", campaigns)
                .put("agents", agents)
                .put("calls", calls)
                .put("readyAgents", ready);
        figures(out, total);
        // Inbound figures (IVR, queue, speed of answer, service level): GET /api/wallboard/inbound (InboundWallboard).
        last = out;
        return out;
    }

    /** Puts occupancy and talk minutes per agent hour from {talk, wrap, ready, paused} milliseconds (null: too little). */
    private static void figures(JsonObject out, long[] m) {
        long available = m[0] + m[1] + m[2];
        long logged = available + m[3];
        out.put("occupancy", available < 60_000 ? null : (double) (m[0] + m[1]) / available);
        out.put("talkMinutesPerAgentHour", logged < 60_000 ? null : (m[0] / 60000.0) / (logged / 3_600_000.0));
    }
}
