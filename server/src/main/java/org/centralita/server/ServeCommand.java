package org.centralita.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code centralita serve}: starts the FastAGI listener, the AMI connection and the HTTP server. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server.")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
