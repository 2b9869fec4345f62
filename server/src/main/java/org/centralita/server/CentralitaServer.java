package org.centralita.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.centralita.server.auth.AccountsApi;
import org.centralita.server.auth.AdminBootstrap;
import org.centralita.server.auth.ApiTokenStore;
import org.centralita.server.auth.LoginThrottle;
import org.centralita.server.auth.SessionStore;
import org.centralita.server.auth.UserStore;
import org.centralita.server.config.ServerConfig;
import org.centralita.server.events.EventsApi;
import org.centralita.server.events.EventsHub;
import org.centralita.server.health.DatabaseHealthCheck;
import org.centralita.server.health.HealthCheck;
import org.centralita.server.health.OperationsApi;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.HttpVerticle;
import org.centralita.server.http.RouteSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: Vert.x with Micrometer metrics, the database, the modules in {@link Components},
 * the accounts, and the HTTP listener. {@code ServeCommand} and the tests start it the same way.
 */
public final class CentralitaServer {
    private static final Logger log = LoggerFactory.getLogger(CentralitaServer.class);

    private final Vertx vertx;
    private final ServerConfig config;
    private final PrometheusMeterRegistry meters;
    private final List<ManagedComponent> started = new ArrayList<>();
    private volatile Components components;
    private OpenDatabase database;
    private HttpVerticle http;
    private List<RouteSpec> routes = List.of();
    private AdminBootstrap.Result bootstrap;
    private EventsHub events;
    private Future<Void> stopping;

    private CentralitaServer(ServerConfig config) {
        this.config = config;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(java.util.EnumSet.of(
                        Label.LOCAL,
                        Label.HTTP_METHOD,
                        Label.HTTP_CODE,
                        Label.HTTP_ROUTE,
                        Label.POOL_TYPE,
                        Label.POOL_NAME));
        this.vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(meters))
                .build();
    }

    /**
     * Starts everything; the future fails (after undoing what had started) if any part cannot start.
     *
     * @param env the environment, for {@code CENTRALITA_ADMIN_PASSWORD}
     */
    public static Future<CentralitaServer> start(
            ServerConfig config, OpenDatabase.Opener opener, Components.Factory factory, Map<String, String> env) {
        Objects.requireNonNull(config, "config");
        CentralitaServer server = new CentralitaServer(config);
        // A promise without a Vert.x context: its listeners must still run after a failed start has
        // closed Vert.x (listeners of context-bound futures would be dispatched to a dead event loop).
        Promise<CentralitaServer> result = Promise.promise();
        server.boot(opener, factory, env).onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(server);
            } else {
                server.stop().onComplete(ignored -> result.fail(ar.cause()));
            }
        });
        return result.future();
    }

    private Future<Void> boot(OpenDatabase.Opener opener, Components.Factory factory, Map<String, String> env) {
        return vertx.executeBlocking(() -> opener.open(config.database())).compose(db -> {
            database = db;
            events = new EventsHub(vertx);
            Platform platform = new Platform(vertx, config, db.dataSource(), meters, events);
            Components components = factory.create(platform);
            this.components = components;
            if (!components.emptySlots().isEmpty()) {
                log.warn("Not wired in this build: {}", String.join(", ", components.emptySlots()));
            }
            Clock clock = Clock.systemUTC();
            UserStore users =
                    new UserStore(vertx, db.dataSource(), config.security().bcryptCost(), clock);
            ApiTokenStore tokens = new ApiTokenStore(vertx, db.dataSource(), clock);
            SessionStore sessions = new SessionStore(
                    vertx,
                    db.dataSource(),
                    clock,
                    config.http().sessionTimeout(),
                    config.http().sessionMaxAge());
            List<HealthCheck> checks = new ArrayList<>();
            checks.add(new DatabaseHealthCheck(vertx, db.dataSource()));
            checks.addAll(components.healthChecks());
            List<ApiModule> modules = new ArrayList<>();
            modules.add(new OperationsApi(checks, meters));
            modules.add(new AccountsApi(
                    users,
                    sessions,
                    tokens,
                    new LoginThrottle(
                            config.security().loginMaxFailures(),
                            config.security().loginWindow(),
                            clock,
                            LoginThrottle.jdbc(vertx, db.dataSource())),
                    meters,
                    events));
            modules.add(new EventsApi(vertx, meters, Duration.ofSeconds(15)));
            modules.addAll(components.apiModules());
            ApiRoutes table = new ApiRoutes();
            modules.forEach(m -> m.register(table));
            routes = table.list();
            return AdminBootstrap.run(users, config.security().adminUsername(), env.get(AdminBootstrap.ENV))
                    .compose(result -> {
                        bootstrap = result;
                        return startInOrder(components.startOrder());
                    })
                    .compose(v -> {
                        http = new HttpVerticle(config.http(), routes, sessions, tokens);
                        return vertx.deployVerticle(http);
                    })
                    .<Void>mapEmpty();
        });
    }

    private Future<Void> startInOrder(List<ManagedComponent> order) {
        Future<Void> chain = Future.succeededFuture();
        for (ManagedComponent c : order) {
            chain = chain.compose(v -> c.start()
                    .recover(e ->
                            Future.failedFuture(new ServerException(c.name() + ": cannot start: " + e.getMessage(), e)))
                    .onSuccess(x -> {
                        started.add(c);
                        log.info("Started {}", c.name());
                    }));
        }
        return chain;
    }

    /** The started components in {@link Components#stopOrder()}; anything else started goes last, newest first. */
    private List<ManagedComponent> stopOrder() {
        List<ManagedComponent> out = new ArrayList<>();
        if (components != null) {
            components.stopOrder().stream().filter(started::contains).forEach(out::add);
        }
        List<ManagedComponent> rest = new ArrayList<>(started);
        rest.removeAll(out);
        java.util.Collections.reverse(rest);
        out.addAll(rest);
        return out;
    }

    /**
     * Stops gracefully: components in {@link Components#stopOrder()} (the dialer and its live calls first, then the
     * FastAGI listener), then HTTP, Vert.x and the database, each step
     * bounded by {@code shutdown.timeout}. Calling it again returns the same future.
     */
    public synchronized Future<Void> stop() {
        if (stopping != null) {
            return stopping;
        }
        long deadline = config.shutdownTimeout().toMillis();
        Future<Void> chain = Future.succeededFuture();
        List<ManagedComponent> order = stopOrder();
        for (ManagedComponent c : order) {
            chain = chain.compose(v -> c.stop()
                    .timeout(deadline, TimeUnit.MILLISECONDS)
                    .onSuccess(x -> log.info("Stopped {}", c.name()))
                    .recover(e -> {
                        log.warn("{} did not stop cleanly: {}", c.name(), e.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        stopping = chain.compose(v -> vertx.close().timeout(deadline, TimeUnit.MILLISECONDS))
                .recover(e -> {
                    log.warn("Vert.x did not close cleanly: {}", e.getMessage());
                    return Future.succeededFuture();
                })
                .andThen(ar -> {
                    if (database != null) {
                        database.close();
                    }
                    meters.close();
                    log.info("Centralita stopped");
                })
                .mapEmpty();
        return stopping;
    }

    /** Returns the HTTP port actually bound. */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** Returns the route table in force, for tests and documentation. */
    public List<RouteSpec> routes() {
        return routes;
    }

    /** Returns what the first-admin bootstrap did at this start. */
    public AdminBootstrap.Result bootstrap() {
        return bootstrap;
    }

    /** Returns the live-update hub. */
    public EventsHub events() {
        return events;
    }

    /** Returns the Vert.x instance. */
    public Vertx vertx() {
        return vertx;
    }

    /** Returns the metrics registry. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Returns the configuration in force. */
    public ServerConfig config() {
        return config;
    }
}
