package org.centralita.server.agent;

import java.util.function.Supplier;
import org.centralita.server.Components;
import org.centralita.server.Platform;
import org.centralita.server.telephony.LiveDialers;

/**
 * Adds the agent desktop API and the supervisor wallboard (API and its one-second SSE feed) to a server, and gives
 * the telephony admin the running campaigns' live dialers ({@link #liveDialers}).
 */
public final class AgentWiring {
    /** Abandonment cap the wallboard measures against (the regulators' 3 %). */
    public static final double ABANDON_CAP = 0.03;

    private AgentWiring() {}

    /**
     * Adds {@link AgentApi} and {@link WallboardApi} over the desk {@code desk} supplies; while it supplies null (no
     * campaign running on this server) their routes answer 503 {@code dialer_not_running}.
     */
    public static Components.Builder apis(Platform p, Components.Builder b, Supplier<AgentDesk> desk) {
        WallboardApi wallboard = new WallboardApi(p.vertx(), p.events(), desk, ABANDON_CAP);
        return b.extra(wallboard).api(new AgentApi(p.vertx(), p.events(), desk)).api(wallboard);
    }

    /** Returns the telephony admin's view of the live dialers of the campaigns {@code desk} runs. */
    public static LiveDialers liveDialers(Supplier<AgentDesk> desk) {
        return new LiveRuntimes(desk);
    }
}
