package org.centralita.gateway.agi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The server's immutable settings, shared by its sessions. */
record AgiSettings(
        String host,
        int port,
        Map<String, AgiHandler> handlers,
        Function<String, Optional<AgiHandler>> resolver,
        Duration commandTimeout,
        Duration maxSessionDuration,
        int maxLineLength,
        int maxConcurrentSessions,
        boolean reportSuccess,
        Duration closeLinger,
        int eventLoops) {}
