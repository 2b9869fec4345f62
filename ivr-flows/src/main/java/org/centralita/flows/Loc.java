package org.centralita.flows;

/**
 * A 1-based line and column in a flow file.
 *
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 */
public record Loc(int line, int column) {
    /** An unknown location. */
    public static final Loc UNKNOWN = new Loc(0, 0);
}
