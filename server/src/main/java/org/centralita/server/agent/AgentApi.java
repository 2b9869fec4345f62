package org.centralita.server.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.centralita.campaigns.CampaignsException;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.DialerException;
import org.centralita.dialer.runtime.DialerRuntime;
import org.centralita.dialer.runtime.Disposition;
import org.centralita.server.auth.Role;
import org.centralita.server.auth.User;
import org.centralita.server.events.EventsHub;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiException;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Json;
import org.centralita.server.http.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop's API. The agent id is always the signed-in user's name: an agent can only act on their own
 * calls, never on another agent's. Screen pops and state changes from the dialer's event bus reach that agent's
 * live-update stream only ({@link EventsHub#toUser}).
 */
public final class AgentApi implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(AgentApi.class);

    private final Vertx vertx;
    private final EventsHub events;
    private final java.util.function.Supplier<AgentDesk> deskRef;
    private final Map<String, MessageConsumer<JsonObject>> bridges = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> lastPop = new ConcurrentHashMap<>();

    /** Creates the API over the desk {@code desk} supplies (null while the dialer is starting: 503). */
    public AgentApi(Vertx vertx, EventsHub events, java.util.function.Supplier<AgentDesk> desk) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.events = Objects.requireNonNull(events, "events");
        this.deskRef = Objects.requireNonNull(desk, "desk");
    }

    static AgentDesk require(java.util.function.Supplier<AgentDesk> ref) {
        AgentDesk d = ref.get();
        if (d == null) {
            throw new ApiException(503, "dialer_not_running", "no campaign is running on this server yet");
        }
        return d;
    }

    @Override
    public void register(ApiRoutes r) {
        Access agent = Access.roles(Role.AGENT);
        r.get("/api/agent", agent, this::me);
        r.post("/api/agent/login", agent, this::login);
        r.post("/api/agent/ready", agent, ctx -> agentOp(ctx, desk().runtime().ready(agentId(ctx))));
        r.post("/api/agent/pause", agent, this::pause);
        r.post("/api/agent/logout", agent, this::logout);
        r.post("/api/agent/disposition", agent, this::disposition);
        r.post("/api/agent/callback", agent, this::callback);
        r.post(
                "/api/agent/do-not-call",
                agent,
                ctx -> Json.reply(ctx, mapErrors(desk().runtime().doNotCall(agentId(ctx))), added -> new JsonObject()
                        .put("added", added)));
        r.post(
                "/api/agent/hangup",
                agent,
                ctx -> Json.reply(
                        ctx, mapErrors(desk().runtime().endCall(agentId(ctx))), v -> new JsonObject().put("ok", true)));
        r.post(
                "/api/agent/machine",
                agent,
                ctx -> Json.reply(
                        ctx, mapErrors(desk().runtime().agentHeardMachine(agentId(ctx))), v -> new JsonObject()
                                .put("ok", true)));
    }

    private AgentDesk desk() {
        return require(deskRef);
    }

    private static String agentId(RoutingContext ctx) {
        return Principal.of(ctx).user().username();
    }

    private void me(RoutingContext ctx) {
        String id = agentId(ctx);
        Json.reply(ctx, mapErrors(desk().runtime().agent(id)).recover(e -> Future.succeededFuture(null)), a -> {
            JsonObject out = new JsonObject()
                    .put("demo", desk().demo())
                    .put("campaignId", desk().runtime().campaignId());
            out.put("agent", a == null ? null : AgentJson.agent(a));
            JsonObject pop = lastPop.get(id);
            if (a != null && pop != null && pop.getString("callId", "").equals(a.callId())) {
                out.put("pop", pop);
            }
            return out;
        });
    }

    private void login(RoutingContext ctx) {
        User user = Principal.of(ctx).user();
        JsonObject body = Json.body(ctx);
        String channel = body.getString("channel", "").trim();
        if (!desk().demo() && channel.isEmpty()) {
            throw new ApiException(
                    400, "channel_required", "give the channel your phone is on, e.g. PJSIP/ana-00000012");
        }
        bridge(user);
        agentOp(ctx, desk().login().apply(user.username(), channel));
    }

    private void pause(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        String reason = body.getString("reason", "").trim();
        if (reason.isEmpty() || reason.length() > 60) {
            throw new ApiException(400, "reason_required", "a pause needs a reason of 1-60 characters");
        }
        agentOp(ctx, desk().runtime().pause(agentId(ctx), reason));
    }

    private void logout(RoutingContext ctx) {
        String id = agentId(ctx);
        agentOp(ctx, desk().runtime().logout(id).onSuccess(a -> {
            MessageConsumer<JsonObject> c = bridges.remove(id);
            if (c != null) {
                c.unregister();
            }
            lastPop.remove(id);
        }));
    }

    private void disposition(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        String code = body.getString("code", "").trim();
        if (code.isEmpty()) {
            throw new ApiException(400, "code_required", "a disposition needs a code");
        }
        Map<String, String> answers = new LinkedHashMap<>();
        JsonObject a = body.getJsonObject("answers", new JsonObject());
        for (String k : a.fieldNames()) {
            Object v = a.getValue(k);
            if (v != null && !String.valueOf(v).isBlank()) {
                answers.put(k, String.valueOf(v));
            }
        }
        Disposition d =
                new Disposition(code, answers, body.getBoolean("completed", false), body.getBoolean("endWrapUp", true));
        Json.reply(ctx, mapErrors(desk().runtime().disposition(agentId(ctx), d)), v -> new JsonObject()
                .put("saved", true));
    }

    private void callback(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        Instant due;
        try {
            due = Instant.parse(body.getString("dueAt", ""));
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "bad_due_at", "dueAt must be an ISO-8601 instant, e.g. 2026-11-26T10:00:00Z");
        }
        if (!due.isAfter(Instant.now())) {
            throw new ApiException(400, "bad_due_at", "dueAt must be in the future");
        }
        Json.reply(
                ctx,
                mapErrors(desk().runtime()
                        .scheduleCallback(
                                agentId(ctx), due, body.getBoolean("sameAgent", true), body.getString("note", ""))),
                cb -> new JsonObject().put("callbackId", cb.id()).put("dueAt", due.toString()));
    }

    private void agentOp(RoutingContext ctx, Future<AgentView> f) {
        Json.reply(ctx, mapErrors(f), AgentJson::agent);
    }

    /** Forwards the dialer's messages for this agent to the agent's own live-update stream, once. */
    private void bridge(User user) {
        String id = user.username();
        bridges.computeIfAbsent(
                id, k -> vertx.eventBus().<JsonObject>consumer(DialerRuntime.AGENT_ADDRESS_PREFIX + id, m -> {
                    JsonObject msg = m.body();
                    String type = msg.getString("type", "agent-message");
                    if ("screen-pop".equals(type)) {
                        lastPop.put(id, msg);
                    }
                    events.toUser(user.id(), type, msg);
                }));
        log.debug("agent {} desktop bridged to the dialer", id);
    }

    /** Turns dialer refusals into 409 and survey validation errors into 400. */
    static <T> Future<T> mapErrors(Future<T> f) {
        return f.recover(e -> {
            if (e instanceof DialerException) {
                return Future.failedFuture(new ApiException(409, "agent_state_conflict", e.getMessage()));
            }
            if (e instanceof CampaignsException) {
                return Future.failedFuture(new ApiException(400, "invalid_answers", e.getMessage()));
            }
            return Future.failedFuture(e);
        });
    }
}
