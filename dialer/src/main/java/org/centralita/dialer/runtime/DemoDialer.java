package org.centralita.dialer.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.centralita.campaigns.Campaigns;
import org.centralita.dialer.AgentView;
import org.centralita.gateway.call.SimOutcomeModel;
import org.centralita.gateway.call.SimulatedCallControl;
import org.centralita.gateway.call.VertxScheduler;

/**
 * The same {@link DialerRuntime} over the simulated call control in real time, for {@code centralita serve --demo}:
 * no Asterisk, simulated customers answer, talk and hang up, and agents take the calls from the browser.
 * Start {@link #runtime()}, then log agents in with {@link #login(String)}.
 */
public final class DemoDialer {

    /** Prefix of the simulated nailed-up channel each demo agent sits on. */
    public static final String AGENT_CHANNEL_PREFIX = "Demo/agent-";

    private final DialerRuntime runtime;
    private final SimulatedCallControl calls;
    private final Set<String> channels = new HashSet<>(); // confined to the runtime's context

    private DemoDialer(DialerRuntime runtime, SimulatedCallControl calls) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Returns the campaign's runtime. */
    public DialerRuntime runtime() {
        return runtime;
    }

    /** Returns the simulated call control; touch it only on the runtime's context. */
    public SimulatedCallControl calls() {
        return calls;
    }

    /**
     * Creates a demo runtime for {@code campaignId}, its simulated customers following {@code outcomes}.
     *
     * @param callPath the call path settings (the abandon message is simulated: the channel hangs up after 8 s)
     */
    public static DemoDialer create(
            Vertx vertx, Campaigns campaigns, long campaignId, SimOutcomeModel outcomes, CallPathSettings callPath) {
        return create(vertx, campaigns, campaignId, outcomes, callPath, b -> b);
    }

    /**
     * Creates a demo runtime like {@link #create(Vertx, Campaigns, long, SimOutcomeModel, CallPathSettings)}, with
     * {@code customize} applied to the runtime's builder last (e.g. explicit pacing settings, an agentless handler).
     */
    public static DemoDialer create(
            Vertx vertx,
            Campaigns campaigns,
            long campaignId,
            SimOutcomeModel outcomes,
            CallPathSettings callPath,
            java.util.function.UnaryOperator<DialerRuntime.Builder> customize) {
        Context context = vertx.getOrCreateContext();
        VertxScheduler scheduler = new VertxScheduler(vertx);
        SimulatedCallControl calls = new SimulatedCallControl(scheduler, outcomes);
        DialerRuntime runtime = customize
                .apply(DialerRuntime.builder(vertx, campaigns, calls)
                        .campaign(campaignId)
                        .callPath(callPath)
                        .scheduler(scheduler)
                        .context(context)
                        .owner("demo"))
                .build();
        return new DemoDialer(runtime, calls);
    }

    /** Gives a demo agent a simulated nailed-up channel (once) and logs it in: READY. */
    public Future<AgentView> login(String agentId) {
        String channel = AGENT_CHANNEL_PREFIX + agentId;
        return Contexts.call(runtime.context(), () -> {
                    if (channels.add(channel)) {
                        calls.addAgentChannel(channel); // the simulated phone stays up across logins
                    }
                    return Future.succeededFuture();
                })
                .compose(v -> runtime.login(agentId, channel));
    }
}
