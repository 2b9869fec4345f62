package org.centralita.campaigns;

import java.util.List;
import java.util.Map;

/**
 * Per-campaign aggregates.
 *
 * @param contacts contacts in the campaign
 * @param completed contacts whose survey has every required answer
 * @param completionRate completed / contacts (0 when there are no contacts)
 * @param csatAverage average of the first CSAT question, or NaN without answers
 * @param csatDistribution answers 1..5 → count, for the first CSAT question
 * @param npsScore % promoters (9–10) − % detractors (0–6) of the first NPS question, or NaN
 * @param fcrRate share of "yes" to the survey's first-contact-resolution question, or NaN
 * @param questions statistics for every question
 * @param outcomes closed attempts by outcome
 */
public record CampaignResults(
        long campaignId,
        long contacts,
        long completed,
        double completionRate,
        double csatAverage,
        Map<Integer, Long> csatDistribution,
        double npsScore,
        double fcrRate,
        List<QuestionStats> questions,
        Map<Outcome, Long> outcomes) {

    /** Statistics of one question: answers → count, average for numeric questions. */
    public record QuestionStats(
            String questionId, QuestionType type, long responses, Map<String, Long> distribution, double average) {}
}
