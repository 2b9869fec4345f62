package org.centralita.gateway.call;

import java.util.random.RandomGenerator;

/**
 * A lognormal duration given by its mean and coefficient of variation (standard deviation over mean). A cv of 0
 * gives the mean every time.
 *
 * @param mean mean, in seconds
 * @param cv coefficient of variation, 0 or more
 */
public record SimDistribution(double mean, double cv) {

    public SimDistribution {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("mean must be a finite number >= 0, was " + mean);
        }
        if (!(cv >= 0) || Double.isInfinite(cv)) {
            throw new IllegalArgumentException("cv must be a finite number >= 0, was " + cv);
        }
    }

    /** Draws one value in seconds. */
    public double sampleSeconds(RandomGenerator random) {
        if (cv == 0 || mean == 0) {
            return mean;
        }
        double sigma2 = Math.log(1 + cv * cv);
        double mu = Math.log(mean) - sigma2 / 2;
        return Math.exp(mu + Math.sqrt(sigma2) * random.nextGaussian());
    }

    /** Draws one value in whole milliseconds. */
    public long sampleMillis(RandomGenerator random) {
        return Math.round(sampleSeconds(random) * 1000);
    }
}
