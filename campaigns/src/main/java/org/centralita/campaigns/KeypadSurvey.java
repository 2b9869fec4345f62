package org.centralita.campaigns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A survey as a keypad-answerable script for agentless mode: prompts with placeholders filled, and for each prompt
 * the key sequences allowed and the answer each one records. A neutral description that the ivr-flows engine maps to
 * a flow (prompt, collect digits, validate, store answer, next); free-text questions are left out (agent only).
 *
 * @param intro the intro text, filled
 * @param questions the keypad questions in order
 * @param skipped ids of questions that cannot be answered by keypad
 */
public record KeypadSurvey(String intro, List<KeypadQuestion> questions, List<String> skipped) {

    /**
     * One keypad question.
     *
     * @param prompt the text to play (TTS or a recording named after the question id), filled
     * @param keys allowed key sequences → answer stored (e.g. {@code "1"} → {@code "yes"})
     * @param maxDigits 1, or 2 for NPS (0–10), where {@code #} ends a one-digit entry
     * @param terminator key that ends a multi-digit entry, or null
     * @param retryPrompt what to play after an invalid key
     */
    public record KeypadQuestion(
            String questionId,
            QuestionType type,
            String prompt,
            Map<String, String> keys,
            int maxDigits,
            Character terminator,
            String retryPrompt) {}

    /** Builds the keypad script of {@code survey} for one contact (placeholders filled from its fields). */
    public static KeypadSurvey of(Survey survey, Map<String, String> contactValues, boolean spanish) {
        List<KeypadQuestion> qs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Question q : survey.questions()) {
            String text = Survey.render(q.text(), contactValues);
            Map<String, String> keys = new LinkedHashMap<>();
            String help;
            int maxDigits = 1;
            Character terminator = null;
            switch (q.type()) {
                case CSAT -> {
                    for (int i = 1; i <= 5; i++) {
                        keys.put(Integer.toString(i), Integer.toString(i));
                    }
                    help = spanish
                            ? "Pulse de 1 (nada satisfecho) a 5 (muy satisfecho)."
                            : "Press 1 (very unsatisfied) to 5 (very satisfied).";
                }
                case NPS -> {
                    for (int i = 0; i <= 10; i++) {
                        keys.put(Integer.toString(i), Integer.toString(i));
                    }
                    maxDigits = 2;
                    terminator = '#';
                    help = spanish
                            ? "Marque de 0 a 10 y después la tecla almohadilla."
                            : "Enter 0 to 10, then the hash key.";
                }
                case YES_NO -> {
                    keys.put("1", "yes");
                    keys.put("2", "no");
                    help = spanish ? "Pulse 1 para sí, 2 para no." : "Press 1 for yes, 2 for no.";
                }
                case SINGLE_CHOICE -> {
                    StringBuilder h = new StringBuilder();
                    for (int i = 0; i < q.choices().size(); i++) {
                        keys.put(Integer.toString(i + 1), q.choices().get(i));
                        h.append(spanish ? "Pulse " : "Press ")
                                .append(i + 1)
                                .append(spanish ? " para " : " for ")
                                .append(q.choices().get(i))
                                .append(". ");
                    }
                    help = h.toString().strip();
                }
                default -> {
                    skipped.add(q.id());
                    continue;
                }
            }
            String retry = (spanish ? "Opción no válida. " : "Sorry, that is not a valid option. ") + help;
            qs.add(new KeypadQuestion(q.id(), q.type(), text + " " + help, keys, maxDigits, terminator, retry));
        }
        return new KeypadSurvey(Survey.render(survey.intro(), contactValues), qs, skipped);
    }
}
