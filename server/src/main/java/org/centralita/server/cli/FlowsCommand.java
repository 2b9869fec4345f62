package org.centralita.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code centralita flows}: Validate voice-menu flow definitions. */
@Command(name = "flows", mixinStandardHelpOptions = true, description = "Validate voice-menu flow definitions.")
public final class FlowsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("centralita flows: not built yet");
        return 2;
    }
}
