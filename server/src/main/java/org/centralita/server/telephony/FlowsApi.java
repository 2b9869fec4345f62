package org.centralita.server.telephony;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.centralita.flows.FlowInfo;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.Problem;
import org.centralita.flows.ReloadReport;
import org.centralita.server.auth.Role;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.Json;
import org.centralita.server.http.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IVR flows over HTTP, for telephony admins: the flows in service with the last load's problems, a
 * validation of the folder as it is on disk now (nothing changes in service), and a reload. Problems come as
 * {@code file:line:column: message}.
 */
public final class FlowsApi implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(FlowsApi.class);
    private static final Access ADMINS = Access.roles(Role.ADMIN);

    private final Vertx vertx;
    private final IvrFlows flows;
    private final Path flowsDir;

    /** Creates the API over the server's flows, loaded from {@code flowsDir}. */
    public FlowsApi(Vertx vertx, IvrFlows flows, Path flowsDir) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.flowsDir = Objects.requireNonNull(flowsDir, "flowsDir");
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/flows", ADMINS, this::list);
        r.post("/api/flows/validate", ADMINS, this::validate);
        r.post("/api/flows/reload", ADMINS, this::reload);
    }

    private void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        for (FlowInfo f : flows.list()) {
            items.add(new JsonObject()
                    .put("name", f.name())
                    .put("file", f.file())
                    .put("version", f.version())
                    .put("languages", new JsonArray(f.languages()))
                    .put("nodes", f.nodes()));
        }
        Json.send(
                ctx,
                200,
                new JsonObject()
                        .put("dir", flowsDir.toString())
                        .put("flows", items)
                        .put("lastReload", report(flows.lastReport())));
    }

    private void validate(RoutingContext ctx) {
        vertx.executeBlocking(() -> IvrFlows.validate(flowsDir, null, Set.of()))
                .onSuccess(problems -> Json.send(
                        ctx,
                        200,
                        new JsonObject()
                                .put("dir", flowsDir.toString())
                                .put("valid", problems.isEmpty())
                                .put("problems", problems(problems))))
                .onFailure(ctx::fail);
    }

    private void reload(RoutingContext ctx) {
        String user = Principal.of(ctx).user().username();
        flows.reload()
                .onSuccess(r -> {
                    log.info(
                            "Flows reloaded by {}: loaded {}, rejected {}, removed {}",
                            user,
                            r.loaded(),
                            r.rejected(),
                            r.removed());
                    Json.send(ctx, 200, report(r));
                })
                .onFailure(ctx::fail);
    }

    static JsonObject report(ReloadReport r) {
        if (r == null) {
            return new JsonObject().put("ok", true).put("problems", new JsonArray());
        }
        return new JsonObject()
                .put("ok", r.ok())
                .put("loaded", new JsonArray(r.loaded()))
                .put("unchanged", new JsonArray(r.unchanged()))
                .put("rejected", new JsonArray(r.rejected()))
                .put("removed", new JsonArray(r.removed()))
                .put("problems", problems(r.problems()));
    }

    static JsonArray problems(List<Problem> problems) {
        JsonArray a = new JsonArray();
        for (Problem p : problems) {
            a.add(new JsonObject()
                    .put("file", p.file())
                    .put("line", p.line())
                    .put("column", p.column())
                    .put("message", p.message())
                    .put("text", p.toString()));
        }
        return a;
    }
}
