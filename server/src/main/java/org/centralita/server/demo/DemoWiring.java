package org.centralita.server.demo;

import io.vertx.core.Future;
import java.time.Duration;
import org.centralita.flows.IvrFlows;
import org.centralita.server.Components;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.centralita.server.campaigns.CampaignsApi;
import org.centralita.server.telephony.FastAgiComponent;
import org.centralita.server.telephony.TelephonyAdmin;

/**
 * The components of {@code centralita serve --demo}: no AMI; the IVR flows and the FastAGI listener, the campaign
 * manager API (the demo campaign's results), and the demo dialer with the agent desktop, the wallboard and pacing
 * settings with the running campaigns' live figures.
 */
public final class DemoWiring {
    private DemoWiring() {}

    /** Wires demo mode: simulated calls whose people talk up to 90 s, enough to fill in the survey. */
    public static Components components(Platform p) {
        Components.Builder b = Components.builder();
        IvrFlows flows = TelephonyAdmin.flows(p, b);
        org.centralita.server.inbound.InboundWallboard.wire(p, b, flows); // IVR + inbound queue figures, wallboard
        org.centralita.server.callbacks.IvrCallbacks.wire(p, b, flows); // call-backs asked for in the IVR
        FastAgiComponent agi = new FastAgiComponent(
                p, handlers -> IvrFlows.flowNames(p.config().flowsDir())
                        .forEach(script -> handlers.handler(script, flows.handler(script))));
        b.agiServer(agi).healthCheck(agi);
        CampaignsApi campaignsApi = CampaignsApi.create(p, p.config().http().maxUploadSize());
        b.extra(ManagedComponent.of("campaigns", () -> campaignsApi.recover().mapEmpty(), Future::succeededFuture))
                .api(campaignsApi);
        return DemoMode.wire(p, b, DemoMode.outcomes(Duration.ofSeconds(90))).build();
    }
}
