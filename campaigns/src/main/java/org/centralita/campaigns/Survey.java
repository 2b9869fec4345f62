package org.centralita.campaigns;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ordered list of questions, read by an agent or played by an IVR (see {@link KeypadSurvey}).
 *
 * @param title shown to agents and managers
 * @param intro text read before the first question (may contain placeholders; may be empty)
 * @param questions the questions, in order; ids unique
 * @param fcrQuestionId the yes/no question that measures first-contact resolution, or null
 */
public record Survey(String title, String intro, List<Question> questions, String fcrQuestionId) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([\\p{L}\\p{N}_.\\- ]{1,64})}");

    public Survey {
        Objects.requireNonNull(title, "title");
        intro = intro == null ? "" : intro;
        questions = List.copyOf(Objects.requireNonNull(questions, "questions"));
        Set<String> ids = new HashSet<>();
        for (Question q : questions) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("duplicate question id '" + q.id() + "' in survey '" + title + "'");
            }
        }
        if (fcrQuestionId != null) {
            String fcr = fcrQuestionId;
            Question q = questions.stream()
                    .filter(x -> x.id().equals(fcr))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("fcrQuestionId '" + fcr + "' is not a question"));
            if (q.type() != QuestionType.YES_NO) {
                throw new IllegalArgumentException("fcrQuestionId '" + fcr + "' must be a yes/no question");
            }
        }
    }

    /** Returns an empty survey (a campaign in draft may not have its questions yet). */
    public static Survey empty() {
        return new Survey("", "", List.of(), null);
    }

    /** Returns the question with this id. */
    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /** Returns every placeholder name used by the intro and the questions, in order of first use. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        collect(intro, names);
        questions.forEach(q -> collect(q.text(), names));
        return names;
    }

    private static void collect(String text, Set<String> names) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    /**
     * Fills {@code {placeholders}} from the values ({@code name}, {@code customerId}, {@code phone}, custom fields...);
     * a placeholder without a value is left visible as {@code {name}} so the agent notices it, never silently blanked.
     */
    public static String render(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 32);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                v = values.get(ColumnAliases.normalise(m.group(1)));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v == null || v.isBlank() ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
