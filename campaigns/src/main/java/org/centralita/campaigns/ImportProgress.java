package org.centralita.campaigns;

/**
 * Progress of a running import, published every few thousand rows and at the end.
 *
 * @param rowsProcessed data rows read so far
 * @param bytesRead bytes of the upload consumed so far
 * @param totalBytes the upload's size, or -1 if unknown (a stream without length)
 */
public record ImportProgress(long rowsProcessed, long bytesRead, long totalBytes) {
    /** Returns the fraction done in [0, 1], or -1 if the total is unknown. */
    public double fraction() {
        return totalBytes <= 0 ? -1 : Math.min(1.0, (double) bytesRead / totalBytes);
    }
}
