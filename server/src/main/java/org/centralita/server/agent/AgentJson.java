package org.centralita.server.agent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.centralita.campaigns.CampaignResults;
import org.centralita.dialer.AbandonLedger;
import org.centralita.dialer.AgentView;
import org.centralita.dialer.CallView;
import org.centralita.dialer.runtime.RuntimeStatus;

/** JSON shapes of the agent and wallboard API. */
final class AgentJson {
    private AgentJson() {}

    static JsonObject agent(AgentView a) {
        return new JsonObject()
                .put("agentId", a.id())
                .put("channel", a.channel())
                .put("state", a.state().name())
                .put("since", a.sinceMillis())
                .put("callId", a.callId())
                .put("pauseReason", a.pauseReason());
    }

    static JsonObject campaign(RunningCampaign c) {
        return new JsonObject()
                .put("id", c.id())
                .put("name", c.name())
                .put("status", c.status().name())
                .put("open", c.open());
    }

    static JsonObject call(CallView c) {
        return new JsonObject()
                .put("callId", c.callId())
                .put("phase", c.phase().name())
                .put("placedAt", c.placedAtMillis())
                .put("answeredAt", c.answeredAtMillis() == 0 ? null : c.answeredAtMillis())
                .put("agentId", c.agentId());
    }

    static JsonObject counts(AbandonLedger.Counts c) {
        return new JsonObject()
                .put("connected", c.connected())
                .put("abandoned", c.abandoned())
                .put("humans", c.humans())
                .put("rate", c.humans() == 0 ? null : c.adjustedRate());
    }

    static JsonObject status(RuntimeStatus s, double cap, long now) {
        JsonArray agents = new JsonArray();
        s.agents().forEach(a -> agents.add(agent(a)));
        JsonArray calls = new JsonArray();
        s.calls().forEach(c -> calls.add(call(c)));
        JsonObject abandonment = null;
        if (s.abandonment() != null) {
            AbandonLedger.Counts d30 = s.abandonment().last30d();
            // Budget: how many more abandoned calls the 30-day window allows at the cap, with today's people.
            double budget = cap * d30.humans() - d30.abandoned();
            abandonment = new JsonObject()
                    .put("last24h", counts(s.abandonment().last24h()))
                    .put("last30d", counts(d30))
                    .put("toDate", counts(s.abandonment().toDate()))
                    .put("budgetRemaining", d30.humans() == 0 ? null : budget);
        }
        return new JsonObject()
                .put("campaignId", s.campaignId())
                .put("at", now)
                .put("connected", s.connected())
                .put("pacing", s.pacing())
                .put("cap", cap)
                .put("agents", agents)
                .put("calls", calls)
                .put("inboundWaiting", s.inboundWaiting())
                .put("bufferedLeads", s.bufferedLeads())
                .put("abandonment", abandonment);
    }

    static JsonObject results(CampaignResults r) {
        JsonObject dist = new JsonObject();
        r.csatDistribution().forEach((k, v) -> dist.put(String.valueOf(k), v));
        return new JsonObject()
                .put("campaignId", r.campaignId())
                .put("contacts", r.contacts())
                .put("completed", r.completed())
                .put("completionRate", finite(r.completionRate()))
                .put("csatAverage", finite(r.csatAverage()))
                .put("csatDistribution", dist)
                .put("npsScore", finite(r.npsScore()));
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
