package org.centralita.server.telephony;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What the telephony admin screens read from the dialers running now: live figures, learned statistics, and where
 * new pacing settings go. {@code org.centralita.server.agent.LiveRuntimes} implements it over the running campaigns'
 * runtimes; {@link #none()} says plainly that no campaign is dialling (no figures are made up).
 */
public interface LiveDialers {
    /** Returns the figures of every campaign dialling now. */
    Future<List<PacingFigures>> figures();

    /** Returns what campaign {@code campaignId} has learned from its own calls, if it is running. */
    Future<Optional<LearnedStatistics>> statistics(String campaignId);

    /** Returns how many agents campaign {@code campaignId} has logged in now, if it is running. */
    Future<Optional<Integer>> loggedInAgents(String campaignId);

    /** Applies new settings to the campaign's live dialer, if it runs, and says what took effect at once. */
    Future<Applied> apply(PacingSettings settings);

    /**
     * What became of stored settings in the live dialer.
     *
     * @param running whether the campaign is dialling on this server
     * @param live the fields in effect at once (the dial mode and its parameters)
     * @param nextStart the changed fields the running dialer keeps until it next starts (a server restart)
     */
    record Applied(boolean running, List<String> live, List<String> nextStart) {
        /** Freezes the lists. */
        public Applied {
            live = List.copyOf(live);
            nextStart = List.copyOf(nextStart);
        }

        /** Returns the answer for a campaign that is not dialling. */
        public static Applied notRunning() {
            return new Applied(false, List.of(), List.of());
        }

        /** Returns the JSON form. */
        public JsonObject toJson() {
            return new JsonObject()
                    .put("running", running)
                    .put("live", new JsonArray(live))
                    .put("nextStart", new JsonArray(nextStart));
        }
    }

    /** Returns the runtime with no live dialer. */
    static LiveDialers none() {
        return new LiveDialers() {
            @Override
            public Future<List<PacingFigures>> figures() {
                return Future.succeededFuture(List.of());
            }

            @Override
            public Future<Optional<LearnedStatistics>> statistics(String campaignId) {
                return Future.succeededFuture(Optional.empty());
            }

            @Override
            public Future<Optional<Integer>> loggedInAgents(String campaignId) {
                return Future.succeededFuture(Optional.empty());
            }

            @Override
            public Future<Applied> apply(PacingSettings settings) {
                // nothing is dialling: the stored settings are read when a campaign starts
                return Future.succeededFuture(Applied.notRunning());
            }
        };
    }
}
