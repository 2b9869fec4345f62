package org.centralita.server.agent;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.BiFunction;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.runtime.DialerRuntime;

/**
 * One campaign dialling on this server: its live runtime and how an agent gets onto it.
 *
 * @param id the campaign id
 * @param name the campaign's name, as managers and agents know it
 * @param status RUNNING (dialling), PAUSED or FINISHED (agents stay logged in, nothing new is dialled) as last read
 * @param agentless whether it runs the keypad survey instead of agents (agents cannot log in to it)
 * @param runtime its live dialer
 * @param login logs an agent in: (agentId, channel) → the agent; the channel is empty in demo mode
 */
public record RunningCampaign(
        long id,
        String name,
        CampaignStatus status,
        boolean agentless,
        DialerRuntime runtime,
        BiFunction<String, String, Future<AgentView>> login) {
    /** Validates the campaign. */
    public RunningCampaign {
        if (id <= 0) {
            throw new IllegalArgumentException("campaign id must be positive, was " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(login, "login");
    }

    /** Returns whether agents may log in to it now: dialling with agents (not paused, not agentless). */
    public boolean open() {
        return status == CampaignStatus.RUNNING && !agentless;
    }
}
