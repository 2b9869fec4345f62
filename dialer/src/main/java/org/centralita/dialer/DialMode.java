package org.centralita.dialer;

import java.util.Objects;

/** How a campaign paces its calls; a telephony admin can change it live. */
public sealed interface DialMode {

    /** Returns the mode's name as used in configuration and on the command line. */
    String name();

    /** The agent sees the contact and clicks to dial; the dialer never dials by itself. */
    record Preview() implements DialMode {
        @Override
        public String name() {
            return "preview";
        }
    }

    /** One call per free agent: never abandons. */
    record Progressive() implements DialMode {
        @Override
        public String name() {
            return "progressive";
        }
    }

    /** A fixed number of lines per working agent. */
    record Ratio(double linesPerAgent) implements DialMode {
        public Ratio {
            if (!(linesPerAgent >= 1 && linesPerAgent <= 10)) {
                throw new IllegalArgumentException("linesPerAgent must be within [1, 10], was " + linesPerAgent);
            }
        }

        @Override
        public String name() {
            return "ratio";
        }
    }

    /**
     * VICIdial's adaptive dial level (AST_VDadapt.pl), with VICIdial's defaults in {@link #vicidialDefaults()}.
     *
     * @param variant what to do once the day's drop rate is over the target
     * @param droppedPercentage the drop target, percent of answers (default 3)
     * @param maxLevel the highest dial level (default 3.0)
     * @param latestHhmm latest server time for TAPERED, HHMM (default 2100)
     * @param intensity adaptive intensity, -40..40 (default 0)
     * @param diffTarget dial level difference target, agents (default 0)
     */
    record Adaptive(
            AdaptiveVariant variant,
            double droppedPercentage,
            double maxLevel,
            int latestHhmm,
            double intensity,
            double diffTarget)
            implements DialMode {
        public Adaptive {
            Objects.requireNonNull(variant, "variant");
            if (!(maxLevel >= 1)) {
                throw new IllegalArgumentException("maxLevel must be >= 1, was " + maxLevel);
            }
        }

        /** VICIdial's defaults: ADAPT_TAPERED, 3%, level 3.0, 21:00, intensity 0, difference target 0. */
        public static Adaptive vicidialDefaults() {
            return new Adaptive(AdaptiveVariant.TAPERED, 3, 3.0, 2100, 0, 0);
        }

        @Override
        public String name() {
            return "adaptive";
        }
    }

    /** VICIdial's ADAPT_ methods. */
    enum AdaptiveVariant {
        HARD_LIMIT,
        TAPERED,
        AVERAGE
    }

    /**
     * Ours: probability-grounded pacing with a budget-spending feedback loop (see docs/pacing.md).
     *
     * @param safetyMargin fraction of the abandon target kept in reserve, in [0, 1)
     */
    record Predictive(double safetyMargin) implements DialMode {
        public Predictive {
            if (!(safetyMargin >= 0 && safetyMargin < 1)) {
                throw new IllegalArgumentException("safetyMargin must be in [0, 1), was " + safetyMargin);
            }
        }

        /**
         * The default: no fixed margin. The pacer keeps a statistical one instead (it spends the budget so that the
         * abandon count stays under the target at a 90% credible level), see docs/pacing.md.
         */
        public static Predictive defaults() {
            return new Predictive(0);
        }

        @Override
        public String name() {
            return "predictive";
        }
    }

    /**
     * An analysis bound (simulator only), not a product mode: {@code predictive} told part of the future, to measure
     * what each thing it cannot know costs it. With {@code agentFreeTimes} it knows when every agent on a call or in
     * wrap-up will be free; with {@code placedOutcomes} it knows which of the calls already placed (ringing or
     * awaiting AMD) will reach a person, though not when. The calls it is deciding to place stay unknown.
     *
     * @param knowledge the simulator's foresight
     * @param agentFreeTimes whether the pacer knows each busy agent's free time
     * @param placedOutcomes whether the pacer knows which placed calls will need an agent
     */
    record PredictiveInformed(OracleKnowledge knowledge, boolean agentFreeTimes, boolean placedOutcomes)
            implements DialMode {
        public PredictiveInformed {
            Objects.requireNonNull(knowledge, "knowledge");
        }

        @Override
        public String name() {
            return "predictive-informed";
        }
    }

    /** Agentless survey by keypad: paced only by a channel limit. */
    record Agentless(int channelLimit) implements DialMode {
        public Agentless {
            if (channelLimit < 1) {
                throw new IllegalArgumentException("channelLimit must be >= 1, was " + channelLimit);
            }
        }

        @Override
        public String name() {
            return "agentless";
        }
    }

    /** The clairvoyant bound (simulator only): knows every call's fate in advance. */
    record Oracle(OracleKnowledge knowledge) implements DialMode {
        public Oracle {
            Objects.requireNonNull(knowledge, "knowledge");
        }

        @Override
        public String name() {
            return "oracle";
        }
    }
}
