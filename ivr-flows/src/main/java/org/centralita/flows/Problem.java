package org.centralita.flows;

import java.util.Objects;

/**
 * One validation problem in a flow file, printed as {@code file:line:column: message} like a compiler.
 *
 * @param file the file name (as given to the loader)
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param message what is wrong, in words a telephony admin understands
 */
public record Problem(String file, int line, int column, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0");
        }
    }

    static Problem at(String file, Loc loc, String message) {
        return new Problem(file, loc.line(), loc.column(), message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
