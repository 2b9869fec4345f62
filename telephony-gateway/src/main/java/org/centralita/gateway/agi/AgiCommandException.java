package org.centralita.gateway.agi;

import java.util.Objects;
import org.centralita.gateway.GatewayException;

/**
 * Asterisk answered a command whose result the caller needs (e.g. GET VARIABLE) with something other than
 * {@code 200}: {@code 510} (unknown command) or {@code 520} (bad syntax).
 */
public final class AgiCommandException extends GatewayException {
    private static final long serialVersionUID = 1L;
    private final transient AgiReply reply;

    public AgiCommandException(String message, AgiReply reply) {
        super(message);
        this.reply = Objects.requireNonNull(reply, "reply");
    }

    /** Returns Asterisk's reply. */
    public AgiReply reply() {
        return reply;
    }
}
