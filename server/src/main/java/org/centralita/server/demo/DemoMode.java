package org.centralita.server.demo;

import io.vertx.core.Future;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.centralita.campaigns.CallingWindows;
import org.centralita.campaigns.Campaign;
import org.centralita.campaigns.CampaignSpec;
import org.centralita.campaigns.CampaignStatus;
import org.centralita.campaigns.Campaigns;
import org.centralita.campaigns.Database;
import org.centralita.campaigns.ImportOptions;
import org.centralita.campaigns.Question;
import org.centralita.campaigns.QuestionType;
import org.centralita.campaigns.Survey;
import org.centralita.campaigns.TimeRange;
import org.centralita.dialer.runtime.CallPathSettings;
import org.centralita.dialer.runtime.DemoDialer;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.gateway.call.SimOutcomeModel;
import org.centralita.server.Components;
import org.centralita.server.ManagedComponent;
import org.centralita.server.Platform;
import org.centralita.server.agent.AgentWiring;
import org.centralita.server.agent.DialerComponent;
import org.centralita.server.auth.Role;
import org.centralita.server.auth.UserStore;
import org.centralita.server.campaigns.CampaignsStorage;
import org.centralita.server.telephony.TelephonyAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code centralita serve --demo}: no Asterisk. Seeds demo accounts and a demo survey campaign with generated
 * contacts, runs the campaign's dialer over the simulated call control in real time ({@link DemoDialer}) and
 * wires the agent desktop and the wallboard to it. Never used outside demo mode.
 */
public final class DemoMode {
    private static final Logger log = LoggerFactory.getLogger(DemoMode.class);

    /** Password of every demo account (demo mode only; documented in docs/server.md). */
    public static final String PASSWORD = "demo-centralita";

    /** Demo accounts: user name and role. */
    public static final List<String[]> ACCOUNTS = List.of(
            new String[] {"agent1", "AGENT", "Lucía Fernández"},
            new String[] {"agent2", "AGENT", "Jorge Martín"},
            new String[] {"agent3", "AGENT", "Amaia Etxeberria"},
            new String[] {"manager", "MANAGER", "Marta Gil"},
            new String[] {"supervisor", "SUPERVISOR", "Pablo Ruiz"});

    /** Name of the demo campaign. */
    public static final String CAMPAIGN = "Demo: encuesta de satisfacción";

    static final Survey SURVEY = new Survey(
            "Satisfacción del cliente",
            "Buenos días, {name}. Le llamamos de Centralita Telecom por su {product} contratado en {city}."
                    + " ¿Tiene un minuto para tres preguntas?",
            List.of(
                    Question.of("csat", QuestionType.CSAT, "Del 1 al 5, ¿qué tal funciona su {product}?"),
                    Question.of("nps", QuestionType.NPS, "Del 0 al 10, ¿nos recomendaría a un amigo?"),
                    Question.of("fcr", QuestionType.YES_NO, "¿Resolvimos su última consulta a la primera?"),
                    new Question("comment", QuestionType.FREE_TEXT, "¿Algo que quiera añadir?", List.of(), false)),
            "fcr");

    private DemoMode() {}

    /**
     * Adds the demo's components to {@code b}: the dialer of every running campaign over simulated calls (the seeded
     * demo campaign, and any a manager starts), the agent API, the wallboard and the pacing API with live figures;
     * simulated customers follow {@code outcomes} (e.g. {@link #outcomes(Duration)}).
     */
    public static Components.Builder wire(Platform p, Components.Builder b, SimOutcomeModel outcomes) {
        DialerComponent dialer = new DialerComponent(p, true, () -> launcher(p, outcomes), null);
        ManagedComponent component = ManagedComponent.of(
                "demo-dialer",
                () -> p.vertx()
                        .executeBlocking(() -> {
                            Database d = CampaignsStorage.of(p.dataSource()); // the server's one pool
                            return seedCampaign(new Campaigns(d, Clock.systemUTC()));
                        })
                        .compose(c -> seedUsers(p).map(c))
                        .compose(c -> dialer.start().map(v -> {
                            log.info(
                                    "DEMO MODE: simulated calls, campaign {} \"{}\". Sign in as agent1, agent2,"
                                            + " agent3, manager or supervisor with password {}. Demo database: {}"
                                            + " (its own, never the configured one; a normal serve disables demo"
                                            + " accounts it finds)",
                                    c.id(),
                                    CAMPAIGN,
                                    PASSWORD,
                                    p.config().database().url());
                            return null;
                        })),
                dialer::stop);
        return wire(p, b.dialer(component), dialer);
    }

    private static Components.Builder wire(Platform p, Components.Builder b, DialerComponent dialer) {
        TelephonyAdmin.pacing(p, b, AgentWiring.liveDialers(dialer::desk));
        return AgentWiring.apis(p, b, dialer::desk);
    }

    /** Returns how the demo builds a campaign's runtime: over simulated calls, demo agents on simulated phones. */
    static DialerComponent.Launcher launcher(Platform p, SimOutcomeModel outcomes) {
        return (campaigns, c, settings, agentless) -> {
            String number = c.spec().callerId() == null || c.spec().callerId().isBlank()
                    ? "+34910000000"
                    : c.spec().callerId();
            DemoDialer demo = DemoDialer.create(
                    p.vertx(),
                    campaigns,
                    c.id(),
                    outcomes,
                    CallPathSettings.defaults(number).withClaiming(10, Duration.ofSeconds(1)),
                    builder -> builder.settings(settings));
            return new DialerComponent.Launched(demo.runtime(), (agent, channel) -> demo.login(agent));
        };
    }

    /** People answer 65 %, talk for up to {@code talk}; the rest are busy, unanswered or machines. */
    public static SimOutcomeModel outcomes(Duration talk) {
        long maxTalk = Math.max(1000, talk.toMillis());
        return request -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            double x = r.nextDouble();
            if (x < 0.65) {
                return new SimCallPlan(
                        SimAnswer.HUMAN,
                        r.nextLong(1500, 5000),
                        r.nextLong(maxTalk / 2, maxTalk + 1),
                        SimAmdVerdict.HUMAN,
                        r.nextLong(300, 900));
            }
            if (x < 0.75) {
                return SimCallPlan.unanswered(SimAnswer.BUSY, r.nextLong(1000, 3000));
            }
            if (x < 0.92) {
                return SimCallPlan.unanswered(SimAnswer.NO_ANSWER, 0);
            }
            return new SimCallPlan(SimAnswer.MACHINE, r.nextLong(2000, 5000), 8000, SimAmdVerdict.MACHINE, 2500);
        };
    }

    private static Future<Void> seedUsers(Platform p) {
        UserStore users =
                new UserStore(p.vertx(), p.dataSource(), p.config().security().bcryptCost(), Clock.systemUTC());
        return users.list().compose(existing -> {
            Set<String> names = new java.util.HashSet<>();
            existing.forEach(u -> names.add(u.username()));
            Future<Void> chain = Future.succeededFuture();
            for (String[] a : ACCOUNTS) {
                if (!names.contains(a[0])) {
                    Role role = Role.valueOf(a[1]);
                    // each demo agent has its own simulated phone: the endpoint is the DemoDialer channel
                    String endpoint = role == Role.AGENT ? endpoint(a[0]) : null;
                    chain = chain.compose(v -> users.create(
                                    new UserStore.NewUser(a[0], a[2], role, "es", PASSWORD, false, endpoint, true))
                            .mapEmpty());
                }
            }
            return chain;
        });
    }

    /** Returns the simulated phone endpoint of demo agent {@code username}: the channel its DemoDialer phone is on. */
    public static String endpoint(String username) {
        return DemoDialer.AGENT_CHANNEL_PREFIX + username;
    }

    /** Returns the user names of the demo accounts. */
    public static List<String> accountNames() {
        return ACCOUNTS.stream().map(a -> a[0]).toList();
    }

    /**
     * Returns the component a normal {@code serve} starts before HTTP: it disables every demo account in the database
     * (marked demo, or named like one with the published password, seeded by an older demo mode), so nobody signs in
     * to a production server with the password printed in the README. Logs each account it disabled.
     */
    public static ManagedComponent accountsGuard(Platform p) {
        UserStore users =
                new UserStore(p.vertx(), p.dataSource(), p.config().security().bcryptCost(), Clock.systemUTC());
        return ManagedComponent.of(
                "demo-accounts-guard",
                () -> users.disableDemoAccounts(accountNames(), PASSWORD).map(disabled -> {
                    if (!disabled.isEmpty()) {
                        log.warn(
                                "Disabled demo account(s) {} found in {}: they have the published demo password."
                                        + " An admin can enable one only by giving it a new password.",
                                String.join(", ", disabled),
                                p.config().database().url());
                    }
                    return null;
                }),
                Future::succeededFuture);
    }

    /** Finds the demo campaign or creates it with a few hundred generated contacts; RUNNING. Blocking. */
    static Campaign seedCampaign(Campaigns campaigns) {
        Campaign existing = campaigns.list().toCompletionStage().toCompletableFuture().join().stream()
                .filter(c -> CAMPAIGN.equals(c.name()))
                .findFirst()
                .orElse(null);
        if (existing == null) {
            CallingWindows always = CallingWindows.defaults();
            for (DayOfWeek d : DayOfWeek.values()) {
                always = always.with(d, new TimeRange(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
            }
            existing = campaigns.createBlocking(CampaignSpec.of(CAMPAIGN, SURVEY, "ES", ZoneId.of("Europe/Madrid"))
                    .withWindows(always)
                    .withDialMode("progressive", "{\"wrapUpSeconds\":90,\"amd\":true}"));
            byte[] csv = contactsCsv(300).getBytes(StandardCharsets.UTF_8);
            campaigns.importContactsBlocking(
                    existing.id(),
                    "demo-contacts.csv",
                    new ByteArrayInputStream(csv),
                    csv.length,
                    ImportOptions.detect(),
                    null);
        }
        if (existing.status() != CampaignStatus.RUNNING) {
            existing = campaigns.setStatusBlocking(existing.id(), CampaignStatus.RUNNING);
        }
        return existing;
    }

    static String contactsCsv(int n) {
        String[] first = {"Ana", "Luis", "Carmen", "Javier", "Nerea", "Íñigo", "Rocío", "Xavier", "Begoña", "Óscar"};
        String[] last = {"López", "García", "Muñoz", "Ibáñez", "Sánchez", "Etxeberria", "Núñez", "Castaño"};
        String[] product = {"router", "fibra 600 Mb", "móvil", "televisión"};
        String[] city = {"Madrid", "Bilbao", "Sevilla", "Valencia", "A Coruña"};
        StringBuilder sb = new StringBuilder("phone;name;customer_id;product;city\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format("+346%08d", 10_000_000 + i * 7919 % 89_999_999))
                    .append(';')
                    .append(first[i % first.length])
                    .append(' ')
                    .append(last[(i / first.length) % last.length])
                    .append(';')
                    .append(String.format("C-%05d", i + 1))
                    .append(';')
                    .append(product[i % product.length])
                    .append(';')
                    .append(city[i % city.length])
                    .append('\n');
        }
        return sb.toString();
    }
}
