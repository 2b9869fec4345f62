package org.centralita.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON forms of the values stored as text columns (also handy for the HTTP API). */
public final class Json {
    private Json() {}

    /** Returns the JSON form of calling windows. */
    public static JsonObject windows(CallingWindows w) {
        JsonObject weekly = new JsonObject();
        w.weekly()
                .forEach((day, ranges) -> weekly.put(
                        day.name(),
                        new JsonArray(ranges.stream().map(TimeRange::toString).toList())));
        // a holiday for everyone stays a plain date, so stored campaigns and older readers see what they know
        JsonArray holidays = new JsonArray();
        for (Holiday h : w.allHolidays()) {
            holidays.add(
                    h.country() == null
                            ? h.date().toString()
                            : new JsonObject().put("date", h.date().toString()).put("country", h.country()));
        }
        return new JsonObject().put("weekly", weekly).put("holidays", holidays);
    }

    /** Parses the JSON form of calling windows. */
    public static CallingWindows windows(JsonObject o) {
        Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
        JsonObject w = o.getJsonObject("weekly", new JsonObject());
        for (String day : w.fieldNames()) {
            List<TimeRange> ranges = new ArrayList<>();
            for (Object r : w.getJsonArray(day)) {
                ranges.add(TimeRange.parse((String) r));
            }
            weekly.put(DayOfWeek.valueOf(day.toUpperCase(java.util.Locale.ROOT)), ranges);
        }
        List<Holiday> holidays = new ArrayList<>();
        for (Object h : o.getJsonArray("holidays", new JsonArray())) {
            if (h instanceof String date) {
                holidays.add(Holiday.everyone(LocalDate.parse(date)));
            } else if (h instanceof JsonObject one) {
                if (one.getValue("date") == null) {
                    throw new IllegalArgumentException("holiday " + one.encode() + " has no date");
                }
                holidays.add(new Holiday(LocalDate.parse(one.getString("date")), one.getString("country")));
            } else {
                throw new IllegalArgumentException(
                        "holiday must be a date (2026-12-08) or {\"date\": \"2026-12-08\", \"country\": \"ES\"}, got "
                                + h);
            }
        }
        return new CallingWindows(weekly, Set.of(), Set.copyOf(holidays));
    }

    /** Returns the JSON form of retry rules. */
    public static JsonObject retryRules(RetryRules r) {
        JsonObject o = new JsonObject();
        r.rules()
                .forEach((outcome, rule) -> o.put(
                        outcome.wireName(),
                        new JsonObject()
                                .put("delaySeconds", rule.delay().toSeconds())
                                .put("maxAttempts", rule.maxAttempts())));
        return o;
    }

    /** Parses the JSON form of retry rules. */
    public static RetryRules retryRules(JsonObject o) {
        Map<Outcome, RetryRule> m = new EnumMap<>(Outcome.class);
        for (String k : o.fieldNames()) {
            JsonObject rule = o.getJsonObject(k);
            m.put(
                    Outcome.parse(k),
                    new RetryRule(Duration.ofSeconds(rule.getLong("delaySeconds")), rule.getInteger("maxAttempts")));
        }
        return new RetryRules(m);
    }

    /** Returns the JSON form of a survey. */
    public static JsonObject survey(Survey s) {
        JsonArray qs = new JsonArray();
        for (Question q : s.questions()) {
            qs.add(new JsonObject()
                    .put("id", q.id())
                    .put("type", q.type().name())
                    .put("text", q.text())
                    .put("choices", new JsonArray(q.choices()))
                    .put("required", q.required()));
        }
        return new JsonObject()
                .put("title", s.title())
                .put("intro", s.intro())
                .put("fcrQuestionId", s.fcrQuestionId())
                .put("questions", qs);
    }

    /** Parses the JSON form of a survey. */
    public static Survey survey(JsonObject o) {
        List<Question> qs = new ArrayList<>();
        for (Object x : o.getJsonArray("questions", new JsonArray())) {
            JsonObject q = (JsonObject) x;
            List<String> choices = new ArrayList<>();
            q.getJsonArray("choices", new JsonArray()).forEach(c -> choices.add((String) c));
            qs.add(new Question(
                    q.getString("id"),
                    QuestionType.valueOf(q.getString("type")),
                    q.getString("text"),
                    choices,
                    q.getBoolean("required", true)));
        }
        return new Survey(o.getString("title", ""), o.getString("intro", ""), qs, o.getString("fcrQuestionId"));
    }

    static String fields(Map<String, String> fields) {
        JsonObject o = new JsonObject();
        fields.forEach(o::put);
        return o.encode();
    }

    private static final com.fasterxml.jackson.core.JsonFactory STREAMING =
            new com.fasterxml.jackson.core.JsonFactory();

    /**
     * Parses a contact's custom fields ({@code {"name": "text", ...}}) with a streaming parser: read for every claimed
     * contact, so it avoids building and copying a tree. Anything but string values takes the general path.
     */
    static Map<String, String> fields(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        if (json == null || json.isEmpty()) {
            return m;
        }
        try (com.fasterxml.jackson.core.JsonParser p = STREAMING.createParser(json)) {
            if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                com.fasterxml.jackson.core.JsonToken t;
                while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        return fieldsOfAnyJson(json);
                    }
                    m.put(key, p.getText());
                }
                if (t == com.fasterxml.jackson.core.JsonToken.END_OBJECT && p.nextToken() == null) {
                    return m;
                }
            }
        } catch (java.io.IOException e) {
            // not the simple form: the general parser reports it
        }
        return fieldsOfAnyJson(json);
    }

    private static Map<String, String> fieldsOfAnyJson(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        new JsonObject(json).forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
        return m;
    }
}
