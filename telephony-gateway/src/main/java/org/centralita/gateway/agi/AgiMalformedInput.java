package org.centralita.gateway.agi;

import java.util.Objects;

/**
 * Decoded message: the input was not valid FastAGI. The decoder that emitted it discards everything after it;
 * the session logs the reason and closes the connection.
 *
 * @param reason what was wrong, safe to log (no line content beyond a short prefix)
 */
record AgiMalformedInput(String reason) {
    AgiMalformedInput {
        Objects.requireNonNull(reason, "reason");
    }
}
