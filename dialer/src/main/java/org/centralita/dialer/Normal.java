package org.centralita.dialer;

/** Standard normal distribution helpers. */
final class Normal {
    private Normal() {}

    /** Returns the standard normal CDF at {@code z} (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
    static double cdf(double z) {
        if (z < -8) {
            return 0;
        }
        if (z > 8) {
            return 1;
        }
        double x = Math.abs(z);
        double t = 1 / (1 + 0.2316419 * x);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = 0.3989422804014327 * Math.exp(-x * x / 2) * poly;
        return z >= 0 ? 1 - tail : tail;
    }
}
