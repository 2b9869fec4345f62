package org.centralita.server.telephony;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.centralita.dialer.CampaignStatistics;
import org.centralita.dialer.sim.AlgorithmSummary;
import org.centralita.dialer.sim.Scenario;
import org.centralita.dialer.sim.Simulator;
import org.centralita.server.ServerException;
import org.centralita.server.http.ApiException;

/**
 * The what-if panel's engine: runs the dialer's simulator (the real pacers in virtual time) for candidate
 * pacing settings on one worker thread, one request at a time, within a wall-clock budget.
 *
 * <p>The simulated campaign is built from the campaign's learned statistics when it has run ({@link
 * #scenarioFrom}), else from the shipped {@code standard} scenario. Every candidate runs on the same seeds
 * (common random numbers), so differences come from the settings, not from luck.
 */
public final class WhatIf {
    /** Most candidates per request. */
    public static final int MAX_CANDIDATES = 6;
    /** Most simulated hours per run. */
    public static final double MAX_HOURS = 4;
    /** Most seeds per candidate. */
    public static final int MAX_SEEDS = 3;
    /** Most agents simulated. */
    public static final int MAX_AGENTS = 200;

    private final WorkerExecutor worker;
    private final Duration budget;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Scenario defaults;
    private final Timer timer;

    /**
     * Creates the engine with its own single worker thread.
     *
     * @param budget wall-clock time after which no further simulation run starts (the answer says so)
     */
    public WhatIf(Vertx vertx, MeterRegistry meters, Duration budget) {
        this.worker = vertx.createSharedWorkerExecutor("centralita-what-if", 1, 5, TimeUnit.MINUTES);
        this.budget = Objects.requireNonNull(budget, "budget");
        this.defaults = loadStandardScenario();
        this.timer = Timer.builder("centralita.pacing.whatif.duration")
                .description("Wall time of what-if simulations")
                .register(meters);
    }

    /** A request: candidates for one campaign, with the simulated team and length. */
    public record Request(String campaignId, List<PacingSettings> candidates, int agents, double hours, int seeds) {
        /** Validates the bounds. */
        public Request {
            Objects.requireNonNull(campaignId, "campaignId");
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty() || candidates.size() > MAX_CANDIDATES) {
                throw ApiException.invalid("candidates: give 1-" + MAX_CANDIDATES + " candidate settings");
            }
            if (agents < 1 || agents > MAX_AGENTS) {
                throw ApiException.invalid("agents: must be within 1-" + MAX_AGENTS + ", got " + agents);
            }
            if (!(hours >= 0.25 && hours <= MAX_HOURS)) {
                throw ApiException.invalid("hours: must be within 0.25-" + (int) MAX_HOURS + ", got " + hours);
            }
            if (seeds < 1 || seeds > MAX_SEEDS) {
                throw ApiException.invalid("seeds: must be within 1-" + MAX_SEEDS + ", got " + seeds);
            }
        }
    }

    /**
     * Runs the candidates on the worker; fails with 429 {@code what_if_busy} while another run is going on.
     *
     * @param learned what the campaign's running dialer has learned, if it runs; with no calls yet it is only priors,
     *     and the standard scenario is simulated instead
     */
    public Future<JsonObject> run(Request request, java.util.Optional<LearnedStatistics> learned) {
        if (!busy.compareAndSet(false, true)) {
            return Future.failedFuture(new ApiException(
                    429, "what_if_busy", "another what-if simulation is running; try again in a few seconds"));
        }
        java.util.Optional<LearnedStatistics> used = learned.filter(LearnedStatistics::hasCalls);
        Scenario basis = used.map(s -> scenarioFrom(s, defaults, request.agents(), request.hours()))
                .orElseGet(() -> resize(defaults, "standard", request.agents(), request.hours()));
        JsonObject source = new JsonObject()
                .put("kind", used.isPresent() ? "learned" : "defaults")
                .put("running", learned.isPresent());
        used.ifPresent(s -> source.put("answeredCalls", s.answeredCalls())
                .put("dialsToday", s.dialsToday())
                .put("priorWeight", s.priorWeight()));
        return worker.<JsonObject>executeBlocking(() -> simulate(request, basis, source), false)
                .onComplete(ar -> busy.set(false));
    }

    /** Releases the worker thread. */
    public Future<Void> close() {
        return worker.close();
    }

    private JsonObject simulate(Request request, Scenario basis, JsonObject source) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        JsonArray results = new JsonArray();
        boolean truncated = false;
        for (int i = 0; i < request.candidates().size(); i++) {
            PacingSettings c = request.candidates().get(i);
            JsonObject row = new JsonObject().put("index", i).put("settings", c.toJson());
            String algorithm = algorithm(c);
            if (algorithm == null) {
                results.add(row.put("simulated", false)
                        .put(
                                "reason",
                                c.mode().equals("preview")
                                        ? "preview dials only when an agent clicks: nothing to pace or simulate"
                                        : "agentless runs the survey as an IVR flow, paced by its channel limit: no"
                                                + " agents to occupy"));
                continue;
            }
            if (System.nanoTime() > deadline) {
                truncated = true;
                results.add(row.put("simulated", false)
                        .put("reason", "not run: the what-if time budget of " + budget.toSeconds() + " s was spent"));
                continue;
            }
            Scenario s = forCandidate(basis, c);
            AlgorithmSummary r =
                    Simulator.run(s, List.of(algorithm), request.seeds()).get(0);
            results.add(row.put("simulated", true)
                    .put("simulatedAs", simulatedAs(c))
                    .put("occupancy", r.occupancy())
                    .put("occupancyStdDev", r.occupancyStdDev())
                    .put("utilization", r.utilization())
                    .put("abandonRate", r.abandonRate())
                    .put("abandonRateStdDev", r.abandonRateStdDev())
                    .put("rawAbandonRate", r.rawAbandonRate())
                    .put("maxAbandonRate24h", r.maxAbandonRate24h())
                    .put("talkMinutesPerAgentHour", r.talkMinutesPerAgentHour())
                    .put("callsPlaced", r.callsPlaced())
                    .put("humanConnects", r.humanConnects())
                    .put("p95ConnectDelayMs", r.p95ConnectDelayMs())
                    .put("withinCap", r.abandonRate() <= PacingSettings.LEGAL_ABANDON_CAP));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        timer.record(Duration.ofMillis(millis));
        return new JsonObject()
                .put("campaignId", request.campaignId())
                .put("basis", source.getString("kind"))
                .put("learnedFrom", source)
                .put("scenario", scenarioJson(basis))
                .put("agents", request.agents())
                .put("hours", request.hours())
                .put("seeds", request.seeds())
                .put("legalAbandonCap", PacingSettings.LEGAL_ABANDON_CAP)
                .put("truncated", truncated)
                .put("wallMillis", millis)
                .put("results", results);
    }

    /** Returns the simulator's algorithm for a candidate, or null when the mode has no agents to pace. */
    static String algorithm(PacingSettings c) {
        return switch (c.mode()) {
            case "progressive", "adaptive", "predictive" -> c.mode();
            case "ratio" -> String.format(Locale.ROOT, "ratio:%s", c.ratio());
            default -> null;
        };
    }

    private static String simulatedAs(PacingSettings c) {
        return switch (c.mode()) {
            case "adaptive" -> "adaptive with VICIdial's defaults (ADAPT_TAPERED, max level 3.0)";
            case "predictive" -> "predictive with the default 20% safety margin";
            case "ratio" -> "ratio " + c.ratio() + " lines per agent";
            default -> c.mode();
        };
    }

    /** Returns {@code basis} with the candidate's ring timeout, connect deadline, target and AMD switch. */
    static Scenario forCandidate(Scenario b, PacingSettings c) {
        boolean amd = c.amd() != PacingSettings.AmdTreatment.OFF;
        return new Scenario(
                b.name(),
                b.agents(),
                b.hours(),
                b.humanAnswerRate(),
                b.machineRate(),
                b.busyRate(),
                b.failedRate(),
                b.ringSeconds(),
                c.ringTimeoutSeconds(),
                b.talkSeconds(),
                b.wrapUpSeconds(),
                new Scenario.Amd(
                        amd,
                        b.amd().detectSeconds(),
                        b.amd().falseMachineRate(),
                        b.amd().falseHumanRate()),
                c.connectDeadlineSeconds(),
                c.abandonTarget(),
                b.answerRateDrift());
    }

    /**
     * Returns a scenario that behaves like what the campaign has learned: outcome mix (answered × human
     * share, quick failures as busy), ring, talk, wrap-up and AMD times; AMD error rates from {@code
     * defaults}.
     */
    public static Scenario scenarioFrom(CampaignStatistics s, Scenario defaults, int agents, double hours) {
        return scenarioFrom(LearnedStatistics.of(s, 0), defaults, agents, hours);
    }

    /** Returns a scenario from a copy of learned statistics, as {@link #scenarioFrom(CampaignStatistics, Scenario, int, double)}. */
    public static Scenario scenarioFrom(LearnedStatistics s, Scenario defaults, int agents, double hours) {
        double answered = s.answeredRate();
        double human = answered * s.needAgentShare();
        double machine = Math.max(0, answered - human);
        double quick = Math.min(s.quickFailRate(), Math.max(0, 1 - human - machine));
        return new Scenario(
                "learned",
                agents,
                hours,
                human,
                machine,
                quick,
                0,
                s.ring(),
                defaults.noAnswerTimeoutSeconds(),
                s.talk(),
                s.wrap(),
                new Scenario.Amd(
                        defaults.amd().enabled(),
                        s.amdSeconds(),
                        defaults.amd().falseMachineRate(),
                        defaults.amd().falseHumanRate()),
                defaults.connectDeadlineSeconds(),
                defaults.abandonTarget(),
                List.of());
    }

    private static Scenario resize(Scenario b, String name, int agents, double hours) {
        return new Scenario(
                name,
                agents,
                hours,
                b.humanAnswerRate(),
                b.machineRate(),
                b.busyRate(),
                b.failedRate(),
                b.ringSeconds(),
                b.noAnswerTimeoutSeconds(),
                b.talkSeconds(),
                b.wrapUpSeconds(),
                b.amd(),
                b.connectDeadlineSeconds(),
                b.abandonTarget(),
                b.answerRateDrift());
    }

    static JsonObject scenarioJson(Scenario s) {
        return new JsonObject()
                .put("name", s.name())
                .put("humanAnswerRate", s.humanAnswerRate())
                .put("machineRate", s.machineRate())
                .put("busyRate", s.busyRate())
                .put("failedRate", s.failedRate())
                .put("ringSeconds", s.ringSeconds().mean())
                .put("talkSeconds", s.talkSeconds().mean())
                .put("wrapUpSeconds", s.wrapUpSeconds().mean())
                .put("amdFalseMachineRate", s.amd().falseMachineRate());
    }

    private static Scenario loadStandardScenario() {
        try (InputStream in = WhatIf.class.getClassLoader().getResourceAsStream("scenarios/standard.yaml")) {
            if (in == null) {
                throw new ServerException("scenarios/standard.yaml is missing from the dialer jar");
            }
            return Scenario.parse("standard", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServerException("cannot read scenarios/standard.yaml: " + e.getMessage(), e);
        }
    }

    /** Returns the candidates that the panel proposes when the admin has not chosen any. */
    public static List<PacingSettings> suggestions(PacingSettings current) {
        List<PacingSettings> out = new ArrayList<>();
        out.add(current);
        for (String m : List.of("progressive", "predictive", "adaptive")) {
            if (!m.equals(current.mode())) {
                out.add(withMode(current, m));
            }
        }
        return out;
    }

    static PacingSettings withMode(PacingSettings c, String mode) {
        return new PacingSettings(
                c.campaignId(),
                mode,
                c.abandonTarget(),
                c.connectDeadlineSeconds(),
                c.ringTimeoutSeconds(),
                c.ratio(),
                c.maxLinesPerAgent(),
                c.safetyMargin(),
                c.channelLimit(),
                c.amd(),
                null,
                null);
    }
}
