package org.centralita.flows;

import java.util.List;
import java.util.stream.Collectors;

/** A flow file (or folder) failed validation; {@link #problems()} names each file, line and column. */
public final class FlowValidationException extends FlowsException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public FlowValidationException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Returns the problems found, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
