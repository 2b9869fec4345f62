package org.centralita.gateway.agi;

/** Decoded message: Asterisk sent a bare {@code HANGUP} line (the channel hung up). */
enum AgiHangupLine {
    INSTANCE
}
