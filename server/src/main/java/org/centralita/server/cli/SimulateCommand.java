package org.centralita.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.centralita.dialer.DialerException;
import org.centralita.dialer.sim.AlgorithmSummary;
import org.centralita.dialer.sim.PacingPlot;
import org.centralita.dialer.sim.Scenario;
import org.centralita.dialer.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code centralita simulate}: runs whole campaign days in virtual time through the real dialer code. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run whole campaign days in virtual time through the real dialer code (same pacers, router and",
            "abandonment ledger as a live campaign) and compare pacing algorithms on the same seeds."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "FILE.yaml", description = "Scenario file.")
    Path scenario;

    @Option(
            names = "--algorithm",
            paramLabel = "A",
            description = "progressive, ratio[:LINES], adaptive, predictive or oracle; repeatable (default: all).")
    List<String> algorithms = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5", description = "Seeds 1..N to average (default 5).")
    int seeds;

    @Option(names = "--json", description = "Print one JSON object per algorithm instead of a table.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write occupancy against abandonment.")
    Path plot;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(scenario)) {
            spec.commandLine().getErr().println("centralita simulate: no such scenario file: " + scenario);
            return 2;
        }
        // A simulated day logs every abandon at DEBUG; the command prints figures, so keep the dialer quiet.
        if (org.slf4j.LoggerFactory.getLogger("org.centralita.dialer") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            Scenario s = Scenario.load(scenario);
            List<AlgorithmSummary> results = Simulator.run(s, algorithms, seeds);
            spec.commandLine().getOut().print(json ? Simulator.toJson(results) + "\n" : Simulator.toTable(results));
            if (plot != null) {
                PacingPlot.write(results, s.abandonTarget(), plot);
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (DialerException e) {
            spec.commandLine().getErr().println("centralita simulate: " + e.getMessage());
            return 2;
        }
    }
}
