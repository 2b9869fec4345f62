package org.centralita.server.agent;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.centralita.dialer.AgentState;
import org.centralita.dialer.CampaignSettings;
import org.centralita.dialer.DialMode;
import org.centralita.server.telephony.LearnedStatistics;
import org.centralita.server.telephony.LiveDialers;
import org.centralita.server.telephony.PacingFigures;
import org.centralita.server.telephony.PacingSettings;

/**
 * {@link LiveDialers} over the campaigns running on this server: each runtime's figures and learned statistics are
 * read on its own context, and new settings change the live dialer's mode, its parameters, ring timeout, connect
 * deadline and abandonment target at once. AMD on/off and a switch to or from the keypad survey are fixed when a
 * runtime is built: they are stored, and the running dialer takes them when it next starts
 * ({@link Applied#nextStart()}).
 */
public final class LiveRuntimes implements LiveDialers {
    private final Supplier<AgentDesk> desk;

    /** Creates the view over the desk {@code desk} supplies (null: no dialer, nothing runs). */
    public LiveRuntimes(Supplier<AgentDesk> desk) {
        this.desk = Objects.requireNonNull(desk, "desk");
    }

    private List<RunningCampaign> running() {
        AgentDesk d = desk.get();
        return d == null ? List.of() : d.running();
    }

    private Optional<RunningCampaign> find(String campaignId) {
        return running().stream()
                .filter(c -> String.valueOf(c.id()).equals(campaignId))
                .findFirst();
    }

    @Override
    public Future<List<PacingFigures>> figures() {
        List<Future<Optional<PacingFigures>>> all = new ArrayList<>();
        for (RunningCampaign c : running()) {
            all.add(c.runtime()
                    .read(d -> PacingFigures.of(d, c.runtime().nowMillis()).named(c.name())));
        }
        return Future.join(all).map(cf -> {
            List<PacingFigures> out = new ArrayList<>();
            for (Future<Optional<PacingFigures>> f : all) {
                if (f.succeeded()) {
                    f.result().ifPresent(out::add);
                }
            }
            return out;
        });
    }

    @Override
    public Future<Optional<LearnedStatistics>> statistics(String campaignId) {
        return find(campaignId)
                .map(c -> c.runtime().read(d -> {
                    long now = c.runtime().nowMillis();
                    return LearnedStatistics.of(
                            d.statistics(), d.pacingView(now).log().callsToday(now));
                }))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    }

    @Override
    public Future<Optional<Integer>> loggedInAgents(String campaignId) {
        return find(campaignId)
                .map(c -> c.runtime()
                        .status()
                        .map(s -> Optional.of((int) s.agents().stream()
                                .filter(a -> a.state() != AgentState.LOGGED_OUT)
                                .count())))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    }

    @Override
    public Future<Applied> apply(PacingSettings settings) {
        Optional<RunningCampaign> found = find(settings.campaignId());
        if (found.isEmpty()) {
            return Future.succeededFuture(Applied.notRunning());
        }
        RunningCampaign c = found.get();
        return c.runtime().read(d -> d.settings()).compose(cur -> {
            if (cur.isEmpty()) {
                return Future.succeededFuture(Applied.notRunning());
            }
            CampaignSettings now = cur.get();
            CampaignSettings wanted = settings.applyTo(now);
            DialMode mode = settings.dialMode();
            boolean agentlessNow = now.mode() instanceof DialMode.Agentless;
            boolean agentlessWanted = mode instanceof DialMode.Agentless;
            List<String> changed = differences(now, wanted);
            List<String> live = new ArrayList<>();
            List<String> later = new ArrayList<>();
            if (agentlessNow != agentlessWanted) {
                // Agents and the keypad survey are different call paths: the runtime is rebuilt at start.
                later.add("mode");
                later.addAll(changed);
                return Future.succeededFuture(new Applied(true, live, later));
            }
            if (!mode.equals(now.mode())) {
                live.add("mode");
            }
            for (String what : changed) {
                (what.equals("amd") ? later : live).add(what);
            }
            if (live.isEmpty()) {
                return Future.succeededFuture(new Applied(true, live, later));
            }
            // AMD only changes at the next start (the abandonment ledger counts by it): keep the running one's.
            CampaignSettings retuned = wanted.withCalling(
                    wanted.ringTimeout(),
                    wanted.connectDeadline(),
                    wanted.abandonTarget(),
                    now.amdEnabled(),
                    now.amdFalseMachineShare());
            return c.runtime().retune(retuned).map(v -> new Applied(true, live, later));
        });
    }

    /** Returns the calling parameters {@code wanted} changes (all live but {@code amd}, which waits for a new start). */
    static List<String> differences(CampaignSettings now, CampaignSettings wanted) {
        List<String> out = new ArrayList<>();
        if (!now.ringTimeout().equals(wanted.ringTimeout())) {
            out.add("ringTimeoutSeconds");
        }
        if (!now.connectDeadline().equals(wanted.connectDeadline())) {
            out.add("connectDeadlineSeconds");
        }
        if (Math.abs(now.abandonTarget() - wanted.abandonTarget()) > 1e-9) {
            out.add("abandonTarget");
        }
        if (now.amdEnabled() != wanted.amdEnabled()) {
            out.add("amd");
        }
        return out;
    }
}
