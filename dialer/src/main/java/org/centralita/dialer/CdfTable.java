package org.centralita.dialer;

/** A lognormal CDF tabulated on a fixed grid, rebuilt when its estimator has moved on. */
final class CdfTable {
    private final LogNormalEstimator source;
    private final double step;
    private final double[] values;
    private long builtVersion = -1;
    private long builtAt = Long.MIN_VALUE;

    CdfTable(LogNormalEstimator source, double step, double maxSeconds) {
        this.source = source;
        this.step = step;
        this.values = new double[(int) Math.ceil(maxSeconds / step) + 2];
    }

    /** Rebuilds the table if the estimator changed by 20 observations or 60 s have passed since. */
    void refresh(long now) {
        long v = source.version();
        if (builtVersion >= 0 && (v - builtVersion < 20 && now - builtAt < 60_000) && v >= builtVersion) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = source.cdf(i * step);
        }
        builtVersion = v;
        builtAt = now;
    }

    /** Returns P(X ≤ x), interpolated (1 beyond the table). */
    double cdf(double x) {
        if (x <= 0) {
            return 0;
        }
        double pos = x / step;
        int i = (int) pos;
        if (i >= values.length - 1) {
            return values[values.length - 1];
        }
        double f = pos - i;
        return values[i] + f * (values[i + 1] - values[i]);
    }

    /** Returns P(X ≤ elapsed + within | X > elapsed). */
    double conditional(double elapsed, double within) {
        if (within <= 0) {
            return 0;
        }
        double f0 = cdf(elapsed);
        double s = 1 - f0;
        if (s <= 1e-9) {
            return 1;
        }
        return Math.max(0, Math.min(1, (cdf(elapsed + within) - f0) / s));
    }
}
