package org.centralita.dialer.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.centralita.dialer.DialerException;

/**
 * The simulator's entry point: runs a scenario for each algorithm over seeds 1..N (the same seeds, hence the same
 * contacts and fates, for every algorithm) and summarises the figures.
 */
public final class Simulator {

    /** The algorithms compared by default. */
    public static final List<String> ALGORITHMS = List.of("progressive", "ratio", "adaptive", "predictive", "oracle");

    private Simulator() {}

    /** Runs {@code algorithms} on {@code scenario} with seeds 1..{@code seeds}. */
    public static List<AlgorithmSummary> run(Scenario scenario, List<String> algorithms, int seeds) {
        if (seeds < 1) {
            throw new DialerException("seeds must be 1 or more, was " + seeds);
        }
        List<AlgorithmSummary> out = new ArrayList<>();
        for (String algorithm : algorithms.isEmpty() ? ALGORITHMS : algorithms) {
            List<RunResult> runs = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                runs.add(Simulation.run(scenario, algorithm, seed));
            }
            out.add(summarise(scenario.name(), algorithm.toLowerCase(Locale.ROOT), runs));
        }
        return out;
    }

    static AlgorithmSummary summarise(String scenario, String algorithm, List<RunResult> runs) {
        return new AlgorithmSummary(
                scenario,
                algorithm,
                runs.size(),
                mean(runs, RunResult::occupancy),
                std(runs, RunResult::occupancy),
                mean(runs, RunResult::utilization),
                std(runs, RunResult::utilization),
                mean(runs, RunResult::abandonRate),
                std(runs, RunResult::abandonRate),
                mean(runs, r -> r.abandoned() == 0 ? 0 : (double) r.abandoned() / (r.humanConnects() + r.abandoned())),
                mean(runs, RunResult::maxAbandonRate24h),
                std(runs, RunResult::maxAbandonRate24h),
                mean(runs, RunResult::talkMinutesPerAgentHour),
                std(runs, RunResult::talkMinutesPerAgentHour),
                mean(runs, RunResult::callsPlaced),
                mean(runs, RunResult::humanConnects),
                mean(runs, RunResult::p95ConnectDelayMs),
                mean(runs, RunResult::wallMillis));
    }

    /** Returns the summaries as a JSON array, one object per algorithm. */
    public static String toJson(List<AlgorithmSummary> summaries) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summaries);
        } catch (JsonProcessingException e) {
            throw new DialerException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Returns the summaries as a Markdown table. */
    public static String toTable(List<AlgorithmSummary> summaries) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | algorithm | occupancy | utilization | abandonRate | raw | maxAbandonRate24h "
                + "| talk min/agent-h | callsPlaced | humanConnects | p95 connect ms |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (AlgorithmSummary s : summaries) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f%% ± %.1f | %.1f%% | %.2f%% ± %.2f | %.2f%% | %.2f%% | %.1f | %.0f | %.0f | %.0f |%n",
                    s.scenario(),
                    s.algorithm(),
                    100 * s.occupancy(),
                    100 * s.occupancyStdDev(),
                    100 * s.utilization(),
                    100 * s.abandonRate(),
                    100 * s.abandonRateStdDev(),
                    100 * s.rawAbandonRate(),
                    100 * s.maxAbandonRate24h(),
                    s.talkMinutesPerAgentHour(),
                    s.callsPlaced(),
                    s.humanConnects(),
                    s.p95ConnectDelayMs()));
        }
        return b.toString();
    }

    private static double mean(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        return runs.stream().mapToDouble(f).average().orElse(0);
    }

    private static double std(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        if (runs.size() < 2) {
            return 0;
        }
        double m = mean(runs, f);
        double ss = runs.stream()
                .mapToDouble(r -> Math.pow(f.applyAsDouble(r) - m, 2))
                .sum();
        return Math.sqrt(ss / (runs.size() - 1));
    }
}
