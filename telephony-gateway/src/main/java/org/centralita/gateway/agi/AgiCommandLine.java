package org.centralita.gateway.agi;

import java.util.Objects;

/**
 * Encoder input: one command line without its terminator, as built by an Asterisk-Java command class.
 *
 * @param line the command; must not contain CR or LF
 */
record AgiCommandLine(String line) {
    AgiCommandLine {
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an AGI command must be one line, without CR or LF");
        }
    }
}
