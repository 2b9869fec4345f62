package org.centralita.server.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Objects;
import org.centralita.server.ManagedComponent;
import org.centralita.server.auth.Role;
import org.centralita.server.events.EventsHub;

/**
 * Publishes the live pacing figures once a second to admins and supervisors as SSE event {@code
 * pacing.live}: {@code {"at": ISO instant, "campaigns": [PacingFigures...]}}. With no live dialer the list
 * is empty, and the screen says that no campaign is dialling.
 */
public final class PacingLivePublisher implements ManagedComponent {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PacingLivePublisher.class);
    /** The SSE event type. */
    public static final String EVENT = "pacing.live";

    private final Vertx vertx;
    private final EventsHub events;
    private final LiveDialers dialers;
    private final Clock clock;
    private long timer = -1;

    /** Creates the publisher (started by the server). */
    public PacingLivePublisher(Vertx vertx, EventsHub events, LiveDialers dialers, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.events = Objects.requireNonNull(events, "events");
        this.dialers = Objects.requireNonNull(dialers, "dialers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns the figures now, as published. */
    public Future<JsonObject> snapshot() {
        String at = clock.instant().toString();
        return dialers.figures().map(list -> {
            JsonArray campaigns = new JsonArray();
            list.forEach(f -> campaigns.add(f.toJson()));
            return new JsonObject().put("at", at).put("campaigns", campaigns);
        });
    }

    @Override
    public String name() {
        return "pacing-live";
    }

    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(1000, id -> snapshot()
                .onSuccess(s -> {
                    events.toRole(Role.ADMIN, EVENT, s);
                    events.toRole(Role.SUPERVISOR, EVENT, s);
                })
                .onFailure(e -> log.warn("pacing.live: figures failed", e)));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.succeededFuture();
    }
}
