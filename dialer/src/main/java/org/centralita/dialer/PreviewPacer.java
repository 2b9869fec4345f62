package org.centralita.dialer;

/** Preview: the dialer never dials by itself; agents dial from the screen ({@link CampaignDialer#previewDial}). */
final class PreviewPacer implements Pacer {
    @Override
    public int callsToPlace(PacingView view) {
        return 0;
    }

    @Override
    public long nextDecisionMillis(long now) {
        return Long.MAX_VALUE;
    }
}
