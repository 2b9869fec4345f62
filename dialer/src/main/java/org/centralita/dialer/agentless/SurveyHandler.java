package org.centralita.dialer.agentless;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.KeypadSurvey;
import org.centralita.campaigns.Outcome;
import org.centralita.dialer.DialerException;
import org.centralita.flows.Flow;
import org.centralita.flows.FlowAction;
import org.centralita.flows.IvrFlows;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI script {@value #SCRIPT}: runs the keypad survey on a human-answered agentless call. Reads {@code
 * CENTRALITA_CONTACT_ID} (required), {@code CENTRALITA_CAMPAIGN_ID} and {@code CENTRALITA_ATTEMPT_ID} from the
 * channel, loads the contact, campaign and earlier answers through {@link Campaigns} (database workers), runs the
 * flow {@link SurveyFlows} generates for the contact's language, stores each answer as it is given, and when the
 * call ends (thank-you, opt-out, or a hang-up at any moment) stores the final answers with their disposition and
 * closes the attempt ({@code COMPLETED} or {@code ANSWERED_HUMAN}).
 *
 * <pre>{@code
 * AgiServer.builder().handler(SurveyHandler.SCRIPT, new SurveyHandler(vertx, campaigns, flows, SurveyFlows.of(prompts)))
 * }</pre>
 */
public final class SurveyHandler implements AgiHandler {

    /** The AGI script name the dialplan runs: {@code AGI(agi://centralita:4573/survey)}. */
    public static final String SCRIPT = "survey";

    private static final Logger LOG = LoggerFactory.getLogger(SurveyHandler.class);

    private final Vertx vertx;
    private final Campaigns campaigns;
    private final IvrFlows flows;
    private final SurveyFlows surveyFlows;
    private final Clock clock;

    /** Returns a handler over the campaigns module and the ivr-flows engine (system clock). */
    public SurveyHandler(Vertx vertx, Campaigns campaigns, IvrFlows flows, SurveyFlows surveyFlows) {
        this(vertx, campaigns, flows, surveyFlows, Clock.systemUTC());
    }

    /** Returns a handler; {@code clock} measures the attempt's duration. */
    public SurveyHandler(Vertx vertx, Campaigns campaigns, IvrFlows flows, SurveyFlows surveyFlows, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.surveyFlows = Objects.requireNonNull(surveyFlows, "surveyFlows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Ids(long contactId, long campaignId, long attemptId) {}

    private record Loaded(Ids ids, Campaign campaign, Contact contact, Map<String, String> answers, Flow flow) {}

    @Override
    public Future<Void> handle(AgiSession session) {
        long started = clock.millis();
        return ids(session).compose(this::load).compose(l -> run(session, l, started));
    }

    private Future<Ids> ids(AgiSession session) {
        Future<Optional<String>> contact = session.getVariable("CENTRALITA_CONTACT_ID");
        Future<Optional<String>> campaign = contact.compose(x -> session.getVariable("CENTRALITA_CAMPAIGN_ID"));
        Future<Optional<String>> attempt = campaign.compose(x -> session.getVariable("CENTRALITA_ATTEMPT_ID"));
        return attempt.map(a -> new Ids(
                id(session, "CENTRALITA_CONTACT_ID", contact.result(), true),
                id(session, "CENTRALITA_CAMPAIGN_ID", campaign.result(), false),
                id(session, "CENTRALITA_ATTEMPT_ID", a, false)));
    }

    private static long id(AgiSession session, String name, Optional<String> value, boolean required) {
        String v = value.map(String::trim).orElse("");
        if (v.isEmpty()) {
            if (required) {
                throw new DialerException("call " + session.id() + ": channel variable " + name
                        + " is not set (the dialer sets it when it originates the call)");
            }
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new DialerException(
                    "call " + session.id() + ": channel variable " + name + " is not an id: '" + v + "'", e);
        }
    }

    private Future<Loaded> load(Ids ids) {
        return campaigns.contact(ids.contactId()).compose(contact -> {
            if (ids.campaignId() > 0 && ids.campaignId() != contact.campaignId()) {
                return Future.failedFuture(new DialerException("contact " + contact.id() + " is in campaign "
                        + contact.campaignId() + ", not in campaign " + ids.campaignId()));
            }
            return campaigns.get(contact.campaignId()).compose(campaign -> campaigns
                    .answers(contact.id())
                    .compose(answers -> vertx.executeBlocking(() -> surveyFlows.flow(
                                    campaign.id(), campaign.survey(), SurveyFlows.language(contact.language())))
                            .map(flow -> new Loaded(ids, campaign, contact, answers, flow))));
        });
    }

    private Future<Void> run(AgiSession session, Loaded l, long started) {
        KeypadSurvey keypad = campaigns.keypadSurvey(l.campaign(), l.contact());
        SurveyCall call = new SurveyCall(
                vertx,
                campaigns,
                session.id(),
                l.campaign().id(),
                l.contact().id(),
                l.ids().attemptId(),
                keypad,
                l.answers());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("language", SurveyFlows.language(l.contact().language()));
        vars.put("contact_id", Long.toString(l.contact().id()));
        vars.put("campaign_id", Long.toString(l.campaign().id()));
        vars.put("attempt_id", Long.toString(l.ids().attemptId()));
        for (KeypadSurvey.KeypadQuestion q : keypad.questions()) {
            vars.put("text_" + q.questionId().replaceAll("[^A-Za-z0-9_]", "_"), q.prompt());
        }
        Map<String, FlowAction> actions = Map.of(
                SurveyFlows.ANSWER_ACTION, call::answer,
                SurveyFlows.OPT_OUT_ACTION, call::optOut);
        LOG.info(
                "campaign {} call {} channel {}: agentless survey for contact {} in {}",
                l.campaign().id(),
                session.id(),
                session.request().channel(),
                l.contact().id(),
                vars.get("language"));
        return flows.run(l.flow(), session, vars, actions).transform(ran -> {
            Duration d = Duration.ofMillis(Math.max(0, clock.millis() - started));
            if (ran.failed() && !(ran.cause() instanceof AgiHangupException)) {
                LOG.error(
                        "campaign {} call {}: survey flow failed: {}",
                        l.campaign().id(),
                        session.id(),
                        ran.cause().toString());
            }
            Future<Outcome> finished = call.finish(d);
            return finished.transform(f -> {
                if (ran.failed()) {
                    return Future.failedFuture(ran.cause()); // a hang-up is the normal end for the AGI server
                }
                return f.succeeded() ? Future.succeededFuture() : Future.failedFuture(f.cause());
            });
        });
    }
}
