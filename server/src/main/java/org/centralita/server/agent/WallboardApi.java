package org.centralita.server.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
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
 * supervisors, managers and admins, built from {@code DialerRuntime.status()}, the abandonment ledger and the
 * campaign's results. Occupancy and talk minutes per agent hour are integrated from the per-second snapshots since
 * the server started; figures with nothing behind them are {@code null} (the UI says "no data yet").
 */
public final class WallboardApi implements ApiModule, ManagedComponent {
    private static final Logger log = LoggerFactory.getLogger(WallboardApi.class);
    static final Role[] VIEWERS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN};

    private final Vertx vertx;
    private final EventsHub events;
    private final java.util.function.Supplier<AgentDesk> deskRef;
    private final double cap;
    private final Map<String, long[]> agentMillis = new HashMap<>(); // agent → {talk, wrap, ready/reserved, paused}
    private long lastTick;
    private long timer = -1;
    private JsonObject results;
    private long resultsAt;
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
        Future<JsonObject> res = now - resultsAt < 5000 && results != null
                ? Future.succeededFuture(results)
                : desk().campaigns()
                        .results(desk().runtime().campaignId())
                        .map(AgentJson::results)
                        .onSuccess(r -> {
                            synchronized (this) {
                                results = r;
                                resultsAt = now;
                            }
                        });
        return desk().runtime().status().compose(status -> res.map(r -> build(status, r, now)));
    }

    private synchronized JsonObject build(RuntimeStatus status, JsonObject r, long now) {
        long dt = lastTick == 0 ? 0 : Math.min(now - lastTick, 5000);
        lastTick = now;
        long talk = 0, wrap = 0, idle = 0, logged = 0;
        for (AgentView a : status.agents()) {
            long[] m = agentMillis.computeIfAbsent(a.id(), k -> new long[4]);
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
            }
        }
        for (long[] m : agentMillis.values()) {
            talk += m[0];
            wrap += m[1];
            idle += m[2];
            logged += m[0] + m[1] + m[2] + m[3];
        }
        long available = talk + wrap + idle;
        JsonObject out = AgentJson.status(status, cap, now);
        out.put("occupancy", available < 60_000 ? null : (double) (talk + wrap) / available);
        out.put("talkMinutesPerAgentHour", logged < 60_000 ? null : (talk / 60000.0) / (logged / 3_600_000.0));
        out.put("results", r);
        out.put(
                "readyAgents",
                status.agents().stream()
                        .filter(a -> a.state() == AgentState.READY)
                        .count());
        // Inbound figures (IVR, queue, speed of answer, service level): GET /api/wallboard/inbound (InboundWallboard).
        last = out;
        return out;
    }
}
