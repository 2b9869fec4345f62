package org.centralita.dialer;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.centralita.gateway.call.CallControl;
import org.centralita.gateway.call.CallEvent;
import org.centralita.gateway.call.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell around a {@link CampaignDialer}: it feeds the dialer the {@link CallEvent}s of a
 * {@link CallControl}, carries out the dialer's actions on that control, and wakes the dialer on a
 * {@link Scheduler}. With a {@code SimulatedCallControl} and a {@code VirtualScheduler} it runs simulated days;
 * with the AMI control and a {@code VertxScheduler} on the dialer's Vert.x context it runs a live campaign.
 *
 * <p>Actions with no call-control effect (retries, attempt results, agent changes, screen pops) go to the
 * {@code listener}, which the runtime connects to the campaigns module and to the agents' browsers. Every
 * action is offered to the listener, before it is carried out. Not thread-safe: use it from one context.
 */
public final class DialerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DialerLoop.class);

    private final CampaignDialer dialer;
    private final CallControl control;
    private final Scheduler scheduler;
    private final Consumer<DialerAction> listener;
    private final String abandonContext;
    private AutoCloseable subscription;
    private Scheduler.Cancellable wakeup;
    private long wakeupAt = Long.MAX_VALUE;

    /**
     * Creates a loop.
     *
     * @param abandonContext dialplan context that plays the abandon message and offers the opt-out key
     */
    public DialerLoop(
            CampaignDialer dialer,
            CallControl control,
            Scheduler scheduler,
            Consumer<DialerAction> listener,
            String abandonContext) {
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.control = Objects.requireNonNull(control, "control");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.abandonContext = Objects.requireNonNull(abandonContext, "abandonContext");
    }

    /** Subscribes to call events and starts pacing. */
    public void start() {
        subscription = control.onEvent(this::onEvent);
        apply(dialer.start(now()));
    }

    /** Returns the dialer this loop drives. */
    public CampaignDialer dialer() {
        return dialer;
    }

    /** Stops placing new calls (calls in progress go on). */
    public void stopPacing() {
        dialer.stop();
    }

    /** Logs an agent in on its nailed-up channel. */
    public void agentLogin(String agentId, String channel) {
        apply(dialer.agentLogin(agentId, channel, now()));
    }

    /** Makes an agent ready. */
    public void agentReady(String agentId) {
        apply(dialer.agentReady(agentId, now()));
    }

    /** Pauses an agent. */
    public void agentPause(String agentId, String reason) {
        apply(dialer.agentPause(agentId, reason, now()));
    }

    /** Logs an agent out. */
    public void agentLogout(String agentId) {
        apply(dialer.agentLogout(agentId, now()));
    }

    /** An agent finished wrap-up. */
    public void agentWrapUpDone(String agentId) {
        apply(dialer.agentWrapUpDone(agentId, now()));
    }

    /** The agent on {@code callId} hears an answering machine and hangs it up (see the dialer's method). */
    public void agentHeardMachine(String callId) {
        apply(dialer.agentHeardMachine(callId, now()));
    }

    /** An agent clicked to dial in preview mode. */
    public void previewDial(String agentId) {
        apply(dialer.previewDial(agentId, now()));
    }

    /** An inbound call from the IVR waits for an agent. */
    public void inboundWaiting(String inboundId, String channel) {
        apply(dialer.inboundWaiting(inboundId, channel, now()));
    }

    /** Changes the dial mode live. */
    public void setMode(DialMode mode) {
        apply(dialer.setMode(mode, now()));
    }

    /** Changes the calling parameters live (see {@link CampaignDialer#retune(CampaignSettings, long)}). */
    public void retune(CampaignSettings next) {
        apply(dialer.retune(next, now()));
    }

    @Override
    public void close() throws Exception {
        dialer.stop();
        if (wakeup != null) {
            wakeup.cancel();
        }
        if (subscription != null) {
            subscription.close();
        }
    }

    private void onEvent(CallEvent event) {
        long now = now();
        if (event instanceof CallEvent.AmdDetected amd) {
            apply(dialer.amdDetected(amd.channel(), amd.human(), now));
        } else if (event instanceof CallEvent.ChannelHangup h) {
            apply(dialer.channelHungUp(h.channel(), h.cause(), now));
        } else if (event instanceof CallEvent.ConnectionChanged cc) {
            apply(dialer.connectionChanged(cc.connected(), now));
        }
        // ChannelState and Bridged carry nothing the dialer needs: it learns answers from the originate result.
    }

    private void apply(List<DialerAction> actions) {
        for (DialerAction a : actions) {
            listener.accept(a);
            carryOut(a);
        }
        rescheduleWakeup();
    }

    private void carryOut(DialerAction action) {
        if (action instanceof DialerAction.Originate o) {
            control.originate(o.request()).onComplete(ar -> {
                if (ar.succeeded()) {
                    apply(dialer.originated(o.callId(), ar.result(), now()));
                } else {
                    apply(dialer.originateFailed(
                            o.callId(), String.valueOf(ar.cause().getMessage()), now()));
                }
            });
        } else if (action instanceof DialerAction.Bridge b) {
            control.bridge(b.customerChannel(), b.agentChannel()).onFailure(e -> {
                LOG.warn("call {}: bridge to agent {} failed: {}", b.callId(), b.agentId(), e.getMessage());
                apply(dialer.bridgeFailed(b.callId(), now()));
            });
        } else if (action instanceof DialerAction.Abandon ab) {
            control.redirect(ab.channel(), abandonContext, "s", 1)
                    .onFailure(e -> LOG.warn("call {}: abandon redirect failed: {}", ab.callId(), e.getMessage()));
        } else if (action instanceof DialerAction.Hangup h) {
            control.hangup(h.channel(), 16)
                    .onFailure(e -> LOG.debug("call {}: hangup of {}: {}", h.callId(), h.channel(), e.getMessage()));
        }
    }

    private void rescheduleWakeup() {
        long next = dialer.nextWakeupMillis();
        if (next == Long.MAX_VALUE) {
            return;
        }
        if (wakeup != null && wakeupAt <= next && wakeupAt >= now()) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel();
        }
        wakeupAt = Math.max(next, now());
        wakeup = scheduler.schedule(wakeupAt - now(), () -> {
            wakeup = null;
            wakeupAt = Long.MAX_VALUE;
            apply(dialer.tick(now()));
        });
    }

    private long now() {
        return scheduler.nowMillis();
    }
}
