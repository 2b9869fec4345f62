package org.centralita.server.agent;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.BiFunction;
import org.centralita.campaigns.Campaigns;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.runtime.DialerRuntime;

/**
 * What the agent desktop and the wallboard work on: one campaign's {@link DialerRuntime}, the campaigns module
 * (results) and how an agent gets a channel (a real nailed-up channel, or the demo's simulated phone).
 *
 * @param runtime the campaign's runtime
 * @param campaigns the campaigns module
 * @param login logs an agent in: (agentId, channel) → the agent; the channel may be empty in demo mode
 * @param demo whether calls are simulated (the desktop then offers no channel field)
 */
public record AgentDesk(
        DialerRuntime runtime, Campaigns campaigns, BiFunction<String, String, Future<AgentView>> login, boolean demo) {
    /** Validates the desk. */
    public AgentDesk {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(campaigns, "campaigns");
        Objects.requireNonNull(login, "login");
    }
}
