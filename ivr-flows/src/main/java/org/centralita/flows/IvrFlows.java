package org.centralita.flows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.centralita.flows.selfservice.Accounts;
import org.centralita.flows.selfservice.CallContextStore;
import org.centralita.flows.selfservice.CallbackRequests;
import org.centralita.flows.selfservice.CallbackTicket;
import org.centralita.flows.selfservice.JdbcAccounts;
import org.centralita.flows.selfservice.JdbcCallContextStore;
import org.centralita.flows.selfservice.JdbcCallbackRequests;
import org.centralita.flows.selfservice.JdbcPayments;
import org.centralita.flows.selfservice.PaymentGateway;
import org.centralita.flows.selfservice.Payments;
import org.centralita.flows.selfservice.SandboxPaymentGateway;
import org.centralita.flows.selfservice.SelfServiceActions;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiSession;

/**
 * The ivr-flows module's entry point: loads the flows folder, keeps it hot-reloaded, and gives the server one
 * {@link AgiHandler} per flow (or a {@link #router()} that picks the flow by AGI script name).
 *
 * <pre>{@code
 * IvrFlows flows = IvrFlows.builder(vertx, Path.of("flows"))
 *         .prompts(Path.of("prompts"))
 *         .dataSource(dataSource)
 *         .build();
 * flows.start().onSuccess(report -> agiServer.register("main", flows.handler("main")));
 * }</pre>
 */
public final class IvrFlows {

    /** The action names built in (self-service), always registered. */
    public static final Set<String> BUILT_IN_ACTIONS = Set.of(
            "identify.caller-id",
            "identify.pin",
            "balance",
            "payment.prepare",
            "payment.card-summary",
            "payment.charge",
            "payment.cancel",
            "recording.pause",
            "recording.resume",
            "callback.request");

    private final Vertx vertx;
    private final FlowRegistry registry;
    private final FlowStepper stepper;
    private final Map<String, FlowAction> actions;
    private final CallContextStore contexts;
    private final CallbackRequests callbacks;
    private final Payments payments;
    private final WebClient web;
    private final Clock clock;
    private final FlowListener listener;
    private final Duration watchPeriod;
    private final Duration reconcilePeriod;
    private final SelfServiceActions selfService;
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final List<CallObserver> observers = new CopyOnWriteArrayList<>();
    private long timer = -1;
    private long reconcileTimer = -1;

    /** How old a pending payment the gateway does not know must be before it is marked not charged. */
    static final Duration PAYMENT_GRACE = Duration.ofMinutes(2);

    /**
     * Observes callers entering and leaving the IVR (the calls of {@link #handler(String)}), e.g. for a wallboard.
     * Each call is reported started once and finished once, whatever way it ends (end, hang-up, transfer, error).
     * Called on the call's thread: implementations must be fast, thread-safe and must not block.
     */
    public interface CallObserver {
        /** A caller entered flow {@code flow}; {@code callId} is the AGI session id. */
        void started(String callId, String flow);

        /** The caller left the IVR: the flow ended, they hung up, or they were transferred. */
        void finished(String callId, String flow);
    }

    private IvrFlows(Builder b) {
        this.vertx = b.vertx;
        this.clock = b.clock;
        this.listener = b.listener;
        this.watchPeriod = b.watchPeriod;
        this.reconcilePeriod = b.reconcilePeriod;
        DataSource ds = b.dataSource;
        Accounts accounts = b.accounts != null ? b.accounts : new JdbcAccounts(vertx, require(ds));
        this.payments = b.payments != null ? b.payments : new JdbcPayments(vertx, require(ds), clock);
        this.callbacks = b.callbacks != null ? b.callbacks : new JdbcCallbackRequests(vertx, require(ds));
        this.contexts = b.contexts != null ? b.contexts : new JdbcCallContextStore(vertx, require(ds));
        PaymentGateway gateway = b.gateway != null
                ? b.gateway
                : ds != null ? new SandboxPaymentGateway(vertx, ds, clock) : new SandboxPaymentGateway();
        this.selfService = new SelfServiceActions(accounts, payments, gateway, callbacks, clock);
        Map<String, FlowAction> all = new LinkedHashMap<>(selfService.all());
        all.putAll(b.actions);
        this.actions = Map.copyOf(all);
        PromptCatalog catalog = b.promptsDir == null ? PromptCatalog.any() : PromptCatalog.directory(b.promptsDir);
        this.registry = new FlowRegistry(b.flowsDir, catalog, actions::containsKey);
        this.stepper = new FlowStepper(b.promptBase, b.zone, registry::get);
        this.web = WebClient.create(vertx);
    }

    private static DataSource require(DataSource ds) {
        if (ds == null) {
            throw new IllegalStateException("a DataSource is needed (or give every store explicitly)");
        }
        return ds;
    }

    /** Returns a builder over {@code flowsDir}, the folder of {@code <name>.yaml} files. */
    public static Builder builder(Vertx vertx, Path flowsDir) {
        return new Builder(vertx, flowsDir);
    }

    /**
     * Loads every flow (on a worker), starts watching the folder and settles payments a previous run left pending
     * ({@link #reconcilePayments()}, then every {@code reconcilePeriod}); the report names rejected files.
     */
    public Future<ReloadReport> start() {
        return registry.reload(vertx)
                .onSuccess(r -> {
                    if (!watchPeriod.isZero() && timer < 0) {
                        timer = registry.watch(vertx, watchPeriod.toMillis());
                    }
                    if (!reconcilePeriod.isZero() && reconcileTimer < 0) {
                        reconcileTimer = vertx.setPeriodic(reconcilePeriod.toMillis(), t -> reconcilePayments());
                    }
                })
                .compose(r -> reconcilePayments().map(x -> r), e -> Future.failedFuture(e));
    }

    /**
     * Settles card payments left {@code PENDING} (a crash, a database failure or a lost gateway answer between the
     * row and the charge): asks the gateway by idempotency key and records its answer, or marks {@code NOT_CHARGED}
     * those it never charged (older than two minutes). Never fails: what cannot be settled now stays pending.
     */
    public Future<SelfServiceActions.Reconciliation> reconcilePayments() {
        return selfService.reconcilePayments(PAYMENT_GRACE).recover(e -> {
            org.slf4j.LoggerFactory.getLogger(IvrFlows.class)
                    .error("payment reconciliation failed, will retry: {}", e.toString());
            return Future.succeededFuture(new SelfServiceActions.Reconciliation(0, 0, -1));
        });
    }

    /** Stops watching the folder. Calls in progress are not affected. */
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (reconcileTimer >= 0) {
            vertx.cancelTimer(reconcileTimer);
            reconcileTimer = -1;
        }
        web.close();
    }

    /** Reloads the folder now (the HTTP API's reload). */
    public Future<ReloadReport> reload() {
        return registry.reload(vertx);
    }

    /** Returns the report of the last load. */
    public ReloadReport lastReport() {
        return registry.lastReport();
    }

    /** Returns the flows in service. */
    public List<FlowInfo> list() {
        List<FlowInfo> out = new ArrayList<>();
        registry.all().values().forEach(f -> out.add(FlowInfo.of(f)));
        return out;
    }

    /**
     * Returns the names of the flow files in {@code flowsDir} ({@code main.yaml} -> {@code main}), to register
     * with an AGI server built before {@link #start()}. Reads the folder: call it at startup, not on an event loop.
     */
    public static Set<String> flowNames(Path flowsDir) {
        return new java.util.TreeSet<>(
                FlowRegistry.listFiles(flowsDir, new ArrayList<>()).keySet());
    }

    /**
     * Returns the handler that runs flow {@code name}: the version in service when each call starts, so it may be
     * taken before {@link #start()} and keeps following reloads. A call to a flow not (or no longer) loaded fails
     * without sending a command.
     */
    public AgiHandler handler(String name) {
        FlowRunner runner = new FlowRunner(name, registry::get, stepper, actions, contexts, web, clock, listener);
        return session -> {
            String id = session.id();
            activeCalls.incrementAndGet();
            observers.forEach(o -> o.started(id, name));
            Future<Void> call;
            try {
                call = runner.handle(session);
            } catch (RuntimeException e) {
                call = Future.failedFuture(e);
            }
            return call.andThen(ar -> {
                activeCalls.decrementAndGet();
                observers.forEach(o -> o.finished(id, name));
            });
        };
    }

    /** Returns how many callers are in the IVR's flows now (calls of {@link #handler(String)} not yet finished). */
    public int activeCalls() {
        return activeCalls.get();
    }

    /** Adds an observer of callers entering and leaving the IVR; it sees calls that start from now on. */
    public void observe(CallObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Returns a handler per flow in service, by name, to register by AGI script name. */
    public Map<String, AgiHandler> handlers() {
        Map<String, AgiHandler> out = new LinkedHashMap<>();
        registry.all().keySet().forEach(n -> out.put(n, handler(n)));
        return out;
    }

    /** Returns one handler that runs the flow named by the AGI script ({@code agi://host/main} runs main). */
    public AgiHandler router() {
        return session -> handler(session.request().script()).handle(session);
    }

    /** Returns whether a flow named {@code name} is in service. */
    public boolean has(String name) {
        return registry.get(name).isPresent();
    }

    /** Returns the call-context store agents read from. */
    public CallContextStore contexts() {
        return contexts;
    }

    /** Returns the callback requests store. */
    public CallbackRequests callbacks() {
        return callbacks;
    }

    /** How long a claimed callback stays with its claimant before someone else may take it over. */
    public static final Duration CALLBACK_CLAIM_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Returns the callback requests people still have to act on (PENDING, and CLAIMED with who holds them), oldest
     * first: the server's list for agents and supervisors.
     */
    public Future<List<CallbackTicket>> openCallbacks() {
        return callbacks.open();
    }

    /**
     * Takes callback request {@code id} for {@code by} (an agent or user id) before calling the customer. Fails with
     * {@link FlowsException} if someone else holds it (claims expire after {@link #CALLBACK_CLAIM_TIMEOUT}), it is
     * closed or it does not exist.
     */
    public Future<CallbackTicket> claimCallback(long id, String by) {
        return callbacks.claim(id, by, clock.instant(), CALLBACK_CLAIM_TIMEOUT);
    }

    /** Gives a claimed callback request back (e.g. nobody answered): PENDING again, one attempt more, with a note. */
    public Future<CallbackTicket> releaseCallback(long id, String by, String note) {
        return callbacks.release(id, by, note, clock.instant());
    }

    /**
     * Closes callback request {@code id} with {@code outcome} (1 to 32 characters, e.g. {@code called-back},
     * {@code not-needed}, {@code wrong-number}) and a note. Fails if it is closed already or does not exist.
     */
    public Future<CallbackTicket> closeCallback(long id, String by, String outcome, String note) {
        return callbacks.close(id, by, outcome, note, clock.instant());
    }

    /** Returns the payments record. */
    public Payments payments() {
        return payments;
    }

    /**
     * Validates a flows folder without loading it into service (the CLI's {@code flows validate}).
     *
     * @param flowsDir the folder of flow files
     * @param promptsDir the prompt catalog folder, or null to skip the prompt check
     * @param extraActions action names the server registers besides the built-in ones
     * @return every problem, as {@code file:line:column: message}; empty if all is valid
     */
    public static List<Problem> validate(Path flowsDir, Path promptsDir, Set<String> extraActions) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> files = FlowRegistry.listFiles(flowsDir, problems);
        if (files.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(flowsDir.toString(), 0, 0, "no flow files (*.yaml) in the folder"));
        }
        PromptCatalog catalog = promptsDir == null ? PromptCatalog.any() : PromptCatalog.directory(promptsDir);
        Set<String> actions = new HashSet<>(BUILT_IN_ACTIONS);
        actions.addAll(extraActions);
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String file = e.getValue().toString();
            try {
                String text = Files.readString(e.getValue(), StandardCharsets.UTF_8);
                FlowRegistry.parseAndCheck(
                        file, e.getKey(), text, catalog, actions::contains, files::containsKey, problems);
            } catch (java.io.IOException ex) {
                problems.add(new Problem(file, 0, 0, "cannot read: " + ex.getMessage()));
            }
        }
        return problems;
    }

    /**
     * Parses and validates a flow given as YAML text instead of a file (a flow generated by another module, such as
     * the dialer's agentless survey), with exactly the checks a file of the flows folder gets. Subflows are refused
     * (a generated flow must stand alone).
     *
     * @param name the flow name; problems are reported against {@code <name>.yaml}, with line and column in
     *     {@code yaml}
     * @param yaml the flow definition, in the file format
     * @param prompts the prompt catalog to check every prompt against ({@link PromptCatalog#any()} to skip)
     * @param extraActions action names the caller will provide besides the built-in ones
     * @return the validated flow value
     * @throws FlowValidationException listing every problem
     */
    public static Flow define(String name, String yaml, PromptCatalog prompts, Set<String> extraActions) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(prompts, "prompts");
        Set<String> actions = new HashSet<>(BUILT_IN_ACTIONS);
        actions.addAll(extraActions);
        List<Problem> problems = new ArrayList<>();
        Optional<Flow> flow = FlowRegistry.parseAndCheck(
                name + ".yaml", name, yaml, prompts, actions::contains, n -> false, problems);
        if (flow.isEmpty()) {
            throw new FlowValidationException(problems);
        }
        return flow.get();
    }

    /**
     * Runs a flow value (from {@link #define}) on a call, as {@link #handler(String)} runs a flow of the folder.
     *
     * @param flow the flow to run; it need not be in the folder
     * @param session the call
     * @param variables variables added to the AGI ones ({@code caller_id}...); {@code language} picks the prompt
     *     language if the flow declares it
     * @param callActions actions for this call only (e.g. bound to one contact), besides the registered ones;
     *     they win over a registered action of the same name
     * @return completes when the flow ends; fails with {@code AgiHangupException} if the caller hangs up
     */
    public Future<Void> run(
            Flow flow, AgiSession session, Map<String, String> variables, Map<String, FlowAction> callActions) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(session, "session");
        Map<String, FlowAction> all = new LinkedHashMap<>(actions);
        all.putAll(callActions);
        Function<String, Optional<Flow>> lookup = n -> n.equals(flow.name()) ? Optional.of(flow) : registry.get(n);
        return new FlowRunner(flow.name(), lookup, stepper, all, contexts, web, clock, listener, Vars.of(variables))
                .handle(session);
    }

    /** Builds {@link IvrFlows}. */
    public static final class Builder {
        private final Vertx vertx;
        private final Path flowsDir;
        private Path promptsDir;
        private String promptBase = "centralita";
        private DataSource dataSource;
        private PaymentGateway gateway;
        private final Map<String, FlowAction> actions = new LinkedHashMap<>();
        private Accounts accounts;
        private Payments payments;
        private CallbackRequests callbacks;
        private CallContextStore contexts;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.of("Europe/Madrid");
        private FlowListener listener = FlowListener.NONE;
        private Duration watchPeriod = Duration.ofSeconds(2);
        private Duration reconcilePeriod = Duration.ofMinutes(5);

        private Builder(Vertx vertx, Path flowsDir) {
            this.vertx = Objects.requireNonNull(vertx, "vertx");
            this.flowsDir = Objects.requireNonNull(flowsDir, "flowsDir");
        }

        /** Sets the prompt catalog folder ({@code prompts/<lang>/<name>.wav}), checked on load. */
        public Builder prompts(Path dir) {
            this.promptsDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Sets where Asterisk finds the catalog, relative to its sounds folder (default {@code centralita}). */
        public Builder promptBase(String base) {
            this.promptBase = Objects.requireNonNull(base, "base");
            return this;
        }

        /** Sets the shared DataSource (accounts, payments, contexts, callbacks). */
        public Builder dataSource(DataSource ds) {
            this.dataSource = Objects.requireNonNull(ds, "ds");
            return this;
        }

        /**
         * Sets the payment gateway (default: the embedded sandbox, keeping its idempotency keys in the DataSource if
         * one is given).
         */
        public Builder paymentGateway(PaymentGateway gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /** Registers a named action for {@code action} nodes (overrides a built-in of the same name). */
        public Builder action(String name, FlowAction action) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("action name must not be blank");
            }
            actions.put(name, Objects.requireNonNull(action, "action"));
            return this;
        }

        /** Replaces the JDBC accounts store. */
        public Builder accounts(Accounts accounts) {
            this.accounts = Objects.requireNonNull(accounts, "accounts");
            return this;
        }

        /** Replaces the JDBC payments store. */
        public Builder payments(Payments payments) {
            this.payments = Objects.requireNonNull(payments, "payments");
            return this;
        }

        /** Replaces the JDBC callback store. */
        public Builder callbacks(CallbackRequests callbacks) {
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /** Replaces the JDBC call-context store. */
        public Builder contexts(CallContextStore contexts) {
            this.contexts = Objects.requireNonNull(contexts, "contexts");
            return this;
        }

        /** Sets the clock (business hours, card expiry, timestamps). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the zone of spoken dates and of "today" for expiry checks (default Europe/Madrid). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Sets a listener for traces and latency metrics. */
        public Builder listener(FlowListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Sets how often the folder is polled for changes ({@link Duration#ZERO}: never). */
        public Builder watchPeriod(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("period must not be negative");
            }
            this.watchPeriod = period;
            return this;
        }

        /** Sets how often pending payments are reconciled with the gateway ({@link Duration#ZERO}: only at start). */
        public Builder reconcilePeriod(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("period must not be negative");
            }
            this.reconcilePeriod = period;
            return this;
        }

        /** Returns the module, not started. */
        public IvrFlows build() {
            return new IvrFlows(this);
        }
    }

    Optional<Flow> flow(String name) {
        return registry.get(name);
    }
}
