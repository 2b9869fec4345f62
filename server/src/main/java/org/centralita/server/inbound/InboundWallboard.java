package org.centralita.server.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.centralita.dialer.runtime.DialerRuntime;
import org.centralita.flows.IvrFlows;
import org.centralita.server.Components;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.centralita.server.auth.Role;
import org.centralita.server.events.EventsHub;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound part of the supervisor wallboard: {@link InboundFigures} fed by the IVR ({@link
 * IvrFlows.CallObserver}) and by every dialer runtime's inbound queue events ({@link DialerRuntime#INBOUND_ADDRESS}),
 * served at {@code GET /api/wallboard/inbound}, pushed as the SSE event {@code wallboard-inbound} to supervisors,
 * managers and admins within a second of any change, and exported as {@code centralita_inbound_*} Prometheus meters.
 */
public final class InboundWallboard implements ApiModule, ManagedComponent {
    /** SSE event type of the inbound figures. */
    public static final String EVENT = "wallboard-inbound";

    private static final Logger log = LoggerFactory.getLogger(InboundWallboard.class);
    private static final Role[] VIEWERS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN};

    private final Vertx vertx;
    private final EventsHub events;
    private final InboundFigures figures;
    private final Counter ivrCalls;
    private final Counter queued;
    private final Counter answered;
    private final Counter abandoned;
    private final Timer speedOfAnswer;
    private MessageConsumer<JsonObject> consumer;
    private long timer = -1;
    private JsonObject lastPushed;

    /** Creates the component over {@code figures}, registering its meters on {@code meters}. */
    public InboundWallboard(Vertx vertx, EventsHub events, MeterRegistry meters, InboundFigures figures) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.events = Objects.requireNonNull(events, "events");
        this.figures = Objects.requireNonNull(figures, "figures");
        this.ivrCalls = Counter.builder("centralita.inbound.ivr.calls")
                .description("Callers who entered the IVR")
                .register(meters);
        this.queued = Counter.builder("centralita.inbound.queued")
                .description("IVR callers handed to the agents' queue")
                .register(meters);
        this.answered = Counter.builder("centralita.inbound.answered")
                .description("Queued callers bridged to an agent")
                .register(meters);
        this.abandoned = Counter.builder("centralita.inbound.abandoned")
                .description("Queued callers who hung up before reaching an agent")
                .register(meters);
        Duration threshold = figures.snapshot().serviceLevelThreshold();
        this.speedOfAnswer = Timer.builder("centralita.inbound.speed.of.answer")
                .description("Wait of answered callers from the IVR hand-off to the agent bridge")
                .serviceLevelObjectives(threshold)
                .register(meters);
        gauge(meters, "centralita.inbound.ivr.active", "Callers in the IVR now", s -> s.inIvr());
        gauge(meters, "centralita.inbound.waiting", "Callers waiting for an agent now", s -> s.waiting());
        gauge(
                meters,
                "centralita.inbound.service.level",
                "Answered within the threshold / (answered + abandoned) over the recent window",
                s -> orNaN(s.recent().serviceLevel()));
        gauge(
                meters,
                "centralita.inbound.average.speed.of.answer.seconds",
                "Average speed of answer over the recent window",
                s -> orNaN(s.recent().averageSpeedOfAnswerSeconds()));
    }

    /**
     * Adds the inbound figures to a server: observes {@code flows} (may be null: no IVR on this server), listens to
     * the dialer runtimes' inbound queue, and adds the route and the one-second feed.
     */
    public static InboundWallboard wire(Platform p, Components.Builder b, IvrFlows flows) {
        var cfg = p.config().inbound();
        InboundWallboard w = new InboundWallboard(
                p.vertx(),
                p.events(),
                p.meters(),
                new InboundFigures(
                        Clock.systemUTC(), ZoneId.systemDefault(), cfg.serviceLevelThreshold(), cfg.recentWindow()));
        if (flows != null) {
            flows.observe(w.ivrObserver());
        }
        b.extra(w).api(w);
        return w;
    }

    private void gauge(
            MeterRegistry meters, String name, String description, ToDoubleFunction<InboundFigures.Snapshot> f) {
        Gauge.builder(name, figures, x -> f.applyAsDouble(x.snapshot()))
                .description(description)
                .register(meters);
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** Returns the observer to register on the IVR flows. */
    public IvrFlows.CallObserver ivrObserver() {
        return new IvrFlows.CallObserver() {
            @Override
            public void started(String callId, String flow) {
                ivrCalls.increment();
                figures.ivrStarted(callId);
            }

            @Override
            public void finished(String callId, String flow) {
                figures.ivrFinished(callId);
            }
        };
    }

    /** Applies one inbound queue event of a dialer runtime (see {@link DialerRuntime#INBOUND_ADDRESS}). */
    void onQueueEvent(JsonObject e) {
        String type = e.getString("type", "");
        String callId = e.getString("callId");
        if (callId == null) {
            log.warn("inbound queue event without callId ignored: {}", type);
            return;
        }
        long wait = Math.max(0, e.getLong("waitMillis", 0L));
        switch (type) {
            case "inbound-queued" -> {
                queued.increment();
                figures.queued(callId);
            }
            case "inbound-answered" -> {
                answered.increment();
                speedOfAnswer.record(wait, TimeUnit.MILLISECONDS);
                figures.answered(callId, wait);
            }
            case "inbound-abandoned" -> {
                abandoned.increment();
                figures.abandoned(callId, wait);
            }
            case "inbound-left" -> figures.left(callId);
            default -> log.debug("inbound queue event {} ignored", type);
        }
    }

    @Override
    public String name() {
        return "inbound-wallboard";
    }

    @Override
    public Future<Void> start() {
        consumer = vertx.eventBus().consumer(DialerRuntime.INBOUND_ADDRESS, m -> onQueueEvent(m.body()));
        timer = vertx.setPeriodic(1000, id -> push());
        return consumer.completion();
    }

    /** Sends the figures to the viewers' streams when they differ from the last ones sent (checked every second). */
    private void push() {
        JsonObject s = json(figures.snapshot());
        JsonObject figuresOnly = s.copy();
        figuresOnly.remove("at");
        if (figuresOnly.equals(lastPushed)) {
            return;
        }
        lastPushed = figuresOnly;
        for (Role role : VIEWERS) {
            events.toRole(role, EVENT, s);
        }
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    @Override
    public void register(ApiRoutes r) {
        r.get(
                "/api/wallboard/inbound",
                Access.roles(Role.SUPERVISOR, Role.MANAGER, Role.ADMIN),
                ctx -> Json.send(ctx, 200, json(figures.snapshot())));
    }

    /** The JSON of the route and of the SSE event. */
    static JsonObject json(InboundFigures.Snapshot s) {
        return new JsonObject()
                .put("at", s.at().toEpochMilli())
                .put("inIvr", s.inIvr())
                .put("ivrCallsToday", s.ivrCallsToday())
                .put("waiting", s.waiting())
                .put("longestWaitSeconds", s.longestWaitSeconds())
                .put("serviceLevelThresholdSeconds", s.serviceLevelThreshold().toSeconds())
                .put("windowMinutes", s.window().toMinutes())
                .put("today", period(s.today()))
                .put("recent", period(s.recent()));
    }

    private static JsonObject period(InboundFigures.Period p) {
        return new JsonObject()
                .put("answered", p.answered())
                .put("abandoned", p.abandoned())
                .put("answeredWithinThreshold", p.answeredWithinThreshold())
                .put("averageSpeedOfAnswerSeconds", p.averageSpeedOfAnswerSeconds())
                .put("serviceLevel", p.serviceLevel())
                .put("abandonRate", p.abandonRate());
    }
}
