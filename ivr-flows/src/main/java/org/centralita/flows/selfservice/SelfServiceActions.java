package org.centralita.flows.selfservice;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.centralita.flows.ActionContext;
import org.centralita.flows.ActionResult;
import org.centralita.flows.FlowAction;
import org.centralita.flows.SensitiveValue;
import org.centralita.flows.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-service actions of the demo flow {@code main}: identification, balance, card payment, recording pause
 * and callback requests. {@link #all()} returns them by the names flows use in {@code action} nodes.
 */
public final class SelfServiceActions {

    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceActions.class);

    /** The call variables that hold card data; cleared once a charge is attempted. */
    public static final Set<String> CARD_VARIABLES = Set.of("card_number", "card_expiry", "card_cvv");

    private static final Set<String> AFTER_APPROVAL = Set.of("card_number", "card_expiry", "card_cvv", "failed_at");

    private final Accounts accounts;
    private final Payments payments;
    private final PaymentGateway gateway;
    private final CallbackRequests callbacks;
    private final Clock clock;

    /** Creates the actions over their stores and the payment gateway. */
    public SelfServiceActions(
            Accounts accounts, Payments payments, PaymentGateway gateway, CallbackRequests callbacks, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns every action by name. */
    public Map<String, FlowAction> all() {
        Map<String, FlowAction> m = new LinkedHashMap<>();
        m.put("identify.caller-id", this::identifyByCallerId);
        m.put("identify.pin", this::identifyByPin);
        m.put("balance", this::balance);
        m.put("payment.prepare", this::preparePayment);
        m.put("payment.card-summary", SelfServiceActions::cardSummary);
        m.put("payment.charge", this::charge);
        m.put("payment.cancel", ctx -> Future.succeededFuture(new ActionResult("ok", Vars.empty(), CARD_VARIABLES)));
        m.put("recording.pause", SelfServiceActions::pauseRecording);
        m.put("recording.resume", SelfServiceActions::resumeRecording);
        m.put("callback.request", this::requestCallback);
        return m;
    }

    private static Vars accountVars(Account a) {
        return Vars.empty()
                .with("account_id", a.id())
                .with("customer_name", a.name())
                .with("name_prompt", a.namePrompt())
                .with("account_language", a.language());
    }

    /** Outcomes {@code found} / {@code not-found}: the caller ID matches an account's phone. */
    Future<ActionResult> identifyByCallerId(ActionContext ctx) {
        return accounts.findByPhone(ctx.arg("caller-id", ctx.vars().text("caller_id")))
                .map(a ->
                        a.map(acc -> ActionResult.of("found", accountVars(acc))).orElse(ActionResult.of("not-found")));
    }

    /**
     * Outcomes {@code verified}, {@code invalid} (try again), {@code locked} (after {@code max-attempts} wrong PINs
     * in this call, 3 by default) or {@code account-locked} (the account is locked by wrong PINs across calls:
     * {@code lock-after} wrong PINs, 5 by default, within {@code lock-window}, 15m, lock it for {@code lock-for},
     * 30m; while locked even the right PIN is refused). The PIN variable is cleared whatever happens.
     */
    Future<ActionResult> identifyByPin(ActionContext ctx) {
        String account = ctx.arg("account", ctx.vars().text("account_entered"));
        String pinVar = ctx.arg("pin", "pin");
        int max = Integer.parseInt(ctx.arg("max-attempts", "3"));
        PinPolicy policy = new PinPolicy(
                Integer.parseInt(ctx.arg("lock-after", String.valueOf(PinPolicy.DEFAULT.maxFailures()))),
                PinPolicy.duration(ctx.arg("lock-window", "15m")),
                PinPolicy.duration(ctx.arg("lock-for", "30m")));
        String prev = ctx.vars().text("pin_attempts");
        int attempts = (prev.isEmpty() ? 0 : Integer.parseInt(prev)) + 1;
        Optional<SensitiveValue> pin = ctx.vars().secret(pinVar);
        Future<PinCheck> check = pin.isEmpty()
                ? Future.succeededFuture(PinCheck.INVALID)
                : accounts.verifyPin(account, pin.get(), policy, clock.instant());
        return check.compose(result -> {
            Vars counted = Vars.empty().with("pin_attempts", String.valueOf(attempts));
            if (result == PinCheck.VERIFIED) {
                return accounts.findById(account)
                        .map(a -> new ActionResult(
                                "verified",
                                counted.withAll(accountVars(a.orElseThrow()))
                                        .with("verified", "true")
                                        .with("verification", "pin"),
                                Set.of(pinVar, "failed_at")));
            }
            String failed = ctx.vars().text("failed_attempts");
            Vars v = counted.with(
                            "failed_attempts", String.valueOf((failed.isEmpty() ? 0 : Integer.parseInt(failed)) + 1))
                    .with("failed_at", "PIN");
            if (result == PinCheck.LOCKED) {
                LOG.warn(
                        "call {}: account {} is locked by wrong PINs; sending the caller to a person",
                        ctx.callId(),
                        account);
                return Future.succeededFuture(new ActionResult(
                        "account-locked",
                        v.with("account_id", account).with("transfer_reason", "account-locked"),
                        Set.of(pinVar)));
            }
            LOG.info("call {} failed PIN attempt {} of {} for account {}", ctx.callId(), attempts, max, account);
            return Future.succeededFuture(new ActionResult(attempts >= max ? "locked" : "invalid", v, Set.of(pinVar)));
        });
    }

    /** Outcomes {@code ok} / {@code not-found}: sets amount_due, currency, due_date, min_payment, max_payment. */
    Future<ActionResult> balance(ActionContext ctx) {
        return accounts.findById(ctx.arg("account", ctx.vars().text("account_id")))
                .map(a -> a.map(acc -> ActionResult.of(
                                "ok",
                                Vars.empty()
                                        .with(
                                                "amount_due",
                                                acc.amountDue()
                                                        .setScale(2, RoundingMode.HALF_UP)
                                                        .toPlainString())
                                        .with("currency", acc.currency())
                                        .with("due_date", acc.dueDate().toString())
                                        .with("min_payment", acc.minPayment().toPlainString())
                                        .with("max_payment", acc.amountDue().toPlainString())))
                        .orElse(ActionResult.of("not-found")));
    }

    /**
     * Outcomes {@code ok} / {@code out-of-range}: checks {@code amount} against the account's limits, sets
     * {@code pay_amount} and starts a new payment attempt ({@code payment_attempt}).
     */
    Future<ActionResult> preparePayment(ActionContext ctx) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(ctx.arg("amount", "")).setScale(2, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            return Future.succeededFuture(ActionResult.of("out-of-range"));
        }
        return accounts.findById(ctx.vars().text("account_id")).map(a -> {
            if (a.isEmpty()) {
                return ActionResult.of("out-of-range");
            }
            Account acc = a.get();
            BigDecimal min = acc.minPayment().min(acc.amountDue());
            if (amount.compareTo(min) < 0 || amount.compareTo(acc.amountDue()) > 0) {
                return ActionResult.of("out-of-range");
            }
            String prev = ctx.vars().text("payment_attempt");
            int attempt = (prev.isEmpty() ? 0 : Integer.parseInt(prev)) + 1;
            return ActionResult.of(
                    "ok",
                    Vars.empty()
                            .with("pay_amount", amount.toPlainString())
                            .with("currency", acc.currency())
                            .with("payment_attempt", String.valueOf(attempt)));
        });
    }

    /** Outcomes {@code ok} / {@code missing}: sets {@code card_last4} from the captured card number. */
    static Future<ActionResult> cardSummary(ActionContext ctx) {
        return Future.succeededFuture(ctx.vars()
                .secret("card_number")
                .map(c -> ActionResult.of("ok", Vars.empty().with("card_last4", c.last(4))))
                .orElse(ActionResult.of("missing")));
    }

    /**
     * Outcomes {@code approved}, {@code declined} or {@code error}. Idempotent per call and attempt: the key is
     * {@code <uniqueid>:<payment_attempt>}. The payment row is written {@code PENDING} before the gateway is asked and
     * settled after, so a crash or a database failure at any step leaves a row for every charge (settled later by
     * {@link #reconcilePayments}); a payment already settled under the key is returned without charging. Card
     * variables are cleared in every case; only the last four digits and the token are stored.
     */
    Future<ActionResult> charge(ActionContext ctx) {
        Vars vars = ctx.vars();
        Optional<SensitiveValue> card = vars.secret("card_number");
        Optional<SensitiveValue> expiry = vars.secret("card_expiry");
        Optional<SensitiveValue> cvv = vars.secret("card_cvv");
        String attempt = vars.text("payment_attempt");
        if (card.isEmpty() || expiry.isEmpty() || cvv.isEmpty() || attempt.isEmpty()) {
            return Future.succeededFuture(new ActionResult("error", Vars.empty(), CARD_VARIABLES));
        }
        String key = ctx.callId() + ":" + attempt;
        String account = vars.text("account_id");
        BigDecimal amount = new BigDecimal(ctx.arg("amount", vars.text("pay_amount")));
        String currency = ctx.arg("currency", vars.text("currency"));
        String last4 = card.get().last(4);
        return payments.find(key)
                .compose(existing -> {
                    if (existing.isPresent() && existing.get().status().settled()) {
                        LOG.info("call {} payment {} already settled; not charging again", ctx.callId(), key);
                        return Future.succeededFuture(existing.get().result());
                    }
                    Future<Boolean> row = existing.isPresent()
                            ? Future.succeededFuture(false)
                            : payments.begin(new PaymentRecord(
                                    key,
                                    ctx.callId(),
                                    account,
                                    amount,
                                    currency,
                                    last4,
                                    "",
                                    PaymentRecord.Status.PENDING,
                                    "",
                                    "",
                                    clock.instant()));
                    return row.compose(x -> gateway.charge(new ChargeRequest(
                                    key, account, amount, currency, card.get(), expiry.get(), cvv.get())))
                            .compose(r -> payments.settle(key, r).map(r).recover(e -> {
                                // The gateway answered: tell the caller the truth (a retry would charge
                                // again under a new attempt); the PENDING row is settled by reconciliation.
                                LOG.error(
                                        "call {} payment {} was {} but could not be recorded ({}); left "
                                                + "PENDING for reconciliation",
                                        ctx.callId(),
                                        key,
                                        r.approved() ? "approved" : "declined",
                                        e.toString());
                                return Future.succeededFuture(r);
                            }));
                })
                .map(r -> {
                    LOG.info(
                            "call {} payment {} of {} {} on card ending {}: {}",
                            ctx.callId(),
                            key,
                            amount,
                            currency,
                            last4,
                            r.approved() ? "approved" : "declined " + r.declineReason());
                    Vars out = r.approved()
                            ? Vars.empty()
                                    .with("confirmation_code", r.confirmationCode())
                                    .with("paid_amount", amount.toPlainString())
                            : Vars.empty()
                                    .with("decline_reason", r.declineReason())
                                    .with("failed_at", "card payment (" + r.declineReason() + ")");
                    return r.approved()
                            ? new ActionResult("approved", out, AFTER_APPROVAL)
                            : new ActionResult("declined", out, CARD_VARIABLES);
                })
                .recover(e -> {
                    LOG.error("call {} payment {} failed: {}", ctx.callId(), key, e.toString());
                    return Future.succeededFuture(
                            new ActionResult("error", Vars.empty().with("failed_at", "card payment"), CARD_VARIABLES));
                });
    }

    /**
     * Settles the payments left {@code PENDING} by a crash, a hang-up during the charge or a database failure: asks
     * the gateway by idempotency key, records its answer, and marks {@code NOT_CHARGED} the ones it never charged
     * that are older than {@code grace} (younger ones may still be in flight and wait for the next run).
     */
    public Future<Reconciliation> reconcilePayments(Duration grace) {
        return payments.pending().compose(rows -> {
            Future<Reconciliation> chain = Future.succeededFuture(new Reconciliation(0, 0, 0));
            Instant cutoff = clock.instant().minus(grace);
            for (PaymentRecord p : rows) {
                chain = chain.compose(sum -> gateway.lookup(p.idempotencyKey())
                        .compose(found -> {
                            if (found.isPresent()) {
                                LOG.warn(
                                        "payment {} of call {} was left pending; the gateway says {}: recorded",
                                        p.idempotencyKey(),
                                        p.callId(),
                                        found.get().approved() ? "approved" : "declined");
                                return payments.settle(p.idempotencyKey(), found.get())
                                        .map(x -> sum.plus(1, 0, 0));
                            }
                            if (p.createdAt().isBefore(cutoff)) {
                                LOG.warn(
                                        "payment {} of call {} was left pending and never charged: marked not charged",
                                        p.idempotencyKey(),
                                        p.callId());
                                return payments.notCharged(p.idempotencyKey()).map(x -> sum.plus(0, 1, 0));
                            }
                            return Future.succeededFuture(sum.plus(0, 0, 1));
                        })
                        .recover(e -> {
                            LOG.error("payment {} could not be reconciled now: {}", p.idempotencyKey(), e.toString());
                            return Future.succeededFuture(sum.plus(0, 0, 1));
                        }));
            }
            return chain;
        });
    }

    /**
     * What a reconciliation run did.
     *
     * @param settled pending payments the gateway had answered, now recorded
     * @param notCharged pending payments the gateway never charged, now marked so
     * @param stillPending payments left pending (too recent, or the gateway could not tell)
     */
    public record Reconciliation(int settled, int notCharged, int stillPending) {
        Reconciliation plus(int s, int n, int p) {
            return new Reconciliation(settled + s, notCharged + n, stillPending + p);
        }
    }

    /**
     * Outcome {@code ok}: stops MixMonitor if the channel is being recorded ({@code MIXMONITOR_FILENAME} set) and
     * remembers the file in {@code recording_paused}.
     */
    static Future<ActionResult> pauseRecording(ActionContext ctx) {
        return ctx.session().getVariable("MIXMONITOR_FILENAME").compose(file -> {
            if (file.isEmpty() || file.get().isEmpty()) {
                return Future.succeededFuture(ActionResult.of("ok"));
            }
            return ctx.session()
                    .exec("StopMixMonitor")
                    .map(r -> ActionResult.of("ok", Vars.empty().with("recording_paused", file.get())));
        });
    }

    /** Outcome {@code ok}: restarts MixMonitor appending to the paused file, if one was paused. */
    static Future<ActionResult> resumeRecording(ActionContext ctx) {
        String file = ctx.vars().text("recording_paused");
        if (file.isEmpty()) {
            return Future.succeededFuture(ActionResult.of("ok"));
        }
        return ctx.session()
                .exec("MixMonitor", file, "a")
                .map(r -> new ActionResult("ok", Vars.empty(), Set.of("recording_paused")));
    }

    /**
     * Outcomes {@code ok} / {@code no-number}: stores a callback request (PENDING) for people to work through
     * {@code IvrFlows.openCallbacks()}; an unidentified caller's account is looked up by the number to call back.
     */
    Future<ActionResult> requestCallback(ActionContext ctx) {
        String number = ctx.arg("number", ctx.vars().text("caller_id")).replaceAll("[^0-9+]", "");
        if (number.isEmpty()) {
            return Future.succeededFuture(ActionResult.of("no-number"));
        }
        String language = ctx.vars().text("language");
        String known = ctx.vars().text("account_id");
        Future<String> account = !known.isEmpty()
                ? Future.succeededFuture(known)
                : accounts.findByPhone(number).map(a -> a.map(Account::id).orElse(""));
        return account.compose(acc -> callbacks.create(new CallbackRequest(
                        ctx.callId(),
                        number,
                        acc,
                        language.isEmpty() ? "es" : language,
                        ctx.arg("reason", "after-hours"),
                        clock.instant())))
                .map(v -> ActionResult.of("ok"));
    }
}
