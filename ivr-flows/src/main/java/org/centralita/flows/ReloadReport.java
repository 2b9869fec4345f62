package org.centralita.flows;

import java.util.List;

/**
 * What a (re)load of the flows folder did.
 *
 * @param loaded flows loaded or replaced by a new valid version
 * @param unchanged flows whose file did not change
 * @param rejected files that failed validation (the previous version, if any, stays in service)
 * @param removed flows whose file disappeared
 * @param problems every problem, as {@code file:line:column: message}
 */
public record ReloadReport(
        List<String> loaded,
        List<String> unchanged,
        List<String> rejected,
        List<String> removed,
        List<Problem> problems) {
    public ReloadReport {
        loaded = List.copyOf(loaded);
        unchanged = List.copyOf(unchanged);
        rejected = List.copyOf(rejected);
        removed = List.copyOf(removed);
        problems = List.copyOf(problems);
    }

    /** Returns whether every file was valid. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
