package org.centralita.dialer.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.ClaimedContact;
import org.centralita.dialer.Contact;
import org.centralita.dialer.LeadSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeadSource} over the campaigns module: contacts are claimed, with their survey and attempt history,
 * on the database workers ahead of need, so {@link #next(long)} only takes from memory and never blocks.
 * Confined to the runtime's Vert.x context.
 */
final class CampaignLeadSource implements LeadSource {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignLeadSource.class);

    private final Campaigns campaigns;
    private final long campaignId;
    private final String owner;
    private final int prefetch;
    private final Context context;
    private final ArrayDeque<Lead> ready = new ArrayDeque<>();
    private final Map<String, Lead> handedOut = new HashMap<>();
    private boolean claiming;
    private boolean closed;
    private long claims;

    CampaignLeadSource(Campaigns campaigns, long campaignId, String owner, int prefetch, Context context) {
        this.campaigns = campaigns;
        this.campaignId = campaignId;
        this.owner = owner;
        this.prefetch = prefetch;
        this.context = context;
    }

    @Override
    public Optional<Contact> next(long nowMillis) {
        Lead lead = ready.poll();
        if (ready.size() < prefetch / 2) {
            refill();
        }
        if (lead == null) {
            return Optional.empty();
        }
        handedOut.put(String.valueOf(lead.contactId()), lead);
        return Optional.of(lead.toDialerContact());
    }

    /** Returns the lead handed out for a dialer contact id, if it is still being dialled. */
    Optional<Lead> handedOut(String contactId) {
        return Optional.ofNullable(handedOut.get(contactId));
    }

    /** Forgets a handed-out lead once its attempt is closed or released. */
    void done(String contactId) {
        handedOut.remove(contactId);
    }

    /** Returns how many leads wait in memory. */
    int buffered() {
        return ready.size();
    }

    /** Returns how many claim rounds completed. */
    long claimRounds() {
        return claims;
    }

    /** Tops the buffer up in the background (at most one claim in flight). */
    Future<Integer> refill() {
        if (claiming || closed) {
            return Future.succeededFuture(0);
        }
        int want = prefetch - ready.size();
        if (want <= 0) {
            return Future.succeededFuture(0);
        }
        claiming = true;
        Future<List<Lead>> loaded = campaigns.database().onWorker(() -> {
            List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaignId, want, owner);
            List<Lead> leads = new ArrayList<>(claimed.size());
            if (!claimed.isEmpty()) {
                Campaign campaign = campaigns.getBlocking(campaignId);
                for (ClaimedContact cc : claimed) {
                    leads.add(new Lead(
                            cc,
                            campaigns.surveyFor(campaign, cc.contact()),
                            campaigns.attemptsBlocking(cc.contact().id())));
                }
            }
            return leads;
        });
        return Contexts.on(context, loaded)
                .map(leads -> {
                    claiming = false;
                    claims++;
                    if (closed) {
                        leads.forEach(l -> release(l.contactId()));
                        return 0;
                    }
                    ready.addAll(leads);
                    return leads.size();
                })
                .onFailure(e -> {
                    claiming = false;
                    LOG.warn("campaign {}: claiming contacts failed: {}", campaignId, e.toString());
                });
    }

    /** Stops claiming and gives every buffered, never-dialled contact back to the campaign. */
    Future<Void> close() {
        closed = true;
        List<Future<Void>> releases = new ArrayList<>();
        for (Lead l : ready) {
            releases.add(release(l.contactId()));
        }
        ready.clear();
        return Future.join(releases).mapEmpty();
    }

    /** Releases a claimed contact that was never dialled. */
    Future<Void> release(long contactId) {
        return campaigns
                .release(contactId)
                .onFailure(e ->
                        LOG.warn("campaign {}: release of contact {} failed: {}", campaignId, contactId, e.toString()));
    }
}
