package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.centralita.flows.selfservice.CallContext;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.testing.AgiReplies;
import org.centralita.gateway.agi.testing.ScriptedAgiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineNodesTest {

    static final String KEYS = "\"0123456789*#\"";

    @TempDir
    Path dir;

    final TestEnv env = new TestEnv();
    IvrFlows flows;

    @AfterEach
    void tearDown() {
        if (flows != null) {
            flows.stop();
        }
        env.close();
    }

    private IvrFlows load(String yaml) {
        TestEnv.write(dir, "t.yaml", yaml);
        flows = env.start(env.builder(dir, TestEnv.OPEN)
                .action(
                        "tier",
                        ctx -> Future.succeededFuture(ActionResult.of(
                                ctx.arg("account", "").equals("1001") ? "gold" : "basic",
                                Vars.empty().with("tier_checked", "yes"))))
                .action("boom", ctx -> Future.failedFuture(new FlowsException("database unavailable")))
                .action(
                        "card-is",
                        ctx -> Future.succeededFuture(ActionResult.of(
                                ctx.vars()
                                                .secret("card")
                                                .map(SensitiveValue::reveal)
                                                .orElse("")
                                                .equals(ctx.arg("expected", ""))
                                        ? "same"
                                        : "different"))));
        return flows;
    }

    private static ScriptedAgiSession session() {
        ScriptedAgiSession s = ScriptedAgiSession.builder()
                .uniqueId("1700000000.7")
                .callerId("600100200")
                .build();
        s.expect("ANSWER");
        s.expect("SET VARIABLE CHANNEL(language) es");
        return s;
    }

    @Test
    void playWithBargeInStopsAtAKeyAndPlayWithoutBargeInCannotBeInterrupted() {
        load("""
                languages: [es]
                start: a
                nodes:
                  a: {type: play, prompts: [one, two], barge-in: true, next: b}
                  b: {type: play, prompts: [three], barge-in: false, next: end}
                """);
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/one " + KEYS).reply(AgiReplies.digit('5'));
        s.expect("STREAM FILE centralita/es/three \"\"");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void aKeyPressedDuringABargeInPromptAnswersTheMenuThatFollows() {
        load("""
                languages: [es]
                start: hello
                agent: bye
                nodes:
                  hello: {type: play, prompts: [welcome, more], next: m}
                  m:
                    type: menu
                    prompts: [menu]
                    choices: {"2": two}
                  two: {type: play, prompts: [two], barge-in: false, next: end}
                  bye: {type: hangup}
                """);
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/welcome " + KEYS).reply(AgiReplies.digit('2'));
        s.expect("STREAM FILE centralita/es/two \"\"");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void theIvrCountsCallersInItsFlowsAndTellsObserversOnceWhenTheyLeaveHoweverTheCallEnds() {
        load("""
                languages: [es]
                start: a
                nodes:
                  a: {type: play, prompts: [one], barge-in: false, next: end}
                """);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        flows.observe(new IvrFlows.CallObserver() {
            @Override
            public void started(String callId, String flow) {
                seen.add("start " + flow + " in-ivr=" + flows.activeCalls());
            }

            @Override
            public void finished(String callId, String flow) {
                seen.add("finish " + flow + " in-ivr=" + flows.activeCalls());
            }
        });
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/one \"\"");
        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();

        ScriptedAgiSession gone = session();
        gone.expect("STREAM FILE centralita/es/one \"\"").reply(AgiReplies.hungUp());
        assertThat(TestEnv.run(flows.handler("t"), gone)).containsInstanceOf(AgiHangupException.class);

        assertThat(seen)
                .containsExactly("start t in-ivr=1", "finish t in-ivr=0", "start t in-ivr=1", "finish t in-ivr=0");
        assertThat(flows.activeCalls()).isZero();
    }

    static final String MENU = """
            languages: [es]
            start: m
            agent: person
            nodes:
              m:
                type: menu
                prompts: [menu]
                choices: {"1": done}
                no-input: [ni1, ni2]
                no-match: [nm1]
                retries: %d
                timeout: 3s
              done: {type: hangup}
              person: {type: transfer, group: sales, intent: "${last_menu}", application: Queue}
            """;

    @Test
    void menuEscalatesNoInputAndNoMatchRepromptsAndStarRepeats() {
        load(MENU.formatted(4));
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/menu " + KEYS);
        s.expect("WAIT FOR DIGIT 3000").reply(AgiReplies.ok());
        s.expect("STREAM FILE centralita/es/ni1 " + KEYS);
        s.expect("STREAM FILE centralita/es/menu " + KEYS);
        s.expect("WAIT FOR DIGIT 3000").reply(AgiReplies.digit('7'));
        s.expect("STREAM FILE centralita/es/nm1 " + KEYS);
        s.expect("STREAM FILE centralita/es/menu " + KEYS);
        s.expect("WAIT FOR DIGIT 3000").reply(AgiReplies.ok());
        s.expect("STREAM FILE centralita/es/ni2 " + KEYS).reply(AgiReplies.digit('*'));
        s.expect("STREAM FILE centralita/es/menu " + KEYS).reply(AgiReplies.digit('1'));
        s.expect("HANGUP");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void retryLimitSendsTheCallerToAPersonWithTheContext() {
        load(MENU.formatted(2));
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/menu " + KEYS);
        s.expect("WAIT FOR DIGIT 3000").reply(AgiReplies.ok());
        s.expect("STREAM FILE centralita/es/ni1 " + KEYS);
        s.expect("STREAM FILE centralita/es/menu " + KEYS);
        s.expect("WAIT FOR DIGIT 3000").reply(AgiReplies.digit('9'));
        s.expect("GET FULL VARIABLE ${CHANNEL(linkedid)}").reply(AgiReplies.variable("1700000000.5"));
        s.expect("SET VARIABLE CENTRALITA_IVR_CONTEXT \"{\\\"ivrCallId\\\":\\\"1700000000.7\\\",\\\"wanted\\\":"
                        + "\\\"m\\\",\\\"failedAt\\\":\\\"m\\\",\\\"reason\\\":\\\"too many failed attempts\\\","
                        + "\\\"failedAttempts\\\":2,\\\"lastMenu\\\":\\\"m\\\",\\\"language\\\":\\\"es\\\","
                        + "\\\"group\\\":\\\"sales\\\"}\"")
                .reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_IVR_CALL_ID \"1700000000.7\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_ACCOUNT \"\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_VERIFIED \"0\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_VERIFIED_BY \"\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_INTENT \"m\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_FAILED_AT \"m\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_LAST_MENU \"m\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_FAILED_ATTEMPTS \"2\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_LANGUAGE \"es\"").reply(AgiReplies.one());
        s.expect("SET VARIABLE CENTRALITA_AGENT_GROUP \"sales\"").reply(AgiReplies.one());
        s.expect("EXEC Queue sales");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
        CallContext ctx = TestEnv.await(env.contexts.find("1700000000.5")).orElseThrow();
        assertThat(ctx.callId()).isEqualTo("1700000000.7");
        assertThat(ctx.failedAttempts()).isEqualTo(2);
        assertThat(ctx.agentGroup()).isEqualTo("sales");
    }

    @Test
    void zeroReachesAPersonFromAnyMenu() {
        load(MENU.formatted(3));
        ScriptedAgiSession s = session().otherwise(c -> AgiReplies.one());
        s.expect("STREAM FILE centralita/es/menu " + KEYS).reply(AgiReplies.digit('0'));

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        assertThat(s.commands()).contains("EXEC Queue sales");
        assertThat(env.trace).anyMatch(t -> t.startsWith("t/person ") && t.contains("transfer_reason=operator"));
    }

    @Test
    void collectRetriesInvalidInputJoinsABargeInDigitAndKeepsTheValueSecret() {
        load("""
                languages: [es]
                start: c
                agent: bye
                nodes:
                  c:
                    type: collect
                    prompts: [card]
                    variable: card
                    sensitive: true
                    min: 13
                    max: 19
                    validator: luhn
                    invalid: [bad]
                    next: check
                  check:
                    type: action
                    name: card-is
                    args: {expected: "4111111111111111"}
                    outcomes: {same: ok}
                    next: bye
                  ok: {type: play, prompts: [ok], next: end}
                  bye: {type: hangup}
                """);
        ScriptedAgiSession s = session();
        s.expect("GET DATA centralita/es/card 6000 19").reply(AgiReplies.data("4111111111111112"));
        s.expect("STREAM FILE centralita/es/bad " + KEYS).reply(AgiReplies.digit('4'));
        s.expect("GET DATA silence/1 6000 18").reply(AgiReplies.data("111111111111111"));
        s.expect("STREAM FILE centralita/es/ok " + KEYS);

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
        assertThat(String.join("\n", env.trace))
                .doesNotContain("4111111111111111")
                .contains("card=****");
    }

    @Test
    void collectNoInputThenTooShortGoesToFailureAfterTheRetryLimit() {
        load("""
                languages: [es]
                start: c
                nodes:
                  c:
                    type: collect
                    prompts: [pin]
                    variable: pin
                    min: 4
                    max: 4
                    retries: 2
                    no-input: [nothing]
                    next: end
                    failure: bye
                  bye: {type: hangup, prompts: [sorry]}
                """);
        ScriptedAgiSession s = session();
        s.expect("GET DATA centralita/es/pin 6000 4").reply(AgiReplies.timeout());
        s.expect("STREAM FILE centralita/es/nothing " + KEYS);
        s.expect("GET DATA centralita/es/pin 6000 4").reply(AgiReplies.dataThenTimeout("12"));
        s.expect("STREAM FILE centralita/es/sorry \"\"");
        s.expect("HANGUP");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void sayNodesSpeakNumbersDigitsDatesAndCurrency() {
        load("""
                languages: [es]
                start: n
                nodes:
                  init: {type: set, values: {x: "1"}, next: n}
                  n: {type: say, kind: number, value: "1234", next: d}
                  d: {type: say, kind: digits, value: "007", next: t}
                  t: {type: say, kind: date, value: "2026-12-15", next: c}
                  c: {type: say, kind: currency, value: "21.50", currency: USD, next: end}
                """.replace("  init: {type: set, values: {x: \"1\"}, next: n}\n", ""));
        ScriptedAgiSession s = session();
        s.expect("SAY NUMBER 1234 \"\"");
        s.expect("SAY DIGITS 007 \"\"");
        s.expect("SAY DATE 1797332400 \"\"");
        s.expect("SAY NUMBER 21 \"\"");
        s.expect("STREAM FILE centralita/es/currency-usd-many \"\"");
        s.expect("STREAM FILE centralita/es/currency-and \"\"");
        s.expect("SAY NUMBER 50 \"\"");
        s.expect("STREAM FILE centralita/es/currency-usd-cent-many \"\"");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void setComputesVariablesAndSwitchesLanguageAndBranchPicksTheFirstTrueCase() {
        load("""
                languages: [es, en]
                start: s
                nodes:
                  s:
                    type: set
                    values: {language: en, n: "=n + 1", greeting: "hi ${caller_id}"}
                    next: b
                  b:
                    type: branch
                    cases:
                      - {if: "n > 1", next: wrong}
                      - {if: "n == 1 and greeting == 'hi 600100200'", next: right}
                    else: wrong
                  right: {type: play, prompts: [right], next: end}
                  wrong: {type: play, prompts: [wrong], next: end}
                """);
        ScriptedAgiSession s = session();
        s.expect("SET VARIABLE CHANNEL(language) en");
        s.expect("STREAM FILE centralita/en/right " + KEYS);

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void actionOutcomePicksTheNextNodeAndItsVariablesAreSet() {
        load("""
                languages: [es]
                start: a
                nodes:
                  a:
                    type: action
                    name: tier
                    args: {account: "${arg_1}"}
                    outcomes: {gold: gold}
                    next: basic
                  gold: {type: play, prompts: ["${tier_checked}"], next: end}
                  basic: {type: play, prompts: [basic], next: end}
                """);
        ScriptedAgiSession s = ScriptedAgiSession.builder().argument("1001").build();
        s.expect("ANSWER");
        s.expect("SET VARIABLE CHANNEL(language) es");
        s.expect("STREAM FILE centralita/es/yes " + KEYS);

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void httpNodeMapsJsonFieldsAndTakesTheErrorBranchOnFailureOrTimeout() {
        HttpServer server = TestEnv.await(env.vertx
                .createHttpServer()
                .requestHandler(req -> {
                    switch (req.path()) {
                        case "/ok" ->
                            req.response()
                                    .putHeader("content-type", "application/json")
                                    .end("{\"balance\":{\"amount\":42.5,\"due\":\"2026-12-01\"}}");
                        case "/fail" -> req.response().setStatusCode(500).end();
                        default -> {
                            // never answers: the node's timeout must fire
                        }
                    }
                })
                .listen(0, "127.0.0.1"));
        int port = server.actualPort();
        String yaml = """
                languages: [es]
                start: h
                nodes:
                  h:
                    type: http
                    url: "http://127.0.0.1:%d/%s"
                    timeout: %s
                    map: {amount: /balance/amount}
                    next: say
                    error: err
                  say: {type: say, kind: number, value: "${amount}", next: end}
                  err: {type: play, prompts: [err], next: end}
                """;
        for (String path : List.of("ok", "fail", "hang")) {
            load(yaml.formatted(port, path, path.equals("hang") ? "300ms" : "10s"));
            ScriptedAgiSession s = session();
            if (path.equals("ok")) {
                s.expect("SAY NUMBER 43 \"\"");
            } else {
                s.expect("STREAM FILE centralita/es/err " + KEYS);
            }
            assertThat(TestEnv.run(flows.handler("t"), s)).as(path).isEmpty();
            s.assertComplete();
            flows.stop();
        }
        flows = null;
    }

    @Test
    void hoursNodeUsesTheTimeZoneTheWeekAndHolidays() {
        Node.Hours h = new Node.Hours(
                "h",
                Loc.UNKNOWN,
                ZoneId.of("Europe/Madrid"),
                Map.of(DayOfWeek.WEDNESDAY, List.of(new Node.TimeRange(LocalTime.of(9, 0), LocalTime.of(18, 0)))),
                Set.of(LocalDate.of(2026, 12, 2)),
                Set.of(java.time.MonthDay.of(12, 9)),
                new Node.Edge("open", Loc.UNKNOWN),
                new Node.Edge("closed", Loc.UNKNOWN));
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-11-25T08:00:00Z"))).isTrue(); // 09:00 Madrid
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-11-25T07:59:59Z"))).isFalse();
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-11-25T17:00:00Z"))).isFalse(); // 18:00 Madrid
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-11-26T10:00:00Z"))).isFalse(); // Thursday
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-12-02T10:00:00Z"))).isFalse(); // holiday
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-12-09T10:00:00Z"))).isFalse(); // every 9 December
        assertThat(FlowStepper.isOpen(h, Instant.parse("2026-12-16T10:00:00Z"))).isTrue();
    }

    @Test
    void hoursNodeRoutesByTheInjectedClock() {
        load("""
                languages: [es]
                start: h
                nodes:
                  h:
                    type: hours
                    timezone: Europe/Madrid
                    week: {mon-fri: "09:00-18:00"}
                    open: o
                    closed: c
                  o: {type: play, prompts: [open], next: end}
                  c: {type: play, prompts: [closed], next: end}
                """);
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/open " + KEYS);
        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void gotoAndSubflowReturnToTheCallingFlow() {
        TestEnv.write(dir, "sub.yaml", """
                languages: [es]
                start: x
                nodes:
                  x: {type: play, prompts: [inside], next: end}
                """);
        load("""
                languages: [es]
                start: g
                nodes:
                  g: {type: goto, target: s}
                  s: {type: subflow, flow: sub, next: after}
                  after: {type: hangup, prompts: [after]}
                """);
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/inside " + KEYS);
        s.expect("STREAM FILE centralita/es/after \"\"");
        s.expect("HANGUP");

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();
        s.assertComplete();
    }

    @Test
    void callerHangUpDuringAMenuEndsTheCallAsAHangUp() {
        load(MENU.formatted(3));
        ScriptedAgiSession s = session();
        s.expect("STREAM FILE centralita/es/menu " + KEYS);
        s.expect("WAIT FOR DIGIT 3000").hangUp();

        Optional<Throwable> end = TestEnv.run(flows.handler("t"), s);

        assertThat(end).hasValueSatisfying(e -> assertThat(e).isInstanceOf(AgiHangupException.class));
        s.assertComplete();
    }

    @Test
    void aFailingNodeSendsTheCallerToAPersonInsteadOfDeadAir() {
        load("""
                languages: [es]
                start: a
                agent: person
                nodes:
                  a: {type: action, name: boom, next: end}
                  person: {type: transfer, group: support, application: Queue}
                """);
        ScriptedAgiSession s = session().otherwise(c -> AgiReplies.one());

        assertThat(TestEnv.run(flows.handler("t"), s)).isEmpty();

        assertThat(s.commands()).contains("EXEC Queue support");
        assertThat(env.trace).anyMatch(t -> t.startsWith("t/person ") && t.contains("transfer_reason=error"));
    }

    @Test
    void aFlowThatIsNotLoadedFailsTheCallWithoutSendingCommands() {
        load(MENU.formatted(3));
        ScriptedAgiSession s = ScriptedAgiSession.builder().build();
        assertThat(TestEnv.run(flows.handler("nope"), s))
                .hasValueSatisfying(e -> assertThat(e).isInstanceOf(FlowsException.class));
        assertThat(s.commands()).isEmpty();
    }
}
