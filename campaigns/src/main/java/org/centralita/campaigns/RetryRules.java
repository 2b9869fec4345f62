package org.centralita.campaigns;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Retry rules per outcome. An outcome without a rule is final (by default: answered-human and completed).
 *
 * <p>The 72-hour no-recall after an abandoned call is the default rule for {@link Outcome#ABANDONED}.
 */
public record RetryRules(Map<Outcome, RetryRule> rules) {
    public RetryRules {
        Objects.requireNonNull(rules, "rules");
        EnumMap<Outcome, RetryRule> copy = new EnumMap<>(Outcome.class);
        copy.putAll(rules);
        if (copy.containsKey(Outcome.COMPLETED)) {
            throw new IllegalArgumentException("a completed contact is never retried: remove the COMPLETED rule");
        }
        rules = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the defaults: busy every 15 min up to 5 attempts, no answer every 2 h up to 4, machine every 4 h up to
     * 3, failed every 30 min up to 3, abandoned after 72 h up to 3.
     */
    public static RetryRules defaults() {
        Map<Outcome, RetryRule> m = new EnumMap<>(Outcome.class);
        m.put(Outcome.BUSY, new RetryRule(Duration.ofMinutes(15), 5));
        m.put(Outcome.NO_ANSWER, new RetryRule(Duration.ofHours(2), 4));
        m.put(Outcome.ANSWERED_MACHINE, new RetryRule(Duration.ofHours(4), 3));
        m.put(Outcome.FAILED, new RetryRule(Duration.ofMinutes(30), 3));
        m.put(Outcome.ABANDONED, new RetryRule(Duration.ofHours(72), 3));
        return new RetryRules(m);
    }

    /** Returns a copy with this rule for {@code outcome} (null removes it: the outcome becomes final). */
    public RetryRules with(Outcome outcome, RetryRule rule) {
        Map<Outcome, RetryRule> m = new EnumMap<>(Outcome.class);
        m.putAll(rules);
        if (rule == null) {
            m.remove(outcome);
        } else {
            m.put(outcome, rule);
        }
        return new RetryRules(m);
    }

    /** Returns the rule for {@code outcome}, empty if the outcome is final. */
    public Optional<RetryRule> forOutcome(Outcome outcome) {
        return Optional.ofNullable(rules.get(outcome));
    }
}
