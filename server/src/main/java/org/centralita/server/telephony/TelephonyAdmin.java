package org.centralita.server.telephony;

import java.time.Clock;
import java.time.Duration;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.ReloadReport;
import org.centralita.server.Components;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;

/**
 * Wires the telephony side into {@code serve}: the AMI connection (when {@code ami.enabled}), pacing
 * settings in the server's database, the what-if simulator, live pacing figures and their HTTP API.
 */
public final class TelephonyAdmin {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TelephonyAdmin.class);
    /** Wall-clock budget of one what-if request. */
    static final Duration WHAT_IF_BUDGET = Duration.ofSeconds(30);

    private TelephonyAdmin() {}

    /**
     * Adds the AMI client (with its health check and meters) to {@code b}, when enabled in the configuration,
     * and returns it (null when disabled).
     */
    public static AmiComponent ami(Platform p, Components.Builder b) {
        if (!p.config().ami().enabled()) {
            return null;
        }
        AmiComponent ami = new AmiComponent(p.vertx(), p.config().ami(), p.meters(), Clock.systemUTC());
        b.amiClient(ami).healthCheck(ami);
        return ami;
    }

    /**
     * Builds the IVR flows over {@code flows.dir} and the server's database, puts them in the flows slot
     * (loaded at start, then hot-reloaded) with their HTTP API, and returns them for the FastAGI scripts.
     */
    public static IvrFlows flows(Platform p, Components.Builder b) {
        IvrFlows flows = IvrFlows.builder(p.vertx(), p.config().flowsDir())
                .dataSource(p.dataSource())
                .build();
        b.flows(ManagedComponent.of(
                "flows",
                () -> flows.start().onSuccess(TelephonyAdmin::logReport).mapEmpty(),
                () -> {
                    flows.stop();
                    return io.vertx.core.Future.succeededFuture();
                }));
        b.api(new FlowsApi(p.vertx(), flows, p.config().flowsDir()));
        return flows;
    }

    private static void logReport(ReloadReport r) {
        if (r.ok()) {
            log.info("Flows in service: {}", r.loaded());
        } else {
            log.warn("Flows loaded {}; rejected {}: {}", r.loaded(), r.rejected(), r.problems());
        }
    }

    /** Adds the pacing API, the what-if engine and the live figures publisher to {@code b}. */
    public static void pacing(Platform p, Components.Builder b, LiveDialers dialers) {
        Clock clock = Clock.systemUTC();
        PacingStore store = new JdbcPacingStore(p.vertx(), p.dataSource());
        WhatIf whatIf = new WhatIf(p.vertx(), p.meters(), WHAT_IF_BUDGET);
        PacingLivePublisher live = new PacingLivePublisher(p.vertx(), p.events(), dialers, clock);
        b.extra(live);
        b.extra(ManagedComponent.of("what-if", io.vertx.core.Future::succeededFuture, whatIf::close));
        b.api(new PacingApi(store, whatIf, dialers, live, p.events(), clock));
    }
}
