package org.centralita.dialer;

/**
 * A lognormal distribution of durations learned online: the mean and variance of log(duration) are updated with
 * each observation, weighted like the last {@code memory} observations, starting from a prior (mean, cv) worth
 * {@code priorWeight} observations.
 */
public final class LogNormalEstimator {

    private static final double MIN_SIGMA = 0.05;
    private final int memory;
    private double weight;
    private double mu;
    private double m2; // E[(log x - mu)^2]
    private long observations;
    private long version;

    /**
     * Creates an estimator.
     *
     * @param priorMeanSeconds prior mean duration
     * @param priorCv prior coefficient of variation
     * @param priorWeight how many observations the prior is worth
     * @param memory how many recent observations the estimate remembers (forgetting factor 1/memory)
     */
    public LogNormalEstimator(double priorMeanSeconds, double priorCv, double priorWeight, int memory) {
        if (!(priorMeanSeconds > 0)) {
            throw new IllegalArgumentException("priorMeanSeconds must be > 0, was " + priorMeanSeconds);
        }
        if (!(priorCv >= 0)) {
            throw new IllegalArgumentException("priorCv must be >= 0, was " + priorCv);
        }
        if (memory < 1 || !(priorWeight > 0)) {
            throw new IllegalArgumentException("memory must be >= 1 and priorWeight > 0");
        }
        double s2 = Math.log(1 + priorCv * priorCv);
        this.mu = Math.log(priorMeanSeconds) - s2 / 2;
        this.m2 = s2;
        this.weight = priorWeight;
        this.memory = memory;
    }

    /** Adds one observed duration in seconds (values under 10 ms count as 10 ms). */
    public void observe(double seconds) {
        double x = Math.log(Math.max(0.01, seconds));
        weight = Math.min(memory, weight + 1);
        double a = 1 / weight;
        double d = x - mu;
        mu += a * d;
        m2 = (1 - a) * (m2 + a * d * d);
        observations++;
        version++;
    }

    /** Returns the number of observations so far. */
    public long observations() {
        return observations;
    }

    /** Returns a counter that changes whenever the estimate changes. */
    public long version() {
        return version;
    }

    /** Returns the mean of log(duration). */
    public double mu() {
        return mu;
    }

    /** Returns the standard deviation of log(duration), at least 0.05. */
    public double sigma() {
        return Math.max(MIN_SIGMA, Math.sqrt(m2));
    }

    /** Returns the estimated mean duration in seconds. */
    public double mean() {
        double s = sigma();
        return Math.exp(mu + s * s / 2);
    }

    /** Returns P(duration ≤ seconds). */
    public double cdf(double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return Normal.cdf((Math.log(seconds) - mu) / sigma());
    }

    /** Returns P(duration ≤ elapsed + within | duration > elapsed). */
    public double conditionalCdf(double elapsed, double within) {
        double s = 1 - cdf(elapsed);
        if (s <= 1e-12) {
            return 1;
        }
        return Math.min(1, Math.max(0, (cdf(elapsed + within) - cdf(elapsed)) / s));
    }
}
