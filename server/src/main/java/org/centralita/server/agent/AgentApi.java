package org.centralita.server.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.centralita.campaigns.CampaignsException;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.DialerException;
import org.centralita.dialer.runtime.DialerRuntime;
import org.centralita.dialer.runtime.Disposition;
import org.centralita.server.auth.PhoneEndpoint;
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
 * calls, never on another agent's. Like VICIdial, an agent works in one campaign at a time, chosen at log-in among
 * the campaigns dialling with agents (the only one is taken when the request names none); every action goes to that
 * campaign's runtime, and an agent switches campaign by logging in to another one when not on a call. Screen pops and state changes from the dialer's event bus reach that agent's
 * live-update stream only ({@link EventsHub#toUser}).
 */
public final class AgentApi implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(AgentApi.class);

    private final Vertx vertx;
    private final EventsHub events;
    private final java.util.function.Supplier<AgentDesk> deskRef;
    private final Map<String, MessageConsumer<JsonObject>> bridges = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> lastPop = new ConcurrentHashMap<>();
    private final Map<String, Long> assigned = new ConcurrentHashMap<>(); // agent → the campaign they work in
    private final Map<String, String> claims = new ConcurrentHashMap<>(); // channel → agent logging in on it now

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
        r.post("/api/agent/ready", agent, ctx -> agentOp(ctx, runtimeOf(ctx).ready(agentId(ctx))));
        r.post("/api/agent/pause", agent, this::pause);
        r.post("/api/agent/logout", agent, this::logout);
        r.post("/api/agent/disposition", agent, this::disposition);
        r.post("/api/agent/callback", agent, this::callback);
        r.post(
                "/api/agent/do-not-call",
                agent,
                ctx -> Json.reply(ctx, mapErrors(runtimeOf(ctx).doNotCall(agentId(ctx))), added -> new JsonObject()
                        .put("added", added)));
        r.post(
                "/api/agent/hangup",
                agent,
                ctx -> Json.reply(
                        ctx, mapErrors(runtimeOf(ctx).endCall(agentId(ctx))), v -> new JsonObject().put("ok", true)));
        r.post(
                "/api/agent/machine",
                agent,
                ctx -> Json.reply(ctx, mapErrors(runtimeOf(ctx).agentHeardMachine(agentId(ctx))), v -> new JsonObject()
                        .put("ok", true)));
    }

    private AgentDesk desk() {
        return require(deskRef);
    }

    private static String agentId(RoutingContext ctx) {
        return Principal.of(ctx).user().username();
    }

    /** Returns the campaign the signed-in agent works in, or fails 409 when they have not logged in to one. */
    private RunningCampaign campaignOf(RoutingContext ctx) {
        Long id = assigned.get(agentId(ctx));
        RunningCampaign c = id == null ? null : desk().campaign(id).orElse(null);
        if (c == null) {
            throw new ApiException(409, "not_logged_in", "log in to a campaign first");
        }
        return c;
    }

    private DialerRuntime runtimeOf(RoutingContext ctx) {
        return campaignOf(ctx).runtime();
    }

    private void me(RoutingContext ctx) {
        String id = agentId(ctx);
        AgentDesk d = desk();
        Long assignedId = assigned.get(id);
        RunningCampaign mine =
                assignedId == null ? null : d.campaign(assignedId).orElse(null);
        JsonArray offered = new JsonArray();
        for (RunningCampaign c : d.running()) {
            if (c.open() || c == mine || (mine != null && c.id() == mine.id())) {
                offered.add(AgentJson.campaign(c));
            }
        }
        Future<AgentView> view = mine == null
                ? Future.succeededFuture(null)
                : mapErrors(mine.runtime().agent(id)).recover(e -> Future.succeededFuture(null));
        Json.reply(ctx, view, a -> {
            JsonObject out = new JsonObject()
                    .put("demo", d.demo())
                    .put("campaigns", offered)
                    .put("campaignId", mine == null ? null : mine.id())
                    .put("campaignName", mine == null ? null : mine.name());
            out.put("agent", a == null ? null : AgentJson.agent(a));
            JsonObject pop = lastPop.get(id);
            if (a != null && pop != null && pop.getString("callId", "").equals(a.callId())) {
                out.put("pop", pop);
            }
            return out;
        });
    }

    /**
     * Logs the agent in to a campaign: the one named by {@code campaignId}, or the only one open. An agent in another
     * campaign switches (logged out there first), which they can only do when not on a call. Outside demo mode the
     * channel must be one of the agent's own phone endpoint (403 otherwise), and not held by another logged-in agent
     * in any campaign on this server (409): customers are bridged to that channel, and their data goes to this
     * agent's screen.
     */
    private void login(RoutingContext ctx) {
        User user = Principal.of(ctx).user();
        String id = user.username();
        JsonObject body = Json.body(ctx);
        AgentDesk d = desk();
        // demo: each agent's simulated phone is derived from their own id (DemoDialer), whatever the request says
        String channel = d.demo() ? "" : body.getString("channel", "").trim();
        if (!d.demo()) {
            requireOwnChannel(user, channel);
        }
        RunningCampaign target = chooseCampaign(d, body);
        Long previousId = assigned.get(id);
        RunningCampaign previous = previousId == null || previousId == target.id()
                ? null
                : d.campaign(previousId).orElse(null);
        if (!channel.isEmpty()) {
            String holder = claims.putIfAbsent(channel, id);
            if (holder != null && !holder.equals(id)) {
                throw channelInUse(channel);
            }
        }
        Future<Void> free = channel.isEmpty() ? Future.succeededFuture() : requireChannelFree(d, channel, id);
        Future<Void> leave = free.compose(v -> previous == null ? Future.succeededFuture() : leave(previous, id));
        Future<AgentView> login = leave.compose(v -> {
                    bridge(user);
                    return target.login().apply(id, channel);
                })
                .onComplete(ar -> {
                    if (!channel.isEmpty()) {
                        claims.remove(channel, id);
                    }
                })
                .onSuccess(a -> {
                    assigned.put(id, target.id());
                    log.info(
                            "agent {} logged in to campaign {} \"{}\" on channel {}",
                            id,
                            target.id(),
                            target.name(),
                            channel.isEmpty() ? "(simulated)" : channel);
                });
        agentOp(ctx, login);
    }

    /** Refuses (400/403) a channel that is missing or not on the agent's own phone endpoint. */
    private static void requireOwnChannel(User user, String channel) {
        String endpoint = user.phoneEndpoint();
        if (endpoint == null) {
            throw new ApiException(
                    403,
                    "no_phone_endpoint",
                    "no phone endpoint is set for you: ask an admin to set it in Users (e.g. PJSIP/ana)");
        }
        if (channel.isEmpty()) {
            throw new ApiException(
                    400, "channel_required", "give the channel your phone is on, e.g. " + endpoint + "-00000012");
        }
        if (!PhoneEndpoint.owns(endpoint, channel)) {
            log.warn("agent {} refused channel {}: not on their endpoint {}", user.username(), channel, endpoint);
            throw new ApiException(
                    403,
                    "channel_not_yours",
                    "channel " + channel + " is not on your phone (" + endpoint + "): log in on a channel " + endpoint
                            + "-…, or ask an admin to correct your phone endpoint");
        }
    }

    /** Fails 409 when another agent logged in to any campaign here holds {@code channel}. */
    private static Future<Void> requireChannelFree(AgentDesk d, String channel, String agentId) {
        List<Future<Boolean>> checks = new java.util.ArrayList<>();
        for (RunningCampaign c : d.running()) {
            checks.add(c.runtime().status().map(st -> st.agents().stream()
                    .anyMatch(a -> !a.id().equals(agentId)
                            && a.state() != AgentState.LOGGED_OUT
                            && a.channel().equalsIgnoreCase(channel))));
        }
        return Future.all(checks).compose(all -> {
            for (Future<Boolean> f : checks) {
                if (f.result()) {
                    return Future.failedFuture(channelInUse(channel));
                }
            }
            return Future.succeededFuture();
        });
    }

    private static ApiException channelInUse(String channel) {
        return new ApiException(
                409,
                "channel_in_use",
                "channel " + channel + " is already used by another logged-in agent; log in on your own phone's"
                        + " channel");
    }

    private static RunningCampaign chooseCampaign(AgentDesk d, JsonObject body) {
        Object raw = body.getValue("campaignId");
        List<RunningCampaign> open =
                d.running().stream().filter(RunningCampaign::open).toList();
        if (raw == null) {
            if (open.size() == 1) {
                return open.get(0);
            }
            if (open.isEmpty()) {
                throw new ApiException(409, "no_open_campaign", "no campaign with agents is dialling now");
            }
            throw new ApiException(400, "campaign_required", "several campaigns are running: choose one");
        }
        long cid;
        if (raw instanceof Number n) {
            cid = n.longValue();
        } else {
            try {
                cid = Long.parseLong(String.valueOf(raw).trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("campaignId must be a campaign id");
            }
        }
        RunningCampaign c = d.campaign(cid).orElse(null);
        if (c == null || !c.open()) {
            throw new ApiException(
                    409,
                    "campaign_not_open",
                    c == null
                            ? "campaign " + cid + " is not running"
                            : c.agentless()
                                    ? "campaign " + cid + " runs its survey by keypad, without agents"
                                    : "campaign " + cid + " is paused");
        }
        return c;
    }

    /** Logs the agent out of {@code c} to switch campaign; refused while they have a call or its wrap-up. */
    private static Future<Void> leave(RunningCampaign c, String agentId) {
        return c.runtime()
                .agent(agentId)
                .recover(e -> Future.succeededFuture(null))
                .compose(a -> {
                    if (a == null || a.state() == AgentState.LOGGED_OUT) {
                        return Future.succeededFuture();
                    }
                    if (a.state() == AgentState.ON_CALL
                            || a.state() == AgentState.RESERVED
                            || a.state() == AgentState.WRAP_UP) {
                        return Future.failedFuture(new ApiException(
                                409,
                                "on_a_call",
                                "finish your call in \"" + c.name()
                                        + "\" (and its disposition) before changing campaign"));
                    }
                    return c.runtime().logout(agentId).mapEmpty();
                });
    }

    private void pause(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        String reason = body.getString("reason", "").trim();
        if (reason.isEmpty() || reason.length() > 60) {
            throw new ApiException(400, "reason_required", "a pause needs a reason of 1-60 characters");
        }
        agentOp(ctx, runtimeOf(ctx).pause(agentId(ctx), reason));
    }

    private void logout(RoutingContext ctx) {
        String id = agentId(ctx);
        agentOp(ctx, runtimeOf(ctx).logout(id).onSuccess(a -> {
            assigned.remove(id);
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
        Json.reply(
                ctx, mapErrors(runtimeOf(ctx).disposition(agentId(ctx), d)), v -> new JsonObject().put("saved", true));
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
                mapErrors(runtimeOf(ctx)
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
