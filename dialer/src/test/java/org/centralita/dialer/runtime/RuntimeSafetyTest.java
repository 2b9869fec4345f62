package org.centralita.dialer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.ContactState;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.AgentState;
import org.centralita.gateway.ami.AmiCallControl;
import org.centralita.gateway.ami.AmiClient;
import org.centralita.gateway.ami.AmiHeaders;
import org.centralita.gateway.testing.FakeAsteriskAgi;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes, restarts and transient faults never lose a contact, an answer or an opt-out, and never dial a contact
 * twice by mistake: fake Asterisk AMI and FastAGI, the campaigns module on H2 on disk.
 */
@ExtendWith(VertxExtension.class)
class RuntimeSafetyTest {

    @TempDir
    Path dir;

    /** Dials the only contact, bridges the person to ana and returns the customer channel and call id. */
    private static String[] bridgeToAna(RuntimeHarness h, DialerRuntime rt) {
        String agentChannel = h.ami.addCall("Local/ana@agents", "Up");
        rt.login("ana", agentChannel).await();
        AmiHeaders originate = h.awaitOriginate(1);
        String callId = RuntimeHarness.variables(originate).get(DialerRuntime.CALL_VARIABLE);
        String customer = h.awaitCustomerChannel("Local/+34612345678@customer-sim");
        h.dialerConnect(customer, callId, "HUMAN");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rt.agent("ana").await().state() == AgentState.ON_CALL);
        return new String[] {customer, callId};
    }

    private static void pause(Vertx vertx, long millis) {
        Promise<Void> grace = Promise.promise();
        vertx.setTimer(millis, t -> grace.complete());
        grace.future().await();
    }

    private static void sql(RuntimeHarness h, String statement) {
        h.db.transactionBlocking(c -> {
            try (var st = c.createStatement()) {
                st.execute(statement);
            }
            return null;
        });
    }

    @Test
    void restartDuringAConversationWhoseSurveyTheAgentCompletedNeitherHangsUpNorRedialsIt(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            String[] call = bridgeToAna(h, rt);
            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            h.campaigns.attempts(contact.id()).await().get(0).outcome() == Outcome.ANSWERED_HUMAN);
            // The agent saves the survey while still talking; then the server goes down.
            rt.disposition("ana", new Disposition("completed", Map.of("csat", "4"), true, false))
                    .await();
            rt.close().await();
            h.agi.shutdown(Duration.ZERO).await();

            DialerRuntime restarted = h.runtime(Duration.ofSeconds(2), 1);
            restarted.start().await();
            Attempt open = h.campaigns.attempts(contact.id()).await().get(0);
            assertThat(open.open()).as("the conversation goes on: not settled").isTrue();
            assertThat(h.ami.receivedActions("Hangup"))
                    .as("a live conversation is never hung up by the reconciler")
                    .noneMatch(a -> call[0].equals(a.get("Channel")));
            assertThat(h.ami.channels()).containsKey(call[0]);
            assertThat(restarted
                            .login("ana", h.ami.addCall("Local/ana@agents", "Up"))
                            .map(v -> false)
                            .otherwise(true)
                            .await())
                    .as("ana's phone is still in that conversation: no second customer for her")
                    .isTrue();

            h.ami.hangupFromNetwork(call[0], 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            !h.campaigns.attempts(contact.id()).await().get(0).open());
            Attempt settled = h.campaigns.attempts(contact.id()).await().get(0);
            assertThat(settled.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(settled.agent()).isEqualTo("ana");
            assertThat(h.campaigns.contact(contact.id()).await().state()).isEqualTo(ContactState.DONE);
            assertThat(h.campaigns.answers(contact.id()).await()).containsEntry("csat", "4");
        }
    }

    @Test
    void restartAfterABridgedCallEndedWhileDownRecordsItAnsweredAndNeverRedialsIt(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            String[] call = bridgeToAna(h, rt);
            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            h.campaigns.attempts(contact.id()).await().get(0).outcome() == Outcome.ANSWERED_HUMAN);
            rt.close().await();
            h.agi.shutdown(Duration.ZERO).await();
            h.ami.hangupFromNetwork(call[0], 16); // the call ends while no dialer runs

            DialerRuntime restarted = h.runtime(Duration.ofSeconds(2), 1);
            restarted.start().await();
            Attempt settled = h.campaigns.attempts(contact.id()).await().get(0);
            assertThat(settled.open()).isFalse();
            assertThat(settled.outcome()).isEqualTo(Outcome.ANSWERED_HUMAN);
            assertThat(settled.agent()).isEqualTo("ana");
            assertThat(h.campaigns.contact(contact.id()).await().state()).isEqualTo(ContactState.DONE);
        }
    }

    @Test
    void numberPutOnDoNotCallAfterItsContactWasClaimedIsNeverDialled(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.RING_FOREVER);
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            Contact contact = h.contacts().get(0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> h.campaigns.contact(contact.id()).await().state() == ContactState.CLAIMED);
            h.campaigns
                    .addDoNotCall("+34612345678", "ES", "manager", "asked by phone")
                    .await();

            rt.login("ana", h.ami.addCall("Local/ana@agents", "Up")).await();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> h.campaigns.contact(contact.id()).await().state() == ContactState.DNC);
            pause(vertx, 500);
            assertThat(h.ami.receivedActions("Originate")).isEmpty();
            assertThat(h.campaigns.attempts(contact.id()).await()).isEmpty();
        }
    }

    @Test
    void optOutPressedWhileTheDatabaseHiccupsIsStoredAndConfirmed(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            DialerRuntime rt = h.runtime(Duration.ZERO, 1);
            rt.start().await();
            Contact contact = h.contacts().get(0);
            sql(h, "ALTER TABLE dnc RENAME TO dnc_away");
            vertx.setTimer(
                    400,
                    t -> vertx.executeBlocking(() -> {
                        sql(h, "ALTER TABLE dnc_away RENAME TO dnc");
                        return null;
                    }));
            FakeAsteriskAgi.Call message = FakeAsteriskAgi.call(DialerRuntime.ABANDON_SCRIPT)
                    .onPrefix("GET VARIABLE")
                    .reply("200 result=1 (" + contact.id() + ")")
                    .onPrefix("STREAM FILE")
                    .reply("200 result=57 endpos=3000") // '9' during the company message
                    .onPrefix("STREAM FILE")
                    .reply("200 result=0 endpos=3000")
                    .on("HANGUP")
                    .reply("200 result=1")
                    .build()
                    .connect(vertx, h.agi.actualPort());
            FakeAsteriskAgi.Outcome played = message.outcome().await();
            assertThat(h.campaigns.doNotCallEntry("+34612345678", "ES").await()).isPresent();
            assertThat(played.commands())
                    .as("the caller hears the confirmation")
                    .anyMatch(c -> c.startsWith("STREAM FILE") && c.contains("centralita/optout-done"));
        }
    }

    @Test
    void dispositionWhoseCloseHitsADatabaseErrorIsClosedByTheRetry(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            String[] call = bridgeToAna(h, rt);
            Contact contact = h.contacts().get(0);
            h.ami.hangupFromNetwork(call[0], 16);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.agent("ana").await().state() == AgentState.WRAP_UP);

            sql(h, "ALTER TABLE callbacks RENAME TO callbacks_away"); // closeAttempt reads pending callbacks
            rt.disposition("ana", new Disposition("completed", Map.of("csat", "5"), true, true))
                    .otherwiseEmpty()
                    .await();
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).open()).isTrue();
            sql(h, "ALTER TABLE callbacks_away RENAME TO callbacks");

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            !h.campaigns.attempts(contact.id()).await().get(0).open());
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).outcome())
                    .isEqualTo(Outcome.COMPLETED);
            assertThat(h.campaigns.contact(contact.id()).await().state()).isEqualTo(ContactState.DONE);
        }
    }

    @Test
    void restartWhileTheChannelRegistryIsNotRebuiltLeavesOpenAttemptsOpenUntilItIs(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            Contact contact = h.contacts().get(0);
            h.campaigns.claimNextBlocking(h.campaign.id(), 1, "dialer");
            h.campaigns.openAttemptBlocking(contact.id(), "old-1", null);
            String ringing = h.ami.addCall("Local/+34612345678@customer-sim", "Ringing"); // survived the crash
            h.control.setVar(ringing, DialerRuntime.CALL_VARIABLE, "old-1").await();
            h.ami.deny("CoreShowChannels"); // the new process logs in, but cannot list Asterisk's channels
            AmiClient fresh = AmiClient.builder(vertx)
                    .port(h.ami.port())
                    .username("dialer")
                    .secret("dialer-secret")
                    .build();
            try {
                fresh.connect().await();
                assertThat(fresh.isConnected()).isTrue();
                assertThat(fresh.channelsKnown()).isFalse();
                DialerRuntime rt = DialerRuntime.builder(vertx, h.campaigns, AmiCallControl.create(fresh))
                        .campaign(h.campaign.id())
                        .callPath(CallPathSettings.defaults("+34910000000"))
                        .build();
                rt.start().await();
                try {
                    Attempt open = h.campaigns.attempts(contact.id()).await().get(0);
                    assertThat(open.open())
                            .as("an empty registry proves nothing: not settled as failed")
                            .isTrue();
                    assertThat(h.campaigns.contact(contact.id()).await().state())
                            .isEqualTo(ContactState.CLAIMED);
                } finally {
                    rt.close().await();
                }
            } finally {
                fresh.close().await();
            }
        }
    }

    @Test
    void stoppingLetsTheLiveCallFinishBeforeClosingAndPlacesNoNewCall(Vertx vertx) {
        try (RuntimeHarness h =
                new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router", "+34612345679;Luis Gil;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.ANSWERED);
            DialerRuntime rt = h.runtime(Duration.ofSeconds(2), 1);
            rt.start().await();
            String[] call = bridgeToAna(h, rt);
            rt.stop().await();
            var drained = rt.drain(Duration.ofSeconds(20));
            pause(vertx, 300);
            assertThat(drained.isComplete()).as("the conversation is still on").isFalse();

            h.ami.hangupFromNetwork(call[0], 16);
            assertThat(drained.await()).as("idle once the call ended").isTrue();
            rt.disposition("ana", new Disposition("completed", Map.of("csat", "5"), true, false))
                    .await();
            rt.close().await();
            Contact contact = h.contacts().stream()
                    .filter(c -> c.phone().equals("+34612345678"))
                    .findFirst()
                    .orElseThrow();
            assertThat(h.campaigns.attempts(contact.id()).await().get(0).outcome())
                    .isEqualTo(Outcome.COMPLETED);
            assertThat(h.ami.receivedActions("Originate"))
                    .as("nothing placed after stop")
                    .hasSize(1);
            assertThat(rt.drain(Duration.ZERO).await()).isTrue();
        }
    }

    /** A scheduler whose time moves only when the test says so. */
    private static final class ManualClock implements org.centralita.gateway.call.Scheduler {
        private record Task(long due, long seq, Runnable task) {}

        private final java.util.PriorityQueue<Task> queue = new java.util.PriorityQueue<>(
                (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
        private long now = 1_000_000;
        private long seq;

        @Override
        public synchronized long nowMillis() {
            return now;
        }

        @Override
        public synchronized Cancellable schedule(long delayMillis, Runnable task) {
            Task t = new Task(now + delayMillis, seq++, task);
            queue.add(t);
            return () -> {
                synchronized (this) {
                    return queue.remove(t);
                }
            };
        }

        /** Moves time on by {@code millis} on {@code context}, running what falls due there. */
        void advance(io.vertx.core.Context context, long millis) {
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> {
                long target = now + millis;
                while (true) {
                    Task next;
                    synchronized (this) {
                        next = queue.peek();
                        if (next == null || next.due > target) {
                            now = target;
                            break;
                        }
                        queue.poll();
                        now = next.due;
                    }
                    next.task.run();
                }
                done.complete();
            });
            done.future().await();
        }
    }

    @Test
    void originateWhoseResponseTimedOutIsLookedUpAtOnceNotOnlyAfterAReconnect(Vertx vertx) {
        try (RuntimeHarness h = new RuntimeHarness(vertx, dir, "+34612345678;Ana López;router")) {
            h.ami.defaultOutcome(FakeAsteriskAmi.Outcome.RING_FOREVER); // no OriginateResponse ever
            ManualClock clock = new ManualClock();
            AmiClient client = AmiClient.builder(vertx)
                    .port(h.ami.port())
                    .username("dialer")
                    .secret("dialer-secret")
                    .pingInterval(Duration.ofHours(1))
                    .scheduler(clock)
                    .build();
            try {
                client.connect().await();
                DialerRuntime rt = h.runtime(
                        Duration.ofSeconds(2),
                        1,
                        CallPathSettings.defaults("+34910000000").withClaiming(5, Duration.ofMillis(200)),
                        new org.centralita.dialer.DialMode.Progressive(),
                        null,
                        AmiCallControl.create(client),
                        clock);
                rt.start().await();
                rt.login("ana", h.ami.addCall("Local/ana@agents", "Up")).await();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    clock.advance(client.context(), 100);
                    return !h.ami.receivedActions("Originate").isEmpty();
                });
                Contact contact = h.contacts().get(0);
                await().atMost(Duration.ofSeconds(5)).until(() -> h.ami.channels().keySet().stream()
                        .anyMatch(k -> k.startsWith("Local/+34612345678@customer-sim")));
                pause(vertx, 300); // the queued response is in

                clock.advance(client.context(), 40_000); // ring timeout 25 s + the gateway's 15 s grace
                assertThat(h.campaigns.attempts(contact.id()).await().get(0).open())
                        .as("outcome unknown: not settled blind")
                        .isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    clock.advance(client.context(), 1_000);
                    return !h.campaigns.attempts(contact.id()).await().get(0).open();
                });
                assertThat(client.isConnected()).as("no reconnect was needed").isTrue();
                Attempt settled = h.campaigns.attempts(contact.id()).await().get(0);
                assertThat(settled.outcome()).as("found still ringing: hung up").isEqualTo(Outcome.NO_ANSWER);
                assertThat(h.ami.channels().keySet()).noneMatch(k -> k.startsWith("Local/+34612345678@customer-sim"));
            } finally {
                client.close().await();
            }
        }
    }
}
