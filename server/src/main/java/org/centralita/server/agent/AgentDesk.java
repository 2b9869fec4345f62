package org.centralita.server.agent;

import java.util.List;
import java.util.Optional;
import org.centralita.campaigns.Campaigns;

/**
 * What the agent desktop, the wallboard and the telephony admin work on: the campaigns dialling on this server, each
 * with its {@link org.centralita.dialer.runtime.DialerRuntime}, and the campaigns module (results).
 */
public interface AgentDesk {
    /** Returns the campaigns module. */
    Campaigns campaigns();

    /** Returns whether calls are simulated (the desktop then asks for no channel). */
    boolean demo();

    /** Returns the campaigns with a runtime on this server (running, paused, or finished with calls or agents left), by id. */
    List<RunningCampaign> running();

    /** Returns campaign {@code id} if it is dialling now. */
    default Optional<RunningCampaign> campaign(long id) {
        return running().stream().filter(c -> c.id() == id).findFirst();
    }
}
