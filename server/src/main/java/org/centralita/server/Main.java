package org.centralita.server;

import org.centralita.server.cli.FlowsCommand;
import org.centralita.server.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code centralita} command line. */
@Command(
        name = "centralita",
        mixinStandardHelpOptions = true,
        version = "centralita 0.1.0-SNAPSHOT",
        description = "Contact-center telephony server beside Asterisk: self-service IVR and survey dialer.",
        subcommands = {ServeCommand.class, FlowsCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the configured command line, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
