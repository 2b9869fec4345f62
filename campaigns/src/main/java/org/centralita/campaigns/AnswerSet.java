package org.centralita.campaigns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Survey answers for one contact, plus the agent's disposition.
 *
 * @param attemptId the attempt during which they were given, or 0
 * @param answers question id → answer as entered ({@code "4"}, {@code "sí"}, a choice...)
 * @param disposition free-form disposition code ({@code completed}, {@code refused}, {@code wrong-person}...)
 */
public record AnswerSet(long contactId, long attemptId, String agent, Map<String, String> answers, String disposition) {
    public AnswerSet {
        answers =
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(answers, "answers")));
    }
}
