package org.centralita.server.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.centralita.server.auth.User;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Principal;

/**
 * {@code GET /api/events}: a Server-Sent Events stream of the caller's topics (own user, own role,
 * everybody), with a heartbeat comment so proxies keep it open.
 */
public final class EventsApi implements ApiModule {
    private final Vertx vertx;
    private final Duration heartbeat;
    private final AtomicInteger open = new AtomicInteger();

    /** Creates the route; registers the {@code centralita.http.event.streams} gauge. */
    public EventsApi(Vertx vertx, MeterRegistry meters, Duration heartbeat) {
        this.vertx = vertx;
        this.heartbeat = heartbeat;
        Gauge.builder("centralita.http.event.streams", open, AtomicInteger::get)
                .description("Open live-update streams (/api/events)")
                .register(meters);
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/api/events", Access.signedIn(), this::stream);
    }

    private void stream(RoutingContext ctx) {
        User user = Principal.of(ctx).user();
        HttpServerResponse res = ctx.response();
        res.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        List<MessageConsumer<JsonObject>> consumers = List.of(
                vertx.eventBus().consumer(EventsHub.USER_ADDRESS + user.id()),
                vertx.eventBus().consumer(EventsHub.ROLE_ADDRESS + user.role().id()),
                vertx.eventBus().consumer(EventsHub.ALL_ADDRESS));
        MessageConsumer<JsonObject> revoke = vertx.eventBus().consumer(EventsHub.REVOKE_ADDRESS + user.id());
        revoke.handler(msg -> {
            if (!res.ended()) {
                res.write("event: session-ended\ndata: {}\n\n");
                res.end();
            }
        });
        for (MessageConsumer<JsonObject> c : consumers) {
            c.handler(msg -> {
                JsonObject e = msg.body();
                if (!res.ended() && !res.writeQueueFull()) {
                    res.write("event: " + e.getString("type") + "\ndata: "
                            + e.getJsonObject("data").encode() + "\n\n");
                }
            });
        }
        long timer = vertx.setPeriodic(heartbeat.toMillis(), id -> {
            if (!res.ended()) {
                res.write(": keep-alive\n\n");
            }
        });
        open.incrementAndGet();
        Runnable cleanup = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                if (!done) {
                    done = true;
                    open.decrementAndGet();
                    vertx.cancelTimer(timer);
                    consumers.forEach(MessageConsumer::unregister);
                    revoke.unregister();
                }
            }
        };
        res.closeHandler(v -> cleanup.run());
        res.endHandler(v -> cleanup.run());
        // Tell the client its subscription is live once all consumers are registered.
        io.vertx.core.Future.all(java.util.stream.Stream.concat(consumers.stream(), java.util.stream.Stream.of(revoke))
                        .map(MessageConsumer::completion)
                        .toList())
                .onComplete(ar -> {
                    if (!res.ended()) {
                        res.write("retry: 3000\nevent: ready\ndata: "
                                + new JsonObject()
                                        .put("userId", user.id())
                                        .put("role", user.role().id())
                                        .encode()
                                + "\n\n");
                    }
                });
    }
}
