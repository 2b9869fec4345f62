package org.centralita.server.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Callback;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignResults;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.Dialability;
import org.centralita.campaigns.DncEntry;
import org.centralita.campaigns.DncImportReport;
import org.centralita.campaigns.ImportReport;
import org.centralita.campaigns.Json;
import org.centralita.campaigns.Survey;
import org.centralita.server.http.ApiException;

/** JSON forms of the campaigns module's values for the HTTP API (lower-case enums, ISO-8601 instants). */
final class CampaignJson {
    private CampaignJson() {}

    static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    static JsonObject campaign(Campaign c) {
        CampaignSpec s = c.spec();
        return new JsonObject()
                .put("id", c.id())
                .put("name", s.name())
                .put("status", lower(c.status()))
                .put("defaultCountry", s.defaultCountry())
                .put("defaultTimeZone", s.defaultTimeZone().getId())
                .put("callerId", s.callerId())
                .put("abandonTarget", s.abandonTarget())
                .put("dialMode", s.dialMode())
                .put("windows", Json.windows(s.windows()))
                .put("retryRules", Json.retryRules(s.retryRules()))
                .put("survey", survey(s.survey()))
                .put("createdAt", iso(c.createdAt()))
                .put("updatedAt", iso(c.updatedAt()));
    }

    static JsonObject survey(Survey s) {
        return Json.survey(s).put("placeholders", new JsonArray(java.util.List.copyOf(s.placeholders())));
    }

    /**
     * Parses a survey; 400 naming the problem when it is not valid (question types are upper- or lower-case).
     */
    static Survey parseSurvey(JsonObject o) {
        try {
            JsonObject copy = o.copy();
            JsonArray qs = copy.getJsonArray("questions", new JsonArray());
            for (int i = 0; i < qs.size(); i++) {
                JsonObject q = qs.getJsonObject(i);
                String type = q.getString("type");
                if (type == null) {
                    throw ApiException.invalid("question " + (i + 1) + " has no type");
                }
                q.put("type", type.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            return Json.survey(copy);
        } catch (ClassCastException e) {
            throw ApiException.invalid("survey: a field has the wrong type (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith("No enum constant")) {
                throw ApiException.invalid(
                        "survey: question type must be csat, nps, yes_no, single_choice or free_text");
            }
            throw ApiException.invalid("survey: " + m);
        } catch (NullPointerException e) {
            throw ApiException.invalid("survey: missing " + e.getMessage());
        }
    }

    /** Builds a spec from a request body, taking absent fields from {@code base} (null on creation). */
    static CampaignSpec parseSpec(JsonObject o, CampaignSpec base) {
        try {
            String name = o.containsKey("name") ? o.getString("name") : base == null ? null : base.name();
            if (name == null || name.isBlank()) {
                throw ApiException.invalid("name: give the campaign a name");
            }
            Survey survey = o.containsKey("survey")
                    ? parseSurvey(o.getJsonObject("survey"))
                    : base == null ? Survey.empty() : base.survey();
            String country = o.getString("defaultCountry", base == null ? "ES" : base.defaultCountry());
            ZoneId zone;
            String zoneText = o.getString(
                    "defaultTimeZone",
                    base == null ? "Europe/Madrid" : base.defaultTimeZone().getId());
            try {
                zone = ZoneId.of(zoneText);
            } catch (java.time.DateTimeException e) {
                throw ApiException.invalid("defaultTimeZone: unknown time zone '" + zoneText + "'");
            }
            String callerId =
                    o.containsKey("callerId") ? o.getString("callerId") : base == null ? null : base.callerId();
            if (callerId != null && callerId.isBlank()) {
                callerId = null;
            }
            double abandon = o.containsKey("abandonTarget")
                    ? o.getDouble("abandonTarget")
                    : base == null ? 0.03 : base.abandonTarget();
            var windows = o.containsKey("windows")
                    ? Json.windows(o.getJsonObject("windows"))
                    : base == null ? null : base.windows();
            var retries = o.containsKey("retryRules")
                    ? Json.retryRules(o.getJsonObject("retryRules"))
                    : base == null ? null : base.retryRules();
            return new CampaignSpec(
                    name.trim(),
                    survey,
                    base == null ? null : base.dialMode(),
                    base == null ? null : base.dialSettings(),
                    country,
                    zone,
                    windows,
                    retries,
                    callerId,
                    abandon);
        } catch (ClassCastException e) {
            throw ApiException.invalid("a field has the wrong type: " + e.getMessage());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalid("windows: " + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    static JsonObject contact(Contact c) {
        JsonObject fields = new JsonObject();
        c.fields().forEach(fields::put);
        return new JsonObject()
                .put("id", c.id())
                .put("campaignId", c.campaignId())
                .put("listId", c.listId())
                .put("lineNo", c.lineNo())
                .put("phone", c.phone())
                .put("name", c.name())
                .put("customerId", c.customerId())
                .put("language", c.language())
                .put("timeZone", c.timeZone())
                .put("email", c.email())
                .put("fields", fields)
                .put("state", lower(c.state()))
                .put("nextDueAt", iso(c.nextDueAt()))
                .put("attempts", c.attempts())
                .put(
                        "lastOutcome",
                        c.lastOutcome() == null ? null : c.lastOutcome().wireName())
                .put("lastAttemptAt", iso(c.lastAttemptAt()))
                .put("callbackAgent", c.callbackAgent())
                .put("doneReason", c.doneReason())
                .put("disposition", c.disposition());
    }

    static JsonObject attempt(Attempt a) {
        return new JsonObject()
                .put("id", a.id())
                .put("startedAt", iso(a.startedAt()))
                .put("endedAt", iso(a.endedAt()))
                .put("outcome", a.outcome() == null ? null : a.outcome().wireName())
                .put("agent", a.agent())
                .put(
                        "durationSeconds",
                        a.duration() == null ? null : a.duration().toSeconds())
                .put("reconciled", a.reconciled());
    }

    static JsonObject dialability(Dialability d) {
        JsonArray reasons = new JsonArray();
        d.reasons()
                .forEach(r -> reasons.add(
                        new JsonObject().put("code", lower(r.code())).put("message", r.message())));
        return new JsonObject()
                .put("contactId", d.contactId())
                .put("dialable", d.dialable())
                .put("reasons", reasons)
                .put("nextEligibleAt", iso(d.nextEligibleAt()))
                .put("localTime", d.localTime());
    }

    static JsonObject callback(Callback c) {
        return new JsonObject()
                .put("id", c.id())
                .put("contactId", c.contactId())
                .put("campaignId", c.campaignId())
                .put("dueAt", iso(c.dueAt()))
                .put("agent", c.agent())
                .put("note", c.note())
                .put("createdBy", c.createdBy())
                .put("status", c.status() == null ? null : c.status().toLowerCase(Locale.ROOT));
    }

    static JsonObject dnc(DncEntry e) {
        return new JsonObject()
                .put("phone", e.phone())
                .put("source", e.source())
                .put("note", e.note())
                .put("addedAt", iso(e.addedAt()));
    }

    static JsonObject dncReport(DncImportReport r) {
        return new JsonObject()
                .put("rowsRead", r.rowsRead())
                .put("added", r.added())
                .put("alreadyListed", r.alreadyListed())
                .put("invalid", r.invalid());
    }

    static JsonObject importReport(ImportReport r) {
        JsonObject rejected = new JsonObject();
        r.rejected().forEach((k, v) -> rejected.put(lower(k), v));
        JsonObject mapping = new JsonObject();
        r.mapping().forEach((k, v) -> mapping.put(lower(k), v));
        return new JsonObject()
                .put("importId", r.importId())
                .put("campaignId", r.campaignId())
                .put("listId", r.listId())
                .put("fileName", r.fileName())
                .put("encoding", r.encoding())
                .put("delimiter", r.delimiter())
                .put("hasHeader", r.hasHeader())
                .put("mapping", mapping)
                .put("customFields", new JsonArray(r.customFields()))
                .put("rowsRead", r.rowsRead())
                .put("blankLines", r.blankLines())
                .put("accepted", r.accepted())
                .put("rejectedTotal", r.rejectedTotal())
                .put("rejected", rejected)
                .put(
                        "missingPlaceholders",
                        new JsonArray(r.missingPlaceholders().stream().sorted().toList()))
                .put("bytesRead", r.bytesRead())
                .put("durationMillis", r.durationMillis());
    }

    static JsonObject results(CampaignResults r) {
        JsonObject csat = new JsonObject();
        for (int i = 1; i <= 5; i++) {
            csat.put(Integer.toString(i), r.csatDistribution().getOrDefault(i, 0L));
        }
        JsonArray questions = new JsonArray();
        r.questions().forEach(q -> {
            JsonObject dist = new JsonObject();
            q.distribution().forEach(dist::put);
            questions.add(new JsonObject()
                    .put("questionId", q.questionId())
                    .put("type", lower(q.type()))
                    .put("responses", q.responses())
                    .put("distribution", dist)
                    .put("average", finite(q.average())));
        });
        JsonObject outcomes = new JsonObject();
        r.outcomes().forEach((k, v) -> outcomes.put(k.wireName(), v));
        return new JsonObject()
                .put("campaignId", r.campaignId())
                .put("contacts", r.contacts())
                .put("completed", r.completed())
                .put("completionRate", finite(r.completionRate()))
                .put("csatAverage", finite(r.csatAverage()))
                .put("csatDistribution", csat)
                .put("npsScore", finite(r.npsScore()))
                .put("fcrRate", finite(r.fcrRate()))
                .put("questions", questions)
                .put("outcomes", outcomes);
    }

    /** JSON has no NaN: "no data yet" is null. */
    static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
