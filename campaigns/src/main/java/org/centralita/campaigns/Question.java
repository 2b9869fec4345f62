package org.centralita.campaigns;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One survey question.
 *
 * @param id stable identifier used in answers and exports ({@code [a-zA-Z0-9_-]{1,64}})
 * @param type the kind of question
 * @param text the text read to the customer; may contain {@code {placeholders}} filled from contact fields
 * @param choices the options of a {@link QuestionType#SINGLE_CHOICE} question (2 to 9), empty otherwise
 * @param required whether the survey is incomplete without an answer
 */
public record Question(String id, QuestionType type, String text, List<String> choices, boolean required) {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        choices = List.copyOf(choices == null ? List.of() : choices);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("question id must match [a-zA-Z0-9_-]{1,64}, got '" + id + "'");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("question " + id + " has no text");
        }
        if (type == QuestionType.SINGLE_CHOICE) {
            if (choices.size() < 2 || choices.size() > 9) {
                throw new IllegalArgumentException(
                        "single-choice question " + id + " needs 2 to 9 choices, got " + choices.size());
            }
            if (choices.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("single-choice question " + id + " has a blank choice");
            }
        } else if (!choices.isEmpty()) {
            throw new IllegalArgumentException("only single-choice questions have choices (question " + id + ")");
        }
    }

    /** Creates a required question without choices. */
    public static Question of(String id, QuestionType type, String text) {
        return new Question(id, type, text, List.of(), true);
    }

    /** Creates a required single-choice question. */
    public static Question choice(String id, String text, List<String> choices) {
        return new Question(id, QuestionType.SINGLE_CHOICE, text, choices, true);
    }

    /**
     * Validates an answer and returns its canonical stored form ({@code 4}, {@code yes}, the exact choice text, or the
     * trimmed free text).
     *
     * @throws IllegalArgumentException with a message naming the question if the answer is not allowed
     */
    public String canonicalAnswer(String answer) {
        Objects.requireNonNull(answer, "answer");
        String a = answer.trim();
        switch (type) {
            case CSAT -> {
                return intIn(a, 1, 5);
            }
            case NPS -> {
                return intIn(a, 0, 10);
            }
            case YES_NO -> {
                String l = a.toLowerCase(Locale.ROOT);
                if (l.equals("yes") || l.equals("si") || l.equals("sí") || l.equals("y") || l.equals("true")) {
                    return "yes";
                }
                if (l.equals("no") || l.equals("n") || l.equals("false")) {
                    return "no";
                }
                throw new IllegalArgumentException("question " + id + " takes yes or no, got '" + answer + "'");
            }
            case SINGLE_CHOICE -> {
                for (String c : choices) {
                    if (c.equalsIgnoreCase(a)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException(
                        "question " + id + " takes one of " + choices + ", got '" + answer + "'");
            }
            case FREE_TEXT -> {
                if (a.length() > 10_000) {
                    throw new IllegalArgumentException("answer to question " + id + " is longer than 10000 characters");
                }
                return a;
            }
            default -> throw new IllegalStateException("unknown type " + type);
        }
    }

    private String intIn(String a, int min, int max) {
        try {
            int v = Integer.parseInt(a);
            if (v >= min && v <= max) {
                return Integer.toString(v);
            }
        } catch (NumberFormatException e) {
            // fall through to the clear message below
        }
        throw new IllegalArgumentException("question " + id + " (" + type + ") takes a whole number from " + min
                + " to " + max + ", got '" + a + "'");
    }
}
