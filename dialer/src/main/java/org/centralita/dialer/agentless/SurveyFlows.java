package org.centralita.dialer.agentless;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.centralita.campaigns.KeypadSurvey;
import org.centralita.campaigns.QuestionType;
import org.centralita.campaigns.Survey;
import org.centralita.dialer.DialerException;
import org.centralita.flows.Flow;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.PromptCatalog;

/**
 * Turns a campaign's survey into an ivr-flows flow value for agentless calls: a greeting naming the company with an
 * opt-out key, each keypad question with its re-prompts and retry limit, and a thank-you. The flow is generated as
 * YAML in the flows file format and validated by {@link IvrFlows#define} exactly like a file of the flows folder.
 *
 * <p>Prompts: the fixed phrases are catalog prompts ({@code survey-greeting}, {@code company-name}, {@code
 * survey-help-csat}...). What a campaign says is recorded by its admin as {@code
 * prompts/<lang>/survey-<campaignId>-q<n>.wav} (n = the question's 1-based position in the survey) and, optionally,
 * {@code survey-<campaignId>-greeting.wav}. A question without a recording is announced TTS-free as "question"
 * + its number ({@code digits/<n>}) + the answer help, and is listed by {@link #missingRecordings}.
 *
 * <p>Flows are cached per campaign, language and survey for {@code ttl} (default 60 s), so new recordings are picked
 * up without a restart. {@link #flow} reads the prompts folder: call it on a worker.
 */
public final class SurveyFlows {

    /** The action that stores one answer: args {@code question} (id) and {@code keys} (what was pressed). */
    public static final String ANSWER_ACTION = "survey.answer";

    /** The action that puts the contact's number on the do-not-call list. */
    public static final String OPT_OUT_ACTION = "survey.opt-out";

    /** The key that opts out at the greeting. */
    public static final char OPT_OUT_KEY = '9';

    /** The languages the shipped catalog has the fixed phrases in. */
    public static final Set<String> LANGUAGES = Set.of("es", "en");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private final Path promptsDir;
    private final Clock clock;
    private final Duration ttl;
    private final int retries;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    private record Key(long campaignId, String language, Survey survey) {}

    private record Cached(Flow flow, Instant at) {}

    /**
     * @param promptsDir the prompt catalog folder ({@code prompts/<lang>/<name>.wav}), or null to skip the check
     *     (every campaign recording is then assumed to exist)
     * @param clock for the cache's expiry
     * @param ttl how long a generated flow is reused
     * @param retries failed attempts (no key or a wrong key) per question before it is skipped, 1 to 10
     */
    public SurveyFlows(Path promptsDir, Clock clock, Duration ttl, int retries) {
        this.promptsDir = promptsDir;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        if (retries < 1 || retries > 10) {
            throw new IllegalArgumentException("retries must be 1 to 10, got " + retries);
        }
        this.retries = retries;
    }

    /** Returns flows checked against {@code promptsDir}, cached for 60 s, with 3 attempts per question. */
    public static SurveyFlows of(Path promptsDir) {
        return new SurveyFlows(promptsDir, Clock.systemUTC(), Duration.ofSeconds(60), 3);
    }

    /** Returns the prompt language for a contact's language: {@code en} for English, else {@code es}. */
    public static String language(String contactLanguage) {
        return contactLanguage == null
                        || contactLanguage.toLowerCase(java.util.Locale.ROOT).startsWith("es")
                ? "es"
                : "en";
    }

    /** Returns the name of the admin's recording of question {@code position} (1-based) of a campaign. */
    public static String questionPrompt(long campaignId, int position) {
        return "survey-" + campaignId + "-q" + position;
    }

    /** Returns the name of the admin's optional greeting recording of a campaign. */
    public static String greetingPrompt(long campaignId) {
        return "survey-" + campaignId + "-greeting";
    }

    /** Returns the generated flow's name for a campaign and language. */
    public static String flowName(long campaignId, String language) {
        return "survey-" + campaignId + "-" + language;
    }

    /**
     * Returns the validated flow of a campaign's survey in one language (cached).
     *
     * @throws DialerException if the survey has no keypad question or the language is not es/en
     * @throws org.centralita.flows.FlowValidationException if the generated flow does not validate (a missing
     *     catalog prompt)
     */
    public Flow flow(long campaignId, Survey survey, String language) {
        Key key = new Key(campaignId, language, survey);
        Instant now = clock.instant();
        Cached c = cache.get(key);
        if (c != null && !c.at().plus(ttl).isBefore(now)) {
            return c.flow();
        }
        PromptCatalog catalog = catalog();
        Flow flow = IvrFlows.define(
                flowName(campaignId, language),
                yaml(campaignId, survey, language, catalog),
                catalog,
                Set.of(ANSWER_ACTION, OPT_OUT_ACTION));
        cache.put(key, new Cached(flow, now));
        return flow;
    }

    /** Returns the campaign recordings the survey would use in {@code language} that are not in the catalog. */
    public List<String> missingRecordings(long campaignId, Survey survey, String language) {
        PromptCatalog catalog = catalog();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < survey.questions().size(); i++) {
            if (survey.questions().get(i).type() != QuestionType.FREE_TEXT) {
                String p = questionPrompt(campaignId, i + 1);
                if (!catalog.has(language, p)) {
                    out.add(language + "/" + p);
                }
            }
        }
        return out;
    }

    private PromptCatalog catalog() {
        return promptsDir == null ? PromptCatalog.any() : PromptCatalog.directory(promptsDir);
    }

    /**
     * Returns the flow definition (flows file format) of a campaign's survey in one language, for a catalog; the
     * admin can read it ({@code centralita flows validate} accepts it as a file).
     */
    public String yaml(long campaignId, Survey survey, String language, PromptCatalog catalog) {
        if (!LANGUAGES.contains(language)) {
            throw new DialerException("agentless surveys speak es or en, not '" + language + "'");
        }
        KeypadSurvey keypad = KeypadSurvey.of(survey, Map.of(), language.equals("es"));
        if (keypad.questions().isEmpty()) {
            throw new DialerException(
                    "the survey of campaign " + campaignId + " has no keypad question (free text is agent only)");
        }
        List<KeypadSurvey.KeypadQuestion> qs = keypad.questions();
        Map<String, Object> nodes = new LinkedHashMap<>();
        String first = nodeId(qs.get(0));

        List<String> greeting = new ArrayList<>();
        if (catalog.has(language, greetingPrompt(campaignId))) {
            greeting.add(greetingPrompt(campaignId));
        } else {
            greeting.addAll(List.of("survey-greeting", "company-name", "survey-intro"));
        }
        greeting.add("survey-optout-offer");
        Map<String, Object> greet = node("menu");
        greet.put("prompts", greeting);
        greet.put("choices", Map.of(String.valueOf(OPT_OUT_KEY), "opt-out", "1", first));
        greet.put("retries", 1);
        greet.put("timeout", "2s");
        greet.put("operator", first);
        greet.put("exhausted", first);
        nodes.put("greeting", greet);

        Map<String, Object> optOut = node("action");
        optOut.put("name", OPT_OUT_ACTION);
        optOut.put("next", "opt-out-done");
        nodes.put("opt-out", optOut);
        Map<String, Object> optOutDone = node("hangup");
        optOutDone.put("prompts", List.of("survey-optout-done"));
        nodes.put("opt-out-done", optOutDone);

        for (int i = 0; i < qs.size(); i++) {
            KeypadSurvey.KeypadQuestion q = qs.get(i);
            String id = nodeId(q);
            String next = i + 1 < qs.size() ? nodeId(qs.get(i + 1)) : "thanks";
            int position = position(survey, q.questionId());
            List<String> prompts = new ArrayList<>();
            String recording = questionPrompt(campaignId, position);
            if (catalog.has(language, recording)) {
                prompts.add(recording);
            } else {
                prompts.add("survey-question");
                prompts.add("digits/" + position);
            }
            switch (q.type()) {
                case CSAT -> prompts.add("survey-help-csat");
                case NPS -> prompts.add("survey-help-nps");
                case YES_NO -> prompts.add("survey-help-yes-no");
                default -> {
                    prompts.add("survey-help-choice");
                    prompts.add("digits/" + q.keys().size());
                }
            }
            Map<String, Object> save = node("action");
            save.put("name", ANSWER_ACTION);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("question", q.questionId());
            if (q.maxDigits() > 1) {
                Map<String, Object> collect = node("collect");
                collect.put("prompts", prompts);
                collect.put("variable", variable(q));
                collect.put("min", 1);
                collect.put("max", q.maxDigits());
                collect.put("terminator", "#");
                collect.put("timeout", "6s");
                collect.put("validator", Map.of("range", rangeOf(q)));
                collect.put("no-input", List.of("no-input-1"));
                collect.put("invalid", List.of("invalid-entry"));
                collect.put("retries", retries);
                collect.put("next", id + "-save");
                collect.put("failure", next);
                nodes.put(id, collect);
                args.put("keys", "${" + variable(q) + "}");
            } else {
                Map<String, Object> menu = node("menu");
                menu.put("prompts", prompts);
                Map<String, Object> choices = new LinkedHashMap<>();
                q.keys().keySet().forEach(k -> choices.put(k, id + "-save"));
                menu.put("choices", choices);
                menu.put("no-input", List.of("no-input-1"));
                menu.put("no-match", List.of("no-match-1"));
                menu.put("retries", retries);
                menu.put("timeout", "6s");
                // No one to talk to in agentless mode: 0 is a wrong key, said so, and the question is asked again.
                menu.put("operator", id + "-zero");
                menu.put("exhausted", next);
                nodes.put(id, menu);
                Map<String, Object> zero = node("play");
                zero.put("prompts", List.of("no-match-1"));
                zero.put("barge-in", false);
                zero.put("next", id);
                nodes.put(id + "-zero", zero);
                args.put("keys", "${last_choice}");
            }
            save.put("args", args);
            save.put("next", next);
            nodes.put(id + "-save", save);
        }
        Map<String, Object> thanks = node("hangup");
        thanks.put("prompts", List.of("survey-thanks"));
        nodes.put("thanks", thanks);
        Map<String, Object> bye = node("hangup");
        bye.put("prompts", List.of("survey-goodbye"));
        nodes.put("goodbye", bye);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("languages", List.of(language));
        root.put("start", "greeting");
        // Agentless: nobody to hand over to. Where a person would be reached (a failing node), say goodbye.
        root.put("agent", "goodbye");
        root.put("nodes", nodes);
        try {
            return "# Generated by Centralita for the agentless survey of campaign " + campaignId + " (" + language
                    + "); do not edit.\n" + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new DialerException("cannot write the survey flow of campaign " + campaignId, e);
        }
    }

    private static Map<String, Object> rangeOf(KeypadSurvey.KeypadQuestion q) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (String k : q.keys().keySet()) {
            int v = Integer.parseInt(k);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("min", min);
        r.put("max", max);
        return r;
    }

    private static Map<String, Object> node(String type) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", type);
        return n;
    }

    /** The flow node id of a question ({@code q-<id>}). */
    static String nodeId(KeypadSurvey.KeypadQuestion q) {
        return "q-" + q.questionId();
    }

    private static String variable(KeypadSurvey.KeypadQuestion q) {
        return "answer_" + q.questionId().replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static int position(Survey survey, String questionId) {
        for (int i = 0; i < survey.questions().size(); i++) {
            if (survey.questions().get(i).id().equals(questionId)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("question " + questionId + " is not in the survey");
    }
}
