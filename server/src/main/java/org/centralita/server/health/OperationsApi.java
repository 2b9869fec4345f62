package org.centralita.server.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.centralita.server.ServerException;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Json;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /api/openapi.yaml}. */
public final class OperationsApi implements ApiModule {
    private final List<HealthCheck> checks;
    private final PrometheusMeterRegistry registry;
    private final String openApi;

    /** Creates the routes over the given checks. */
    public OperationsApi(List<HealthCheck> checks, PrometheusMeterRegistry registry) {
        this.checks = List.copyOf(checks);
        this.registry = registry;
        this.openApi = loadOpenApi();
    }

    /** Returns the OpenAPI document served at {@code /api/openapi.yaml}. */
    public static String loadOpenApi() {
        try (InputStream in = OperationsApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new ServerException("openapi.yaml missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServerException("cannot read openapi.yaml", e);
        }
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/health", Access.anyone(), ctx -> report(ctx, false));
        routes.get("/ready", Access.anyone(), ctx -> report(ctx, true));
        routes.get("/metrics", Access.anyone(), this::metrics);
        routes.get("/api/openapi.yaml", Access.anyone(), ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(openApi));
    }

    private void metrics(RoutingContext ctx) {
        ctx.vertx()
                .executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text))
                .onFailure(ctx::fail);
    }

    /**
     * {@code /health}: 200 while the process serves HTTP, with every check's state. {@code /ready}: 503
     * when a required check is down.
     */
    private void report(RoutingContext ctx, boolean readiness) {
        List<Future<HealthStatus>> results = checks.stream()
                .map(c -> c.check()
                        .timeout(3, TimeUnit.SECONDS)
                        .recover(e -> Future.succeededFuture(
                                HealthStatus.down(e.getMessage() == null ? e.toString() : e.getMessage()))))
                .toList();
        Future.join(results).onComplete(ignored -> {
            JsonObject out = new JsonObject();
            boolean requiredDown = false;
            boolean anyDown = false;
            for (int i = 0; i < checks.size(); i++) {
                HealthStatus s = results.get(i).result();
                HealthCheck c = checks.get(i);
                out.put(
                        c.name(),
                        new JsonObject()
                                .put("status", s.up() ? "UP" : "DOWN")
                                .put("required", c.required())
                                .put("detail", s.detail()));
                anyDown |= !s.up();
                requiredDown |= !s.up() && c.required();
            }
            String status = requiredDown ? "DOWN" : anyDown ? "DEGRADED" : "UP";
            int code = readiness && requiredDown ? 503 : 200;
            Json.send(ctx, code, new JsonObject().put("status", status).put("checks", out));
        });
    }
}
