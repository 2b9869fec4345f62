package org.centralita.server.telephony;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.centralita.server.auth.Role;
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
 * Pacing settings, the what-if simulator and live pacing figures over HTTP.
 *
 * <p>Admins change pacing; managers and supervisors read it. Nobody can set an abandonment target above the
 * legal cap of 3%: 422 {@code above_legal_cap}. Other bad values get 400 {@code invalid} naming the field.
 */
public final class PacingApi implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(PacingApi.class);
    private static final Access READERS = Access.roles(Role.ADMIN, Role.MANAGER, Role.SUPERVISOR);
    private static final Access ADMINS = Access.roles(Role.ADMIN);

    private final PacingStore store;
    private final WhatIf whatIf;
    private final LiveDialers dialers;
    private final PacingLivePublisher live;
    private final EventsHub events;
    private final Clock clock;

    /** Creates the API. */
    public PacingApi(
            PacingStore store,
            WhatIf whatIf,
            LiveDialers dialers,
            PacingLivePublisher live,
            EventsHub events,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.whatIf = Objects.requireNonNull(whatIf, "whatIf");
        this.dialers = Objects.requireNonNull(dialers, "dialers");
        this.live = Objects.requireNonNull(live, "live");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/pacing/campaigns", READERS, this::list);
        r.get("/api/pacing/campaigns/:campaignId", READERS, this::get);
        r.put("/api/pacing/campaigns/:campaignId", ADMINS, this::put);
        r.post("/api/pacing/campaigns/:campaignId/what-if", ADMINS, this::whatIf);
        r.get("/api/pacing/live", READERS, ctx -> Json.reply(ctx, live.snapshot(), x -> x));
    }

    private void list(RoutingContext ctx) {
        Json.reply(ctx, store.list(), all -> {
            JsonArray a = new JsonArray();
            all.forEach(s -> a.add(s.toJson()));
            return new JsonObject().put("campaigns", a).put("modes", new JsonArray(PacingSettings.MODES));
        });
    }

    private void get(RoutingContext ctx) {
        String id = campaignId(ctx);
        Json.reply(ctx, current(id), PacingSettings::toJson);
    }

    private Future<PacingSettings> current(String id) {
        return store.find(id).map(o -> o.orElseGet(() -> PacingSettings.defaults(id)));
    }

    private void put(RoutingContext ctx) {
        String id = campaignId(ctx);
        JsonObject body = Json.body(ctx);
        String user = Principal.of(ctx).user().username();
        current(id)
                .map(cur -> parse(id, body, cur).stamped(user, clock.instant()))
                .compose(store::save)
                .compose(saved -> dialers.apply(saved).map(applied -> {
                    log.info(
                            "Pacing of campaign {} set by {}: mode {}, target {}, deadline {} s; live: {}, at next"
                                    + " start: {}",
                            id,
                            user,
                            saved.mode(),
                            saved.abandonTarget(),
                            saved.connectDeadlineSeconds(),
                            applied.live(),
                            applied.nextStart());
                    return saved.toJson().put("liveDialer", applied.toJson());
                }))
                .onSuccess(json -> {
                    events.toRole(Role.ADMIN, "pacing.settings", json);
                    Json.send(ctx, 200, json);
                })
                .onFailure(ctx::fail);
    }

    private void whatIf(RoutingContext ctx) {
        String id = campaignId(ctx);
        JsonObject body = Json.body(ctx);
        double hours = number(body, "hours", 2);
        int seeds = intField(body, "seeds", 3);
        Object raw = body.getValue("candidates");
        if (raw != null && !(raw instanceof JsonArray)) {
            throw ApiException.invalid("candidates must be a list of settings objects");
        }
        Object agentsRaw = body.getValue("agents");
        Integer askedAgents = agentsRaw == null ? null : intField(body, "agents", 20);
        Future<Integer> agentsF = askedAgents != null
                ? Future.succeededFuture(askedAgents)
                : dialers.loggedInAgents(id).map(n -> n.filter(x -> x > 0).orElse(20));
        agentsF.compose(agents -> current(id).map(cur -> {
                    List<PacingSettings> candidates = new ArrayList<>();
                    if (raw == null) {
                        candidates.addAll(WhatIf.suggestions(cur));
                    } else {
                        JsonArray a = (JsonArray) raw;
                        for (int i = 0; i < a.size(); i++) {
                            if (!(a.getValue(i) instanceof JsonObject o)) {
                                throw ApiException.invalid("candidates[" + i + "] must be an object");
                            }
                            try {
                                candidates.add(parse(id, o, cur));
                            } catch (ApiException e) {
                                throw new ApiException(e.status(), e.code(), "candidates[" + i + "]." + e.getMessage());
                            }
                        }
                    }
                    return new WhatIf.Request(id, candidates, agents, hours, seeds);
                }))
                .compose(req -> dialers.statistics(id).compose(learned -> whatIf.run(req, learned)))
                .onSuccess(result -> Json.send(ctx, 200, result))
                .onFailure(ctx::fail);
    }

    /** Parses settings, turning validation errors into 422 (legal cap) or 400 (anything else). */
    static PacingSettings parse(String id, JsonObject body, PacingSettings current) {
        try {
            return PacingSettings.fromJson(id, body, current);
        } catch (PacingSettingsException e) {
            if (e.legalCap()) {
                throw new ApiException(422, "above_legal_cap", e.getMessage());
            }
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static String campaignId(RoutingContext ctx) {
        String id = ctx.pathParam("campaignId");
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ApiException.notFound("no such campaign: " + id);
        }
        return id;
    }

    private static double number(JsonObject o, String field, double dflt) {
        Object v = o.getValue(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n)) {
            throw ApiException.invalid(field + " must be a number");
        }
        return n.doubleValue();
    }

    private static int intField(JsonObject o, String field, int dflt) {
        double d = number(o, field, dflt);
        if (d != Math.rint(d)) {
            throw ApiException.invalid(field + " must be a whole number");
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
    }
}
