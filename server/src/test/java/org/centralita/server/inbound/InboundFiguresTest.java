package org.centralita.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class InboundFiguresTest {
    static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock =
            new ManualClock(ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, MADRID).toInstant());
    final InboundFigures figures = new InboundFigures(clock, MADRID, Duration.ofSeconds(20), Duration.ofMinutes(30));

    @Test
    void withNoCallsTheRatiosAreUnknownRatherThanZero() {
        InboundFigures.Snapshot s = figures.snapshot();
        assertThat(s.inIvr()).isZero();
        assertThat(s.waiting()).isZero();
        assertThat(s.longestWaitSeconds()).isNull();
        assertThat(s.recent().averageSpeedOfAnswerSeconds()).isNull();
        assertThat(s.recent().serviceLevel()).isNull();
        assertThat(s.today().abandonRate()).isNull();
    }

    @Test
    void serviceLevelIsAnsweredWithinTheThresholdOverAnsweredAndAbandonedAndSpeedOfAnswerAveragesAnsweredCalls() {
        figures.answered("a", 5_000);
        figures.answered("b", 20_000); // exactly the threshold counts as within
        figures.answered("c", 25_000);
        figures.abandoned("d", 40_000);

        InboundFigures.Period p = figures.snapshot().recent();
        assertThat(p.answered()).isEqualTo(3);
        assertThat(p.abandoned()).isEqualTo(1);
        assertThat(p.answeredWithinThreshold()).isEqualTo(2);
        assertThat(p.serviceLevel()).isEqualTo(0.5);
        assertThat(p.abandonRate()).isEqualTo(0.25);
        assertThat(p.averageSpeedOfAnswerSeconds()).isCloseTo(50.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures.snapshot().today()).isEqualTo(p);
    }

    @Test
    void theRecentWindowForgetsCallsOlderThanItWhileTodayKeepsThem() {
        figures.answered("early", 30_000);
        clock.advance(Duration.ofMinutes(31));
        figures.answered("late", 10_000);

        InboundFigures.Snapshot s = figures.snapshot();
        assertThat(s.recent().answered()).isEqualTo(1);
        assertThat(s.recent().serviceLevel()).isEqualTo(1.0);
        assertThat(s.recent().averageSpeedOfAnswerSeconds()).isEqualTo(10.0);
        assertThat(s.today().answered()).isEqualTo(2);
        assertThat(s.today().serviceLevel()).isEqualTo(0.5);
        assertThat(s.today().averageSpeedOfAnswerSeconds()).isEqualTo(20.0);
    }

    @Test
    void todayStartsAgainAtMidnightInTheServerZoneAndCallersStillInTheIvrCountOnTheNewDay() {
        clock.now = ZonedDateTime.of(2026, 11, 25, 23, 58, 0, 0, MADRID).toInstant();
        figures.ivrStarted("x");
        figures.ivrStarted("y");
        figures.ivrFinished("x");
        figures.abandoned("q", 3_000);
        assertThat(figures.snapshot().ivrCallsToday()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(3)); // 00:01 in Madrid
        InboundFigures.Snapshot s = figures.snapshot();
        assertThat(s.today().abandoned()).isZero();
        assertThat(s.today().abandonRate()).isNull();
        assertThat(s.recent().abandoned())
                .as("the rolling window crosses midnight")
                .isEqualTo(1);
        assertThat(s.inIvr()).isEqualTo(1);
        assertThat(s.ivrCallsToday()).isEqualTo(1);
    }

    @Test
    void callersInTheIvrAndInTheQueueAreCountedNowWithTheLongestWait() {
        figures.ivrStarted("c1");
        figures.ivrStarted("c2");
        figures.ivrStarted("c2"); // reported twice: still one caller
        figures.ivrFinished("c1");
        figures.ivrFinished("c1");
        figures.queued("in-1");
        clock.advance(Duration.ofSeconds(10));
        figures.queued("in-2");
        clock.advance(Duration.ofSeconds(20));

        InboundFigures.Snapshot s = figures.snapshot();
        assertThat(s.inIvr()).isEqualTo(1);
        assertThat(s.ivrCallsToday()).isEqualTo(2);
        assertThat(s.waiting()).isEqualTo(2);
        assertThat(s.longestWaitSeconds()).isEqualTo(30);

        figures.answered("in-1", 30_000);
        assertThat(figures.snapshot().longestWaitSeconds()).isEqualTo(20);
        figures.left("in-2"); // its dialer runtime closed: no outcome
        s = figures.snapshot();
        assertThat(s.waiting()).isZero();
        assertThat(s.longestWaitSeconds()).isNull();
        assertThat(s.today().answered()).isEqualTo(1);
        assertThat(s.today().abandoned()).isZero();
    }

    @Test
    void badArgumentsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> new InboundFigures(clock, MADRID, Duration.ZERO, Duration.ofMinutes(30)))
                .hasMessageContaining("threshold must be positive");
        assertThatThrownBy(() -> figures.answered("a", -1)).hasMessageContaining("waitMillis must not be negative");
    }
}
