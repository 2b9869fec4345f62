package org.centralita.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code centralita simulate}: Run whole campaign days in virtual time through the real dialer code. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Run whole campaign days in virtual time through the real dialer code.")
public final class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("centralita simulate: not built yet");
        return 2;
    }
}
