package org.centralita.server;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.centralita.flows.IvrFlows;
import org.centralita.server.campaigns.CampaignsApi;
import org.centralita.server.campaigns.CampaignsStorage;
import org.centralita.server.config.ConfigException;
import org.centralita.server.config.ServerConfig;
import org.centralita.server.telephony.FastAgiComponent;
import org.centralita.server.telephony.TelephonyAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code centralita serve}: starts the FastAGI listener, the AMI connection and the HTTP server. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the server: HTTP API and web UI, AMI connection (retried in the background), database.",
            "Every setting has a default; environment variables CENTRALITA_<KEY> override the file,",
            "e.g. CENTRALITA_HTTP_PORT for http.port. Exit code 2 on a configuration error."
        })
final class ServeCommand implements Callable<Integer> {
    /** Config file read when {@code --config} is not given, if it exists. */
    static final Path DEFAULT_CONFIG = Path.of("centralita.yaml");

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "YAML configuration file (default: ./centralita.yaml if present).")
    Path config;

    @Option(
            names = "--demo",
            description = "Demo mode: no Asterisk; simulated survey calls, demo accounts and a demo campaign.")
    boolean demo;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        ServerConfig loaded;
        try {
            loaded = loadConfig(config, env);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("config error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        // Demo mode has its own database (<data.dir>-demo): demo accounts never reach the configured one.
        ServerConfig cfg = demo ? loaded.forDemo() : loaded;
        CentralitaServer server;
        try {
            server = CentralitaServer.start(
                            cfg,
                            CampaignsStorage::open,
                            demo ? org.centralita.server.demo.DemoWiring::components : ServeCommand::components,
                            env)
                    .await();
        } catch (Exception e) { // await() rethrows checked causes too, e.g. BindException
            spec.commandLine()
                    .getErr()
                    .println("startup error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            spec.commandLine().getErr().flush();
            log.debug("Start-up failed", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info(
                                    "Shutting down (deadline {} s per step)",
                                    cfg.shutdownTimeout().toSeconds());
                            server.stop().onComplete(ar -> stopped.countDown());
                            try {
                                if (!stopped.await(cfg.shutdownTimeout().toMillis() * 3, TimeUnit.MILLISECONDS)) {
                                    log.warn("Shutdown deadline passed; exiting anyway");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "centralita-shutdown"));
        log.info(
                "Centralita ready: web UI at http://{}:{}/",
                displayHost(cfg.http().host()),
                server.httpPort());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Loads {@code file}, or {@link #DEFAULT_CONFIG} when null and present, or the defaults. */
    static ServerConfig loadConfig(Path file, Map<String, String> env) {
        Path f = file != null ? file : Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        if (f != null) {
            log.info("Reading configuration from {}", f.toAbsolutePath());
        }
        return ServerConfig.load(f, env);
    }

    /**
     * Wires the modules into the server. This is where the lead plugs in the other modules, e.g.
     *
     * <pre>{@code
     * var ami = AmiClient.create(p.vertx(), p.config().ami());          // telephony-gateway
     * var flows = FlowEngine.load(p.vertx(), p.config().flowsDir());   // ivr-flows
     * var dialer = Dialer.create(p.vertx(), ami, p.dataSource(), ...);  // dialer
     * var agi = AgiServer.create(p.vertx(), p.config().agi(), flows::route);
     * return Components.builder()
     *         .amiClient(ManagedComponent.of("ami", ami::start, ami::close))
     *         .flows(...).dialer(...).agiServer(...)
     *         .healthCheck(...).api(new CampaignsApi(...))
     *         .build();
     * }</pre>
     */
    static Components components(Platform p) {
        Components.Builder b = Components.builder();
        // Demo accounts (published password) found in this database are disabled before HTTP starts.
        b.extra(org.centralita.server.demo.DemoMode.accountsGuard(p));
        // IVR flows (flows slot + /api/flows); each flow file is a FastAGI script: agi://host/<flow>.
        IvrFlows flows = TelephonyAdmin.flows(p, b);
        org.centralita.server.inbound.InboundWallboard.wire(p, b, flows); // IVR + inbound queue figures, wallboard
        org.centralita.server.callbacks.IvrCallbacks.wire(p, b, flows); // call-backs asked for in the IVR
        Set<String> scripts = IvrFlows.flowNames(p.config().flowsDir());
        // Telephony admin: the AMI client (background reconnect, /ready, meters).
        var ami = TelephonyAdmin.ami(p, b);
        // Live dialer: one runtime per RUNNING campaign over AMI (agentless ones run the keypad survey over the IVR
        // flows engine); its AGI scripts; the agent desktop, the wallboard and the telephony admin's live figures.
        var dialer = new org.centralita.server.agent.DialerComponent(
                p,
                () -> ami == null ? null : org.centralita.gateway.ami.AmiCallControl.create(ami.client()),
                campaigns -> keypadSurveys(p, campaigns, flows));
        FastAgiComponent agi = new FastAgiComponent(p, handlers -> {
            scripts.forEach(script -> handlers.handler(script, flows.handler(script)));
            // Flow files added to flows.dir after start are reachable at once (hot reload), not after a restart.
            handlers.resolver(script -> flows.has(script) ? Optional.of(flows.handler(script)) : Optional.empty());
            dialer.registerScripts(handlers);
        });
        b.agiServer(agi).healthCheck(agi).dialer(dialer);
        org.centralita.server.agent.AgentWiring.apis(p, b, dialer::desk);
        TelephonyAdmin.pacing(p, b, org.centralita.server.agent.AgentWiring.liveDialers(dialer::desk));
        // Campaign manager API (campaigns, surveys, uploads, contacts, do-not-call, callbacks, results).
        CampaignsApi campaignsApi = CampaignsApi.create(p, p.config().http().maxUploadSize());
        b.extra(ManagedComponent.of("campaigns", () -> campaignsApi.recover().mapEmpty(), Future::succeededFuture))
                .api(campaignsApi);
        return b.build();
    }

    /**
     * Returns the keypad-survey handler of agentless campaigns: the survey generated as a flow and run by the server's
     * IVR flows engine, its recordings checked in the {@code prompts} folder beside {@code flows.dir} when there is one.
     */
    static org.centralita.gateway.agi.AgiHandler keypadSurveys(
            Platform p, org.centralita.campaigns.Campaigns campaigns, IvrFlows flows) {
        java.nio.file.Path prompts = p.config().flowsDir().toAbsolutePath().resolveSibling("prompts");
        return new org.centralita.dialer.agentless.SurveyHandler(
                p.vertx(),
                campaigns,
                flows,
                org.centralita.dialer.agentless.SurveyFlows.of(Files.isDirectory(prompts) ? prompts : null));
    }

    private static String displayHost(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
    }
}
