package org.centralita.dialer.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent records after (or during) a call.
 *
 * @param code free-form disposition code ({@code completed}, {@code refused}, {@code wrong-person}...)
 * @param answers survey answers by question id, as entered
 * @param completed whether the survey is complete: the contact is then done, never called again
 * @param endWrapUp whether the agent becomes ready at once (otherwise wrap-up goes on until ready or its limit)
 */
public record Disposition(String code, Map<String, String> answers, boolean completed, boolean endWrapUp) {
    public Disposition {
        if (code == null || code.isBlank() || code.length() > 64) {
            throw new IllegalArgumentException("disposition code must be 1 to 64 characters");
        }
        answers =
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(answers, "answers")));
    }
}
