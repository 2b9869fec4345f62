package org.centralita.server.callbacks;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.flows.FlowsException;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.selfservice.Account;
import org.centralita.flows.selfservice.Accounts;
import org.centralita.flows.selfservice.CallbackTicket;
import org.centralita.flows.selfservice.JdbcAccounts;
import org.centralita.server.Components;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
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
 * The call-backs callers asked the IVR for (after hours), worked by people: {@code GET /api/ivr/callbacks} lists the
 * open ones oldest first, and claim, release and close act on one. Agents act only on the tickets they hold;
 * supervisors, managers and admins on any. The SSE event {@value #EVENT} (a {@link #summary summary}) goes to every
 * role when the list changes: new requests stored by the IVR are seen by polling the store every few seconds on a
 * worker, and claims, releases and closes made here are published at once.
 */
public final class IvrCallbacks implements ApiModule, ManagedComponent {
    /** SSE event type sent when the open call-backs change. */
    public static final String EVENT = "ivr-callbacks";
    /** How often the store is read for requests the IVR added. */
    public static final Duration POLL_PERIOD = Duration.ofSeconds(5);
    /** Outcomes a person may close a call-back with. */
    public static final Set<String> OUTCOMES = Set.of("called-back", "not-needed", "wrong-number");
    /** The longest note kept with a release or a close. */
    public static final int MAX_NOTE = 200;

    private static final Logger log = LoggerFactory.getLogger(IvrCallbacks.class);
    private static final Access EVERY_ROLE = Access.roles(Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN);
    private static final Role[] AUDIENCE = {Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN};

    private final Vertx vertx;
    private final IvrFlows flows;
    private final Accounts accounts;
    private final EventsHub events;
    private final Clock clock;
    private final Duration pollPeriod;
    private final AtomicReference<List<String>> lastFingerprint = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean refreshAgain = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long timer = -1;

    /**
     * Creates the API and feed over {@code flows}' call-back store; {@code accounts} (may be null) names the
     * identified callers.
     */
    public IvrCallbacks(
            Vertx vertx, IvrFlows flows, Accounts accounts, EventsHub events, Clock clock, Duration pollPeriod) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.accounts = accounts;
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollPeriod = Objects.requireNonNull(pollPeriod, "pollPeriod");
        if (pollPeriod.toMillis() < 1) {
            throw new IllegalArgumentException("pollPeriod must be at least 1 ms, got " + pollPeriod);
        }
    }

    /** Adds the call-backs API and its live feed to a server whose IVR is {@code flows}. */
    public static IvrCallbacks wire(Platform p, Components.Builder b, IvrFlows flows) {
        IvrCallbacks c = new IvrCallbacks(
                p.vertx(),
                flows,
                new JdbcAccounts(p.vertx(), p.dataSource()),
                p.events(),
                Clock.systemUTC(),
                POLL_PERIOD);
        Gauge.builder("centralita.ivr.callbacks.pending", c.pending, AtomicInteger::get)
                .description("Call-backs asked for in the IVR that nobody has taken yet (as of the last read)")
                .register(p.meters());
        b.extra(c).api(c);
        return c;
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/ivr/callbacks", EVERY_ROLE, this::list);
        r.post("/api/ivr/callbacks/:id/claim", EVERY_ROLE, this::claim);
        r.post("/api/ivr/callbacks/:id/release", EVERY_ROLE, this::release);
        r.post("/api/ivr/callbacks/:id/close", EVERY_ROLE, this::close);
    }

    @Override
    public String name() {
        return "ivr-callbacks";
    }

    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(pollPeriod.toMillis(), id -> refresh());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.succeededFuture();
    }

    /**
     * Reads the open call-backs and publishes {@value #EVENT} when they differ from the last ones seen. One read at a
     * time: a refresh asked for during a read runs right after it.
     */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            refreshAgain.set(true);
            return;
        }
        flows.openCallbacks()
                .onSuccess(open -> {
                    pending.set((int) open.stream()
                            .filter(t -> t.status() == CallbackTicket.Status.PENDING)
                            .count());
                    List<String> fp = fingerprint(open);
                    if (!fp.equals(lastFingerprint.getAndSet(fp))) {
                        JsonObject s = summary(open, clock.millis());
                        for (Role role : AUDIENCE) {
                            events.toRole(role, EVENT, s);
                        }
                    }
                })
                .onFailure(e -> log.warn("Reading the open IVR call-backs failed", e))
                .onComplete(ar -> {
                    refreshing.set(false);
                    if (refreshAgain.getAndSet(false)) {
                        refresh();
                    }
                });
    }

    private static List<String> fingerprint(List<CallbackTicket> open) {
        List<String> out = new ArrayList<>(open.size());
        for (CallbackTicket t : open) {
            out.add(t.id() + ":" + t.status() + ":" + t.claimedBy() + ":" + t.attempts());
        }
        return out;
    }

    /**
     * Returns the figures of the wallboard tile: {@code open}, {@code pending}, {@code claimed}, and of the oldest
     * request nobody holds {@code oldestRequestedAt} (epoch ms, null when none) and {@code oldestAgeSeconds}, at
     * {@code nowMillis}.
     */
    static JsonObject summary(List<CallbackTicket> open, long nowMillis) {
        int pending = 0;
        Long oldest = null;
        for (CallbackTicket t : open) {
            if (t.status() == CallbackTicket.Status.PENDING) {
                pending++;
                long at = t.request().requestedAt().toEpochMilli();
                oldest = oldest == null ? at : Math.min(oldest, at);
            }
        }
        return new JsonObject()
                .put("at", nowMillis)
                .put("open", open.size())
                .put("pending", pending)
                .put("claimed", open.size() - pending)
                .put("oldestRequestedAt", oldest)
                .put("oldestAgeSeconds", oldest == null ? null : Math.max(0, (nowMillis - oldest) / 1000));
    }

    private void list(RoutingContext ctx) {
        User me = Principal.of(ctx).user();
        flows.openCallbacks()
                .compose(open -> names(open).map(names -> {
                    long now = clock.millis();
                    JsonArray items = new JsonArray();
                    open.forEach(t -> items.add(CallbackJson.ticket(t, me.username(), names, now)));
                    return summary(open, now).put("tickets", items);
                }))
                .onSuccess(body -> Json.send(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** Returns the names of the identified callers' accounts; a failed lookup leaves names out and is logged. */
    private Future<Map<String, String>> names(List<CallbackTicket> open) {
        Set<String> ids = new LinkedHashSet<>();
        open.forEach(t -> {
            if (!t.request().accountId().isEmpty()) {
                ids.add(t.request().accountId());
            }
        });
        Map<String, String> out = new HashMap<>();
        if (accounts == null || ids.isEmpty()) {
            return Future.succeededFuture(out);
        }
        List<Future<?>> lookups = new ArrayList<>();
        for (String id : ids) {
            lookups.add(accounts.findById(id)
                    .onSuccess(a -> a.map(Account::name).ifPresent(n -> out.put(id, n)))
                    .onFailure(e -> log.warn("Looking up the name of account {} failed", id, e)));
        }
        return Future.join(lookups).transform(ar -> Future.succeededFuture(out));
    }

    private void claim(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        String me = Principal.of(ctx).user().username();
        existing(id)
                .compose(t -> {
                    if (t.status() == CallbackTicket.Status.CLOSED) {
                        return Future.failedFuture(closed(t));
                    }
                    return conflicts(flows.claimCallback(id, me));
                })
                .onSuccess(t -> {
                    log.info("IVR call-back {} claimed by {}", id, me);
                    answer(ctx, t, me);
                })
                .onFailure(ctx::fail);
    }

    private void release(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        User me = Principal.of(ctx).user();
        String note = note(ctx);
        existing(id)
                .compose(t -> {
                    if (t.status() == CallbackTicket.Status.CLOSED) {
                        return Future.failedFuture(closed(t));
                    }
                    if (t.status() != CallbackTicket.Status.CLAIMED) {
                        return Future.failedFuture(ApiException.conflict(
                                "call-back " + id + " is not claimed by anyone: nothing to release"));
                    }
                    if (!t.claimedBy().equals(me.username())) {
                        if (me.role() == Role.AGENT) {
                            return Future.failedFuture(heldByOther(t));
                        }
                        // A supervisor gives back someone else's ticket (e.g. the agent went home): say so in the note.
                        String n = ("released by " + me.username() + (note.isEmpty() ? "" : ": " + note));
                        return conflicts(flows.releaseCallback(id, t.claimedBy(), cut(n)));
                    }
                    return conflicts(flows.releaseCallback(id, me.username(), note));
                })
                .onSuccess(t -> {
                    log.info("IVR call-back {} released by {} (attempts {})", id, me.username(), t.attempts());
                    answer(ctx, t, me.username());
                })
                .onFailure(ctx::fail);
    }

    private void close(RoutingContext ctx) {
        long id = Json.idParam(ctx, "id");
        User me = Principal.of(ctx).user();
        JsonObject body = Json.body(ctx);
        String outcome = Json.string(body, "outcome");
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw ApiException.invalid("outcome must be one of called-back, not-needed, wrong-number");
        }
        String note = note(body);
        existing(id)
                .compose(t -> {
                    if (t.status() == CallbackTicket.Status.CLOSED) {
                        return Future.failedFuture(closed(t));
                    }
                    if (me.role() == Role.AGENT) {
                        if (t.status() != CallbackTicket.Status.CLAIMED) {
                            return Future.failedFuture(ApiException.conflict(
                                    "claim call-back " + id + " before closing it (nobody holds it)"));
                        }
                        if (!t.claimedBy().equals(me.username())) {
                            return Future.failedFuture(heldByOther(t));
                        }
                    }
                    return conflicts(flows.closeCallback(id, me.username(), outcome, note));
                })
                .onSuccess(t -> {
                    log.info("IVR call-back {} closed by {}: {}", id, me.username(), outcome);
                    answer(ctx, t, me.username());
                })
                .onFailure(ctx::fail);
    }

    private void answer(RoutingContext ctx, CallbackTicket t, String me) {
        refresh();
        Json.send(ctx, 200, CallbackJson.ticket(t, me, Map.of(), clock.millis()));
    }

    private Future<CallbackTicket> existing(long id) {
        return flows.callbacks().find(id).compose(t -> t.map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(ApiException.notFound("no call-back " + id))));
    }

    /** Turns the store's refusals (someone took it meanwhile, closed meanwhile) into 409, bad input into 400. */
    private static Future<CallbackTicket> conflicts(Future<CallbackTicket> f) {
        return f.recover(e -> {
            if (e instanceof FlowsException) {
                return Future.failedFuture(ApiException.conflict(e.getMessage()));
            }
            if (e instanceof IllegalArgumentException) {
                return Future.failedFuture(ApiException.invalid(e.getMessage()));
            }
            return Future.failedFuture(e);
        });
    }

    private static ApiException closed(CallbackTicket t) {
        return ApiException.conflict(
                "call-back " + t.id() + " is closed already (" + t.outcome() + " by " + t.closedBy() + ")");
    }

    private static ApiException heldByOther(CallbackTicket t) {
        return ApiException.conflict("call-back " + t.id() + " is held by " + t.claimedBy() + " since " + t.claimedAt()
                + "; only they or a supervisor can release or close it");
    }

    private static String note(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        return text == null || text.isBlank() ? "" : note(Json.body(ctx));
    }

    private static String note(JsonObject body) {
        String note = Json.string(body, "note");
        if (note == null) {
            return "";
        }
        if (note.length() > MAX_NOTE) {
            throw ApiException.invalid("note is at most " + MAX_NOTE + " characters");
        }
        return note.trim();
    }

    private static String cut(String s) {
        return s.length() > MAX_NOTE ? s.substring(0, MAX_NOTE) : s;
    }
}
