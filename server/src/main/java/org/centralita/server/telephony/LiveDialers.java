package org.centralita.server.telephony;

import java.util.List;
import java.util.Optional;
import org.centralita.dialer.CampaignStatistics;

/**
 * What the telephony admin screens read from the dialers running now: live figures, learned statistics,
 * and where new pacing settings go. The dialer runtime implements it when it is wired into {@code serve};
 * until then {@link #none()} says plainly that no campaign is dialling (no figures are made up).
 */
public interface LiveDialers {
    /** Returns the figures of every campaign dialling now, as of {@code nowMillis}. */
    List<PacingFigures> figures(long nowMillis);

    /** Returns what campaign {@code campaignId} has learned from its own calls, if it has run. */
    Optional<CampaignStatistics> statistics(String campaignId);

    /** Returns how many agents campaign {@code campaignId} has logged in now, if it is running. */
    Optional<Integer> loggedInAgents(String campaignId);

    /** Applies new settings to the campaign's live dialer, if it runs (the change takes effect at once). */
    void apply(PacingSettings settings);

    /** Returns the runtime with no live dialer. */
    static LiveDialers none() {
        return new LiveDialers() {
            @Override
            public List<PacingFigures> figures(long nowMillis) {
                return List.of();
            }

            @Override
            public Optional<CampaignStatistics> statistics(String campaignId) {
                return Optional.empty();
            }

            @Override
            public Optional<Integer> loggedInAgents(String campaignId) {
                return Optional.empty();
            }

            @Override
            public void apply(PacingSettings settings) {
                // nothing is dialling: the stored settings are read when a campaign starts
            }
        };
    }
}
