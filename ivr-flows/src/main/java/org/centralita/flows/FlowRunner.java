package org.centralita.flows;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.centralita.flows.FlowStepper.CallState;
import org.centralita.flows.FlowStepper.Effect;
import org.centralita.flows.FlowStepper.Input;
import org.centralita.flows.selfservice.CallContext;
import org.centralita.flows.selfservice.CallContextStore;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiRequest;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell of the engine: runs one flow over an {@link AgiSession}, performing the effects the
 * {@link FlowStepper} decides and feeding their results back. Never blocks; everything is a composed Future.
 */
final class FlowRunner implements AgiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    private final String flowName;
    private final Function<String, Optional<Flow>> flows;
    private final FlowStepper stepper;
    private final Map<String, FlowAction> actions;
    private final CallContextStore contexts;
    private final WebClient web;
    private final Clock clock;
    private final FlowListener listener;
    private final Vars extraVars;

    FlowRunner(
            String flowName,
            Function<String, Optional<Flow>> flows,
            FlowStepper stepper,
            Map<String, FlowAction> actions,
            CallContextStore contexts,
            WebClient web,
            Clock clock,
            FlowListener listener) {
        this(flowName, flows, stepper, actions, contexts, web, clock, listener, Vars.empty());
    }

    /** A runner whose calls start with {@code extraVars} added to the AGI variables (a flow run on purpose). */
    FlowRunner(
            String flowName,
            Function<String, Optional<Flow>> flows,
            FlowStepper stepper,
            Map<String, FlowAction> actions,
            CallContextStore contexts,
            WebClient web,
            Clock clock,
            FlowListener listener,
            Vars extraVars) {
        this.flowName = Objects.requireNonNull(flowName, "flowName");
        this.flows = flows;
        this.stepper = stepper;
        this.actions = Map.copyOf(actions);
        this.contexts = contexts;
        this.web = web;
        this.clock = clock;
        this.listener = listener;
        this.extraVars = Objects.requireNonNull(extraVars, "extraVars");
    }

    /** Thrown inside the runner when Asterisk reports the caller gone ({@code result=-1}). */
    private static AgiHangupException hungUp(String what) {
        return new AgiHangupException("caller hung up during " + what);
    }

    @Override
    public Future<Void> handle(AgiSession session) {
        Optional<Flow> flow = flows.apply(flowName);
        if (flow.isEmpty()) {
            LOG.error("call {}: flow '{}' is not loaded; returning the call to the dialplan", session.id(), flowName);
            return Future.failedFuture(new FlowsException("flow '" + flowName + "' is not loaded"));
        }
        Flow f = flow.get();
        Vars vars = initialVars(session.request(), f).withAll(extraVars);
        if (!f.languages().contains(vars.text("language"))) {
            vars = vars.without("language");
        }
        CallState start = CallState.start(f, vars);
        LOG.debug("call {} starts flow {} version {}", session.id(), f.name(), f.version());
        Promise<Void> done = Promise.promise();
        session.answer()
                .compose(r -> check(r, "ANSWER"))
                .compose(r -> session.setLanguage(start.language()))
                .onSuccess(r -> drive(session, start, new Input.Start(), System.nanoTime(), done))
                .onFailure(done::fail);
        return done.future().onFailure(e -> {
            if (e instanceof AgiHangupException) {
                listener.onEnd(session.id(), f.name(), "caller-hangup");
            } else {
                LOG.error("call {} flow {} failed: {}", session.id(), f.name(), e.toString());
                listener.onEnd(session.id(), f.name(), "error");
            }
        });
    }

    private static Vars initialVars(AgiRequest req, Flow flow) {
        Vars v = Vars.empty()
                .with("caller_id", req.callerId())
                .with("caller_name", req.callerIdName())
                .with("dnis", req.dnid())
                .with("extension", req.get("extension"))
                .with("uniqueid", req.uniqueId())
                .with("channel", req.channel())
                .with("script", req.script())
                .with("failed_attempts", "0");
        for (int i = 0; i < req.arguments().size(); i++) {
            v = v.with("arg_" + (i + 1), req.arguments().get(i));
        }
        for (Map.Entry<String, String> p : req.parameters().entrySet()) {
            v = v.with("param_" + p.getKey(), p.getValue());
        }
        String lang = req.parameters().getOrDefault("lang", "");
        return flow.languages().contains(lang) ? v.with("language", lang) : v;
    }

    /** Steps and performs effects until the call ends; loops while results are already available. */
    private void drive(AgiSession session, CallState state, Input input, long since, Promise<Void> done) {
        CallState s = state;
        Input in = input;
        long t = since;
        while (true) {
            FlowStepper.Step step;
            try {
                step = stepper.step(s, in, clock.instant());
            } catch (RuntimeException e) {
                recover(session, s, e, done);
                return;
            }
            if (!step.state().node().equals(s.node()) || in instanceof Input.Start) {
                listener.onNode(
                        session.id(),
                        step.state().flow().name(),
                        step.state().node(),
                        step.state().vars());
            }
            listener.onDecision(session.id(), System.nanoTime() - t);
            Future<Input> result;
            try {
                result = perform(session, step.state(), step.effect());
            } catch (RuntimeException e) {
                recover(session, step.state(), e, done);
                return;
            }
            if (result == null) {
                done.complete();
                return;
            }
            if (!result.isComplete()) {
                CallState next = step.state();
                result.onComplete(ar -> {
                    if (ar.failed()) {
                        recover(session, next, ar.cause(), done);
                    } else if (ar.result() == null) {
                        done.complete();
                    } else {
                        drive(session, next, ar.result(), System.nanoTime(), done);
                    }
                });
                return;
            }
            if (result.failed()) {
                recover(session, step.state(), result.cause(), done);
                return;
            }
            if (result.result() == null) {
                done.complete();
                return;
            }
            s = step.state();
            in = result.result();
            t = System.nanoTime();
        }
    }

    /**
     * A node failed (an action's database is down, a value cannot be spoken...): rather than dead air, the caller
     * goes once to the flow's agent node with {@code transfer_reason=error}. Hang-ups, a second failure, flows
     * without an agent node and JVM errors end the call with the failure.
     */
    private void recover(AgiSession session, CallState s, Throwable e, Promise<Void> done) {
        if (!(e instanceof RuntimeException)
                || e instanceof AgiHangupException
                || session.isHungUp()
                || s.vars().has("engine_error")
                || s.flow().agent().isEmpty()) {
            done.fail(e);
            return;
        }
        LOG.error(
                "call {} flow {} node {} failed, sending the caller to a person: {}",
                session.id(),
                s.flow().name(),
                s.node(),
                e.toString());
        Vars v = s.vars().with("engine_error", e.getClass().getSimpleName()).with("transfer_reason", "error");
        if (s.flow().nodes().containsKey(s.node())) {
            v = v.with("failed_at", FlowStepper.label(s.flow().node(s.node())));
        }
        CallState marked = s.with(v);
        drive(session, marked, new Input.Recover(), System.nanoTime(), done);
    }

    private static Future<AgiReply> check(AgiReply r, String what) {
        if (r.status() == 511 || (r.isSuccess() && r.result().equals("-1"))) {
            return Future.failedFuture(hungUp(what));
        }
        if (!r.isSuccess()) {
            return Future.failedFuture(new FlowsException(what + " refused by Asterisk: " + r.raw()));
        }
        return Future.succeededFuture(r);
    }

    /** Performs one effect; returns the next input, or null (as a value or as the future's result) at the end. */
    private Future<Input> perform(AgiSession session, CallState state, Effect effect) {
        if (effect instanceof Effect.Prompt p) {
            return prompt(session, p.files(), 0, p.escape()).compose(key -> {
                if (key != 0) {
                    return Future.succeededFuture(new Input.Key(key));
                }
                if (p.waitForKey().isEmpty()) {
                    return Future.succeededFuture(new Input.Done());
                }
                return session.waitForDigit(p.waitForKey().get())
                        .compose(r -> check(r, "WAIT FOR DIGIT"))
                        .map(r -> r.digit() == 0 ? new Input.NoKey() : new Input.Key(r.digit()));
            });
        }
        if (effect instanceof Effect.Collect c) {
            return collect(session, c);
        }
        if (effect instanceof Effect.Say s) {
            return say(session, s.parts(), 0, s.language()).map(v -> new Input.Done());
        }
        if (effect instanceof Effect.SetLanguage l) {
            return session.setLanguage(l.language())
                    .compose(r -> check(r, "SET LANGUAGE"))
                    .map(r -> new Input.Done());
        }
        if (effect instanceof Effect.RunAction a) {
            FlowAction action = actions.get(a.name());
            if (action == null) {
                return Future.failedFuture(new FlowsException("no action named '" + a.name() + "' is registered"));
            }
            ActionContext ctx =
                    new ActionContext(session.id(), state.flow().name(), state.node(), a.args(), state.vars(), session);
            return action.run(ctx).map(r -> new Input.Outcome(r));
        }
        if (effect instanceof Effect.Http h) {
            return http(h);
        }
        if (effect instanceof Effect.Transfer t) {
            return transfer(session, state, t);
        }
        if (effect instanceof Effect.Hangup h) {
            return prompt(session, h.files(), 0, "")
                    .compose(k -> session.hangup())
                    .map(r -> {
                        listener.onEnd(session.id(), state.flow().name(), "hangup");
                        return (Input) null;
                    });
        }
        listener.onEnd(session.id(), state.flow().name(), "end");
        return null;
    }

    /** Streams files in order; returns the escape digit pressed, or 0. */
    private Future<Character> prompt(AgiSession session, List<String> files, int i, String escape) {
        if (i >= files.size()) {
            return Future.succeededFuture((char) 0);
        }
        return session.streamFile(files.get(i), escape)
                .compose(r -> check(r, "STREAM FILE"))
                .compose(r -> {
                    char d = r.digit();
                    if (d != 0 && !escape.isEmpty()) {
                        return Future.succeededFuture(d);
                    }
                    return prompt(session, files, i + 1, escape);
                });
    }

    private Future<Input> collect(AgiSession session, Effect.Collect c) {
        List<String> files = c.files();
        List<String> lead = files.subList(0, files.size() - 1);
        String last = files.get(files.size() - 1);
        return prompt(session, lead, 0, FlowStepper.ALL_KEYS).compose(key -> {
            if (key == '#') {
                return Future.succeededFuture(new Input.Digits(""));
            }
            if (key != 0 && c.max() == 1) {
                return Future.succeededFuture(new Input.Digits(String.valueOf(key)));
            }
            String prefix = key == 0 ? "" : String.valueOf(key);
            String file = key == 0 ? last : "silence/1";
            int max = key == 0 ? c.max() : c.max() - 1;
            return session.getData(file, c.timeout(), max)
                    .compose(r -> check(r, "GET DATA"))
                    .map(r -> new Input.Digits(prefix + r.result()));
        });
    }

    private Future<Void> say(AgiSession session, List<SayPart> parts, int i, String language) {
        if (i >= parts.size()) {
            return Future.succeededFuture();
        }
        SayPart p = parts.get(i);
        Future<AgiReply> r;
        if (p instanceof SayPart.Number n) {
            r = session.sayNumber(n.value(), "");
        } else if (p instanceof SayPart.Digits d) {
            r = session.sayDigits(d.digits(), "");
        } else if (p instanceof SayPart.Date d) {
            r = session.sayDate(d.epochSeconds(), "");
        } else if (p instanceof SayPart.Sound s) {
            r = session.streamFile(s.path(), "");
        } else {
            r = session.streamFile(stepper.file(((SayPart.Prompt) p).name(), language), "");
        }
        return r.compose(x -> check(x, "SAY")).compose(x -> say(session, parts, i + 1, language));
    }

    private Future<Input> http(Effect.Http h) {
        Node.Http node = h.node();
        HttpRequest<Buffer> req = web.requestAbs(io.vertx.core.http.HttpMethod.valueOf(node.method()), h.url())
                .timeout(node.timeout().toMillis());
        Future<io.vertx.ext.web.client.HttpResponse<Buffer>> resp =
                node.method().equals("GET") ? req.send() : req.sendJsonObject(new JsonObject(Map.copyOf(h.body())));
        return resp.map(r -> {
                    if (r.statusCode() / 100 != 2) {
                        return new Input.Outcome(ActionResult.of(
                                "error", Vars.empty().with("http_status", String.valueOf(r.statusCode()))));
                    }
                    Object json = r.bodyAsJson(Object.class);
                    Vars v = Vars.empty().with("http_status", String.valueOf(r.statusCode()));
                    for (Map.Entry<String, String> m : node.map().entrySet()) {
                        Object value = JsonPointer.from(m.getValue()).queryJson(json);
                        if (value == null) {
                            return new Input.Outcome(
                                    ActionResult.of("error", v.with("http_error", "missing " + m.getValue())));
                        }
                        v = v.with(m.getKey(), String.valueOf(value));
                    }
                    return (Input) new Input.Outcome(ActionResult.of("ok", v));
                })
                .recover(e -> {
                    LOG.warn("http node {} failed: {}", node.id(), e.toString());
                    return Future.succeededFuture(new Input.Outcome(
                            ActionResult.of("error", Vars.empty().with("http_error", String.valueOf(e.getMessage())))));
                });
    }

    private Future<Input> transfer(AgiSession session, CallState state, Effect.Transfer t) {
        Vars v = state.vars();
        String failed = v.text("failed_attempts");
        String intent = t.intent().isEmpty() ? v.text("intent") : t.intent();
        return session.getFullVariable("${CHANNEL(linkedid)}").compose(linked -> {
            CallContext ctx = new CallContext(
                    session.id(),
                    linked,
                    v.text("account_id"),
                    v.text("verified").equals("true"),
                    intent,
                    v.text("last_menu"),
                    failed.isEmpty() ? 0 : Integer.parseInt(failed),
                    state.language(),
                    t.group(),
                    v.text("caller_id"),
                    Instant.now(clock),
                    v.text("customer_name"),
                    v.text("verified").equals("true") ? v.text("verification") : "",
                    v.text("failed_at"),
                    v.text("transfer_reason"));
            Future<Void> chain = contexts.put(ctx);
            for (Map.Entry<String, String> cv : ctx.channelVariables().entrySet()) {
                chain = chain.compose(
                        x -> session.setVariable(cv.getKey(), cv.getValue()).mapEmpty());
            }
            return chain.compose(x -> {
                listener.onEnd(session.id(), state.flow().name(), "transfer");
                if (t.application().isEmpty()) {
                    return Future.succeededFuture((Input) null);
                }
                List<String> args = new ArrayList<>(List.of(t.group()));
                return session.exec(t.application().get(), args.toArray(new String[0]))
                        .map(r -> (Input) null);
            });
        });
    }
}
