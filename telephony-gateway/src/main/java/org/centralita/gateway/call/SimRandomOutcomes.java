package org.centralita.gateway.call;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws call plans at random from outcome fractions and duration distributions, reproducibly from a seeded
 * {@link RandomGenerator} (use {@link java.util.SplittableRandom}).
 *
 * <p>AMD errors: {@code falseMachineRate} is the share of AMD "machine" verdicts that were really a person, and
 * {@code falseHumanRate} the share of "human" verdicts that were really a machine (the precision of each
 * verdict, as AMD vendors quote it). The per-call error probabilities are derived from them and the outcome mix.
 */
public final class SimRandomOutcomes implements SimOutcomeModel {

    /** Outcome fractions and distributions. Fractions are of calls placed; the rest is no answer. */
    public record Params(
            double humanRate,
            double machineRate,
            double busyRate,
            double failedRate,
            SimDistribution ring,
            SimDistribution talk,
            SimDistribution machineGreeting,
            boolean amdEnabled,
            double amdDetectSeconds,
            double falseMachineRate,
            double falseHumanRate) {
        public Params {
            Objects.requireNonNull(ring, "ring");
            Objects.requireNonNull(talk, "talk");
            Objects.requireNonNull(machineGreeting, "machineGreeting");
            for (double r :
                    new double[] {humanRate, machineRate, busyRate, failedRate, falseMachineRate, falseHumanRate}) {
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("rates must be within [0, 1], was " + r);
                }
            }
            if (humanRate + machineRate + busyRate + failedRate > 1 + 1e-9) {
                throw new IllegalArgumentException("human + machine + busy + failed rates exceed 1");
            }
            if (!(amdDetectSeconds >= 0)) {
                throw new IllegalArgumentException("amdDetectSeconds must be >= 0, was " + amdDetectSeconds);
            }
            if (falseMachineRate >= 1 || falseHumanRate >= 1) {
                throw new IllegalArgumentException("AMD error rates must be below 1");
            }
        }

        /** Probability that AMD calls a person a machine, derived from the verdict precision. */
        public double humanMisdetected() {
            if (!amdEnabled || humanRate == 0) {
                return 0;
            }
            // Solve for q_h, q_m: fm = H q_h / (H q_h + M (1 - q_m)), fh = M q_m / (M q_m + H (1 - q_h)).
            double[] q = solveErrors();
            return q[0];
        }

        /** Probability that AMD calls a machine a person, derived from the verdict precision. */
        public double machineMisdetected() {
            if (!amdEnabled || machineRate == 0) {
                return 0;
            }
            return solveErrors()[1];
        }

        private double[] solveErrors() {
            double h = humanRate;
            double m = machineRate;
            double a = falseMachineRate / (1 - falseMachineRate); // H q_h = a M (1 - q_m)
            double b = falseHumanRate / (1 - falseHumanRate); // M q_m = b H (1 - q_h)
            // H q_h = a (M - b H (1 - q_h)) => H q_h (1 - a b) = a M - a b H => q_h = (a M - a b H) / (H (1 - a b))
            double qh = h == 0 ? 0 : Math.max(0, (a * m - a * b * h) / (h * (1 - a * b)));
            double qm = m == 0 ? 0 : Math.max(0, b * h * (1 - qh) / m);
            return new double[] {Math.min(1, qh), Math.min(1, qm)};
        }
    }

    private final Params params;
    private final RandomGenerator random;
    private final double qHuman;
    private final double qMachine;

    /** Creates a model drawing from {@code random}. */
    public SimRandomOutcomes(Params params, RandomGenerator random) {
        this.params = Objects.requireNonNull(params, "params");
        this.random = Objects.requireNonNull(random, "random");
        this.qHuman = params.humanMisdetected();
        this.qMachine = params.machineMisdetected();
    }

    /** Returns the parameters. */
    public Params params() {
        return params;
    }

    @Override
    public SimCallPlan plan(OriginateRequest request) {
        return next();
    }

    /** Draws the next plan, whatever the request. */
    public SimCallPlan next() {
        double u = random.nextDouble();
        Params p = params;
        SimAnswer answer;
        if (u < p.humanRate()) {
            answer = SimAnswer.HUMAN;
        } else if (u < p.humanRate() + p.machineRate()) {
            answer = SimAnswer.MACHINE;
        } else if (u < p.humanRate() + p.machineRate() + p.busyRate()) {
            answer = SimAnswer.BUSY;
        } else if (u < p.humanRate() + p.machineRate() + p.busyRate() + p.failedRate()) {
            answer = SimAnswer.FAILED;
        } else {
            answer = SimAnswer.NO_ANSWER;
        }
        long ring = p.ring().sampleMillis(random);
        switch (answer) {
            case HUMAN -> {
                long talk = p.talk().sampleMillis(random);
                SimAmdVerdict v = !p.amdEnabled()
                        ? SimAmdVerdict.NONE
                        : random.nextDouble() < qHuman ? SimAmdVerdict.MACHINE : SimAmdVerdict.HUMAN;
                return new SimCallPlan(answer, ring, talk, v, amdMillis(v));
            }
            case MACHINE -> {
                long greeting = p.machineGreeting().sampleMillis(random);
                SimAmdVerdict v = !p.amdEnabled()
                        ? SimAmdVerdict.NONE
                        : random.nextDouble() < qMachine ? SimAmdVerdict.HUMAN : SimAmdVerdict.MACHINE;
                return new SimCallPlan(answer, ring, greeting, v, amdMillis(v));
            }
            case BUSY, FAILED -> {
                // Busy and network failures come back quickly: a fraction of the ring time.
                return SimCallPlan.unanswered(answer, Math.max(200, ring / 3));
            }
            default -> {
                return SimCallPlan.unanswered(answer, 0);
            }
        }
    }

    private long amdMillis(SimAmdVerdict v) {
        return v == SimAmdVerdict.NONE ? 0 : Math.round(params.amdDetectSeconds() * 1000);
    }
}
