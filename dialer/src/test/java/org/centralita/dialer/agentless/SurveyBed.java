package org.centralita.dialer.agentless;

import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Contact;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.DatabaseConfig;
import org.centralita.campaigns.Fixtures;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.MutableClock;
import org.centralita.flows.IvrFlows;

/** A campaign with the visit survey, two contacts (es, en), the ivr-flows engine and the survey handler. */
final class SurveyBed implements AutoCloseable {
    /** Monday 23 November 2026, 10:00 UTC: inside Madrid's default calling window. */
    static final Instant MONDAY_10Z = Instant.parse("2026-11-23T10:00:00Z");

    final Vertx vertx = Vertx.vertx();
    final MutableClock clock = new MutableClock(MONDAY_10Z);
    final Database db;
    final Campaigns campaigns;
    final Campaign campaign;
    final Path flowsDir;
    final IvrFlows flows;
    final SurveyFlows surveyFlows;
    final SurveyHandler handler;

    SurveyBed() {
        db = Database.open(DatabaseConfig.h2Memory("agentless" + System.nanoTime()), vertx);
        campaigns = new Campaigns(db, clock);
        Campaign c = campaigns.createBlocking(Fixtures.spanishSpec());
        byte[] csv = "telefono;nombre;idioma;Técnico\n612345678;Ana López;es;Luis\n612345679;John Smith;en;Luis\n"
                .getBytes(StandardCharsets.UTF_8);
        campaigns.importContactsBlocking(
                c.id(), "visitas.csv", new ByteArrayInputStream(csv), csv.length, ImportOptions.detect(), null);
        campaign = campaigns.setStatusBlocking(c.id(), CampaignStatus.RUNNING);
        try {
            flowsDir = Files.createTempDirectory("agentless-flows");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        flows = IvrFlows.builder(vertx, flowsDir)
                .prompts(prompts())
                .dataSource(db.dataSource())
                .watchPeriod(Duration.ZERO)
                .build();
        surveyFlows = new SurveyFlows(prompts(), clock, Duration.ofSeconds(60), 3);
        handler = new SurveyHandler(vertx, campaigns, flows, surveyFlows, clock);
    }

    /** Returns the repository's prompts folder (walking up from the module directory). */
    static Path prompts() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("prompts").resolve("es"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no prompts/ folder above " + System.getProperty("user.dir"));
        }
        return p.resolve("prompts");
    }

    List<Contact> contacts() {
        return campaigns.contacts(campaign.id(), 0, 100).await();
    }

    Contact contact(String language) {
        return contacts().stream()
                .filter(c -> language.equals(c.language()))
                .findFirst()
                .orElseThrow();
    }

    /** Claims the contact and records its attempt, as the dialer does before originating. */
    Attempt dial(Contact contact, String callId) {
        campaigns.claimContactBlocking(contact.id(), "dialer-test");
        return campaigns.openAttemptBlocking(contact.id(), callId, null);
    }

    Attempt attempt(long contactId, long attemptId) {
        return campaigns.attemptsBlocking(contactId).stream()
                .filter(a -> a.id() == attemptId)
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        flows.stop();
        db.close();
        vertx.close().await();
    }
}
