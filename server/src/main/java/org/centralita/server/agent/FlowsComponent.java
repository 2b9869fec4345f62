package org.centralita.server.agent;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.centralita.flows.IvrFlows;
import org.centralita.gateway.agi.AgiServer;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IVR flows of {@code flows.dir} in {@code serve}: {@link IvrFlows} over the server's one DataSource, started
 * before the FastAGI listener (the components' start order), each flow file's name registered as an AGI script
 * ({@code AGI(agi://centralita/main)}). The AGI server routes only names registered when it is built, so a flow
 * file added later is served after a restart. Without the folder the server starts with no IVR and says so.
 */
public final class FlowsComponent implements ManagedComponent {
    private static final Logger log = LoggerFactory.getLogger(FlowsComponent.class);

    private final Path dir;
    private final IvrFlows flows;

    private FlowsComponent(Path dir, IvrFlows flows) {
        this.dir = dir;
        this.flows = flows;
    }

    /** Creates the component for {@code p}'s {@code flows.dir}; no flows when the folder does not exist. */
    public static FlowsComponent create(Platform p) {
        Objects.requireNonNull(p, "p");
        Path dir = p.config().flowsDir();
        if (!Files.isDirectory(dir)) {
            return new FlowsComponent(dir, null);
        }
        return new FlowsComponent(
                dir, IvrFlows.builder(p.vertx(), dir).dataSource(p.dataSource()).build());
    }

    /** Returns the flows, or null when {@code flows.dir} does not exist. */
    public IvrFlows flows() {
        return flows;
    }

    /** Registers one AGI script per flow file found now. */
    public void registerScripts(AgiServer.Builder b) {
        if (flows == null) {
            return;
        }
        Set<String> names = IvrFlows.flowNames(dir);
        names.forEach(name -> b.handler(name, flows.handler(name)));
        log.info("IVR: AGI scripts {} from {}", names, dir.toAbsolutePath());
    }

    @Override
    public String name() {
        return "flows";
    }

    @Override
    public Future<Void> start() {
        if (flows == null) {
            log.warn("IVR: flows folder {} does not exist; no voice menus are served", dir.toAbsolutePath());
            return Future.succeededFuture();
        }
        return flows.start()
                .onSuccess(r -> {
                    if (!r.ok()) {
                        r.problems().forEach(pr -> log.warn("IVR flow rejected: {}", pr));
                    }
                    log.info(
                            "IVR: {} flow(s) loaded, {} rejected",
                            r.loaded().size(),
                            r.rejected().size());
                })
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        if (flows != null) {
            flows.stop();
        }
        return Future.succeededFuture();
    }
}
