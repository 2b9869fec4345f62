package org.centralita.dialer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;

/**
 * Counts of dials, answers (people) and drops over the last minute and today, as VICIdial's adaptive rule reads
 * them from its call log.
 */
public final class DialLog {

    private final ZoneOffset zone;
    private final ArrayDeque<long[]> lastMinute = new ArrayDeque<>(); // [time, kind]
    private LocalDate day;
    private long callsToday;
    private long answersToday;
    private long dropsToday;
    private long callsMinute;
    private long dropsMinute;

    /** Creates an empty log whose days start at midnight in {@code zone}. */
    public DialLog(ZoneOffset zone) {
        this.zone = zone;
    }

    /** A call was placed. */
    public void dialled(long now) {
        roll(now);
        callsToday++;
        callsMinute++;
        lastMinute.add(new long[] {now, 0});
    }

    /** A person answered (connected or dropped). */
    public void answered(long now) {
        roll(now);
        answersToday++;
    }

    /** A person was dropped (abandoned). */
    public void dropped(long now) {
        roll(now);
        dropsToday++;
        dropsMinute++;
        lastMinute.add(new long[] {now, 1});
    }

    /** Returns calls placed in the last 60 s. */
    public long callsLastMinute(long now) {
        roll(now);
        return callsMinute;
    }

    /** Returns drops in the last 60 s. */
    public long dropsLastMinute(long now) {
        roll(now);
        return dropsMinute;
    }

    /** Returns calls placed today. */
    public long callsToday(long now) {
        roll(now);
        return callsToday;
    }

    /** Returns people answered today. */
    public long answersToday(long now) {
        roll(now);
        return answersToday;
    }

    /** Returns drops today. */
    public long dropsToday(long now) {
        roll(now);
        return dropsToday;
    }

    private void roll(long now) {
        LocalDate d = Instant.ofEpochMilli(now).atOffset(zone).toLocalDate();
        if (!d.equals(day)) {
            day = d;
            callsToday = 0;
            answersToday = 0;
            dropsToday = 0;
        }
        while (!lastMinute.isEmpty() && lastMinute.peekFirst()[0] <= now - 60_000) {
            long[] e = lastMinute.pollFirst();
            if (e[1] == 0) {
                callsMinute--;
            } else {
                dropsMinute--;
            }
        }
    }
}
