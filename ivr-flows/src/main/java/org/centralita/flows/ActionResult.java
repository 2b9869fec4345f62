package org.centralita.flows;

import java.util.Objects;
import java.util.Set;

/**
 * What a {@link FlowAction} returns: an outcome name that picks the next node, variables to set, and variables
 * to clear (e.g. the card number once charged).
 *
 * @param outcome the outcome, e.g. {@code ok}, {@code found}, {@code declined}
 * @param vars variables to set on the call
 * @param clear variable names to remove from the call
 */
public record ActionResult(String outcome, Vars vars, Set<String> clear) {
    public ActionResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(vars, "vars");
        clear = Set.copyOf(clear);
    }

    /** Returns a result with an outcome and no variables. */
    public static ActionResult of(String outcome) {
        return new ActionResult(outcome, Vars.empty(), Set.of());
    }

    /** Returns a result with an outcome and variables. */
    public static ActionResult of(String outcome, Vars vars) {
        return new ActionResult(outcome, vars, Set.of());
    }
}
