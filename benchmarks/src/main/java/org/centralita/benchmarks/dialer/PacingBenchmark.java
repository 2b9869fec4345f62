package org.centralita.benchmarks.dialer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.centralita.dialer.sim.AlgorithmSummary;
import org.centralita.dialer.sim.PacingPlot;
import org.centralita.dialer.sim.RunResult;
import org.centralita.dialer.sim.Scenario;
import org.centralita.dialer.sim.Simulation;
import org.centralita.dialer.sim.Simulator;

/**
 * Side-by-side pacing benchmark: every algorithm on every shipped scenario with the same seeds, in one run, plus
 * the simulator speed on an 8-hour, 50-agent day. Prints a Markdown table and writes the occupancy-against-
 * abandonment plot.
 *
 * <p>Then, unless {@code --no-analysis}: predictive on the standard scenario told, in turn, every agent's free time
 * and which placed calls will reach a person (what each unknown costs), and the gap to the oracle against team size.
 *
 * <pre>java -cp benchmarks/target/centralita-benchmarks.jar org.centralita.benchmarks.dialer.PacingBenchmark \
 *     [--seeds N] [--plot docs/pacing-occupancy-abandon.png] [--scenarios a,b] [--algorithms a,b] [--no-speed]
 *     [--no-analysis]</pre>
 */
public final class PacingBenchmark {

    static final List<String> SCENARIOS =
            List.of("standard", "small-team-3", "small-team-5", "low-answer", "midday-drop", "large-50");

    /** The simulator's algorithms plus VICIdial's ADAPT_HARD_LIMIT variant, which honours the drop target. */
    static final List<String> ALGORITHMS =
            List.of("progressive", "ratio", "adaptive", "adaptive-hard", "predictive", "oracle");

    private PacingBenchmark() {}

    public static void main(String[] args) throws IOException {
        // The dialer logs each abandon at DEBUG; a benchmark wants figures, not a million log lines.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int seeds = 5;
        Path plot = Path.of("docs/pacing-occupancy-abandon.png");
        List<String> scenarios = SCENARIOS;
        List<String> algorithms = ALGORITHMS;
        boolean speed = true;
        boolean analysis = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--plot" -> plot = Path.of(args[++i]);
                case "--scenarios" -> scenarios = List.of(args[++i].split(","));
                case "--algorithms" -> algorithms = List.of(args[++i].split(","));
                case "--no-speed" -> speed = false;
                case "--no-analysis" -> analysis = false;
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i] + "; use --seeds N --plot F "
                            + "[--scenarios a,b] [--algorithms a,b] [--no-speed] [--no-analysis]");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "# pacing benchmark: %d seeds, %d cores, load average %.1f at start%n%n",
                seeds,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<AlgorithmSummary> all = new ArrayList<>();
        for (String name : scenarios) {
            Scenario s = load(name);
            List<AlgorithmSummary> r = Simulator.run(s, algorithms, seeds);
            all.addAll(r);
            System.out.print(Simulator.toTable(r));
            System.out.println();
        }
        System.out.println("## all\n");
        System.out.print(Simulator.toTable(all));
        PacingPlot.write(
                all.stream()
                        .filter(s -> s.scenario().equals("standard")
                                || !s.algorithm().equals("ratio"))
                        .toList(),
                0.03,
                plot);
        System.out.println("\nplot written to " + plot);
        if (analysis) {
            analysis(seeds, all);
        }
        if (!speed) {
            return;
        }

        // Simulator speed: an 8-hour, 50-agent day, predictive, after two warm-up days.
        Scenario large = load("large-50");
        Simulation.run(large, "predictive", 101);
        Simulation.run(large, "predictive", 102);
        long[] wall = new long[5];
        for (int i = 0; i < wall.length; i++) {
            RunResult r = Simulation.run(large, "predictive", 1 + i);
            wall[i] = r.wallMillis();
        }
        Arrays.sort(wall);
        System.out.printf(
                Locale.ROOT,
                "%nsimulator speed, 8 h x 50 agents, predictive: median %d ms, max %d ms (5 runs, warm JVM); "
                        + "load average now %.1f%n",
                wall[wall.length / 2],
                wall[wall.length - 1],
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Where predictive's occupancy goes: (1) the standard scenario with the pacer told, in turn, every busy agent's
     * exact free time and which of the calls already placed will reach a person (analysis bounds, same seeds);
     * (2) the gap to the oracle against team size, from the standard scenario with other numbers of agents.
     */
    private static void analysis(int seeds, List<AlgorithmSummary> main) throws IOException {
        Scenario standard = load("standard");
        System.out.println("\n## analysis: what predictive does not know (standard)\n");
        List<AlgorithmSummary> told = new ArrayList<>();
        told.addAll(find(main, "standard", "predictive"));
        told.addAll(Simulator.run(standard, List.of("predictive+agents", "predictive+outcomes"), seeds));
        told.addAll(find(main, "standard", "oracle"));
        System.out.print(Simulator.toTable(told));

        System.out.println("\n## analysis: gap to the oracle against team size (standard list, N agents)\n");
        List<AlgorithmSummary> sizes = new ArrayList<>();
        for (int agents : TEAM_SIZES) {
            String name =
                    switch (agents) {
                        case 3 -> "small-team-3";
                        case 5 -> "small-team-5";
                        case 20 -> "standard";
                        case 50 -> "large-50";
                        default -> "";
                    };
            List<AlgorithmSummary> known = new ArrayList<>();
            for (String algorithm : List.of("adaptive", "predictive", "oracle")) {
                known.addAll(find(main, name, algorithm));
            }
            if (known.size() < 3) {
                known = Simulator.run(withAgents(standard, agents), List.of("adaptive", "predictive", "oracle"), seeds);
            }
            sizes.addAll(known);
        }
        System.out.println(
                "| agents | adaptive occ. | predictive occ. | predictive abandonRate (max 24 h) | oracle occ. "
                        + "| predictive - adaptive | oracle - predictive | (oracle - predictive) x sqrt(agents) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i + 2 < sizes.size(); i += 3) {
            AlgorithmSummary ad = sizes.get(i);
            AlgorithmSummary pr = sizes.get(i + 1);
            AlgorithmSummary or = sizes.get(i + 2);
            int agents = TEAM_SIZES.get(i / 3);
            double gap = 100 * (or.occupancy() - pr.occupancy());
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.1f%% | %.1f%% | %.2f%% (%.2f%%) | %.1f%% | %+.1f pt | %.1f pt | %.0f |%n",
                    agents,
                    100 * ad.occupancy(),
                    100 * pr.occupancy(),
                    100 * pr.abandonRate(),
                    100 * pr.maxAbandonRate24h(),
                    100 * or.occupancy(),
                    100 * (pr.occupancy() - ad.occupancy()),
                    gap,
                    gap * Math.sqrt(agents));
        }
    }

    /** Team sizes of the gap-against-size analysis (3, 5, 20 and 50 are shipped scenarios). */
    static final List<Integer> TEAM_SIZES = List.of(3, 5, 10, 20, 35, 50);

    private static List<AlgorithmSummary> find(List<AlgorithmSummary> all, String scenario, String algorithm) {
        return all.stream()
                .filter(s -> s.scenario().equals(scenario) && s.algorithm().equals(algorithm))
                .toList();
    }

    private static Scenario withAgents(Scenario s, int agents) {
        return new Scenario(
                "standard-" + agents,
                agents,
                s.hours(),
                s.humanAnswerRate(),
                s.machineRate(),
                s.busyRate(),
                s.failedRate(),
                s.ringSeconds(),
                s.noAnswerTimeoutSeconds(),
                s.talkSeconds(),
                s.wrapUpSeconds(),
                s.amd(),
                s.connectDeadlineSeconds(),
                s.abandonTarget(),
                s.answerRateDrift());
    }

    private static Scenario load(String name) throws IOException {
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            if (in == null) {
                throw new IOException("scenario resource /scenarios/" + name + ".yaml not found");
            }
            return Scenario.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
