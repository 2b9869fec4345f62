package org.centralita.gateway.agi;

import java.util.concurrent.atomic.LongAdder;

/** The server's live counters; sessions on any event loop update them. */
final class AgiCounters {
    final LongAdder active = new LongAdder();
    final LongAdder total = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder commandTimeouts = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();

    AgiServerStats snapshot() {
        return new AgiServerStats(
                active.sum(),
                total.sum(),
                refused.sum(),
                notFound.sum(),
                commands.sum(),
                commandTimeouts.sum(),
                handlerFailures.sum(),
                protocolErrors.sum());
    }
}
