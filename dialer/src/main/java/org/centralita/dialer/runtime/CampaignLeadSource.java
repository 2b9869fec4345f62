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
import org.centralita.campaigns.CampaignStatus;
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
    private final java.util.function.LongSupplier clock;
    private final ArrayDeque<Buffered> ready = new ArrayDeque<>();
    private final Map<String, Lead> handedOut = new HashMap<>();
    private final Map<String, ArrayDeque<Buffered>> agentCallbacks = new HashMap<>();
    /** Claimed, never dialled contacts whose release failed: given back at the next claim round. */
    private final java.util.Set<Long> unreleased = new java.util.LinkedHashSet<>();

    private String pinnedAgent;
    private boolean claiming;
    private boolean closed;
    private long claims;

    /** A buffered lead waits at most this long; then it is released so DNC, windows and pauses are re-checked. */
    static final long MAX_AGE_MILLIS = 30_000;

    private record Buffered(Lead lead, long claimedAt) {}

    CampaignLeadSource(
            Campaigns campaigns,
            long campaignId,
            String owner,
            int prefetch,
            Context context,
            java.util.function.LongSupplier clock) {
        this.clock = clock;
        this.campaigns = campaigns;
        this.campaignId = campaignId;
        this.owner = owner;
        this.prefetch = prefetch;
        this.context = context;
    }

    @Override
    public Optional<Contact> next(long nowMillis) {
        if (pinnedAgent != null) {
            ArrayDeque<Buffered> mine = agentCallbacks.get(pinnedAgent);
            Buffered cb = mine == null ? null : mine.poll();
            if (cb != null) {
                if (mine.isEmpty()) {
                    agentCallbacks.remove(pinnedAgent);
                }
                handedOut.put(String.valueOf(cb.lead().contactId()), cb.lead());
                return Optional.of(cb.lead().toDialerContact());
            }
        }
        Buffered b = ready.poll();
        while (b != null && nowMillis - b.claimedAt() > MAX_AGE_MILLIS) {
            release(b.lead().contactId()); // stale: claimed again later with fresh DNC and window checks
            b = ready.poll();
        }
        if (ready.size() < prefetch / 2) {
            refill();
        }
        if (b == null) {
            return Optional.empty();
        }
        Lead lead = b.lead();
        handedOut.put(String.valueOf(lead.contactId()), lead);
        return Optional.of(lead.toDialerContact());
    }

    /**
     * Serves {@code agentId}'s reserved callbacks first to the next {@link #next(long)} calls (null: nobody). The
     * runtime pins the agent around a preview dial, so the callback is dialled with that agent reserved for it.
     */
    void pin(String agentId) {
        pinnedAgent = agentId;
    }

    /** Returns the agents with a reserved callback waiting in memory. */
    java.util.Set<String> agentsWithCallbacks() {
        return java.util.Set.copyOf(agentCallbacks.keySet());
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
        int want = Math.max(0, prefetch - ready.size()); // 0 still checks that the campaign runs
        claiming = true;
        long claimedAt = clock.getAsLong();
        List<Long> toRelease = List.copyOf(unreleased);
        unreleased.clear();
        Future<List<Lead>> loaded = campaigns.database().onWorker(() -> {
            List<Long> stillClaimed = releaseBlocking(toRelease);
            if (!stillClaimed.isEmpty()) {
                throw new ReleaseFailed(stillClaimed);
            }
            if (campaigns.getBlocking(campaignId).status() != CampaignStatus.RUNNING) {
                return null; // paused or finished: nothing is dialled, buffered leads go back
            }
            if (want == 0) {
                return List.<Lead>of();
            }
            List<ClaimedContact> claimed = campaigns.claimNextBlocking(campaignId, want, owner);
            try {
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
            } catch (RuntimeException e) {
                // Claimed but not loaded: give them back at once, or at the next round if that fails too.
                List<Long> ids = claimed.stream().map(cc -> cc.contact().id()).toList();
                List<Long> left = releaseBlocking(ids);
                LOG.warn(
                        "campaign {}: loading {} claimed contact(s) failed, {} released: {}",
                        campaignId,
                        ids.size(),
                        ids.size() - left.size(),
                        e.toString());
                throw left.isEmpty() ? e : new ReleaseFailed(left, e);
            }
        });
        return Contexts.on(context, loaded)
                .map(leads -> {
                    claiming = false;
                    claims++;
                    if (leads == null) {
                        releaseBuffered();
                        return 0;
                    }
                    if (closed) {
                        leads.forEach(l -> release(l.contactId()));
                        return 0;
                    }
                    long now = clock.getAsLong();
                    while (!ready.isEmpty() && now - ready.peek().claimedAt() > MAX_AGE_MILLIS) {
                        release(ready.poll().lead().contactId());
                    }
                    for (Lead l : leads) {
                        String agent = l.claimed().contact().callbackAgent();
                        if (l.claimed().reason() == ClaimedContact.Kind.CALLBACK && agent != null) {
                            agentCallbacks
                                    .computeIfAbsent(agent, a -> new ArrayDeque<>())
                                    .add(new Buffered(l, claimedAt));
                        } else {
                            ready.add(new Buffered(l, claimedAt));
                        }
                    }
                    expireCallbacks(now);
                    return leads.size();
                })
                .onFailure(e -> {
                    claiming = false;
                    if (e instanceof ReleaseFailed rf) {
                        unreleased.addAll(rf.contactIds);
                    }
                    LOG.warn("campaign {}: claiming contacts failed: {}", campaignId, e.toString());
                });
    }

    /** Releases each contact; returns those whose release failed (still CLAIMED). On a database worker. */
    private List<Long> releaseBlocking(List<Long> contactIds) {
        List<Long> failed = new ArrayList<>();
        for (long id : contactIds) {
            try {
                campaigns.releaseBlocking(id);
            } catch (RuntimeException e) {
                failed.add(id);
            }
        }
        return failed;
    }

    /** Claimed contacts that could be neither loaded nor released (the database away): retried next round. */
    private static final class ReleaseFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Long> contactIds;

        ReleaseFailed(List<Long> contactIds) {
            super(contactIds.size() + " claimed contact(s) not released yet");
            this.contactIds = contactIds;
        }

        ReleaseFailed(List<Long> contactIds, Throwable cause) {
            super(contactIds.size() + " claimed contact(s) neither loaded nor released", cause);
            this.contactIds = contactIds;
        }
    }

    /** Stops claiming and gives every buffered, never-dialled contact back to the campaign. */
    Future<Void> close() {
        closed = true;
        return releaseBuffered();
    }

    private void expireCallbacks(long now) {
        for (var it = agentCallbacks.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Buffered> q = it.next();
            while (!q.isEmpty() && now - q.peek().claimedAt() > MAX_AGE_MILLIS) {
                release(q.poll().lead().contactId()); // the agent is away: claimed again later
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    private Future<Void> releaseBuffered() {
        List<Future<Void>> releases = new ArrayList<>();
        for (Buffered b : ready) {
            releases.add(release(b.lead().contactId()));
        }
        ready.clear();
        for (ArrayDeque<Buffered> q : agentCallbacks.values()) {
            for (Buffered b : q) {
                releases.add(release(b.lead().contactId()));
            }
        }
        agentCallbacks.clear();
        for (long id : unreleased) {
            releases.add(release(id));
        }
        unreleased.clear();
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
