package org.centralita.server.demo;

import java.time.Duration;
import org.centralita.server.Components;
import org.centralita.server.Platform;
import org.centralita.server.agent.FlowsComponent;
import org.centralita.server.telephony.FastAgiComponent;

/** The components of {@code centralita serve --demo}: no AMI, the IVR flows and the FastAGI listener, the demo. */
public final class DemoWiring {
    private DemoWiring() {}

    /** Wires demo mode: simulated calls whose people talk up to 90 s, enough to fill in the survey. */
    public static Components components(Platform p) {
        FlowsComponent flows = FlowsComponent.create(p); // the IVR menus of flows.dir, if present
        FastAgiComponent agi = new FastAgiComponent(p, flows::registerScripts);
        Components.Builder b = Components.builder().flows(flows).agiServer(agi).healthCheck(agi);
        return DemoMode.wire(p, b, DemoMode.outcomes(Duration.ofSeconds(90))).build();
    }
}
