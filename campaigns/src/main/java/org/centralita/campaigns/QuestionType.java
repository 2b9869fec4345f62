package org.centralita.campaigns;

/** Kinds of survey question. */
public enum QuestionType {
    /** Customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied). */
    CSAT,
    /** Net promoter score, 0 to 10. */
    NPS,
    /** Yes or no; answers are stored as {@code yes} / {@code no}. */
    YES_NO,
    /** One of the question's choices; stored as the choice text. */
    SINGLE_CHOICE,
    /** Free text, recorded by the agent only (skipped in agentless mode). */
    FREE_TEXT
}
