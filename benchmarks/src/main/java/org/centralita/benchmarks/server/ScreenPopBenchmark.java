package org.centralita.benchmarks.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.centralita.gateway.call.SimAmdVerdict;
import org.centralita.gateway.call.SimAnswer;
import org.centralita.gateway.call.SimCallPlan;
import org.centralita.server.CentralitaServer;
import org.centralita.server.Components;
import org.centralita.server.ManagedComponent;
import org.centralita.server.ServerDatabase;
import org.centralita.server.auth.Role;
import org.centralita.server.auth.UserStore;
import org.centralita.server.config.ServerConfig;
import org.centralita.server.demo.DemoMode;

/**
 * 200 agent desktops connected over SSE on loopback; screen pop latency from the dialer's reservation (published just
 * before the AMI Bridge) to the event arriving at the desktop's stream.
 *
 * <p>Centralita: the real server in demo mode (DemoDialer over simulated calls in real time, every customer a person
 * who answers at once), each agent signed in with its own session, logged in to the dialer through
 * {@code POST /api/agent/login}, listening on {@code GET /api/events}; latency = arrival − {@code reservedAt}.
 *
 * <p>Peer, side by side in the same JVM: a plain Vert.x event bus → SSE server (one consumer per connection, no
 * authentication, sessions or routing) fed the same number of pops at the same rate; latency = arrival − sentAt.
 *
 * <p>Usage: {@code ScreenPopBenchmark [agents=200]}.
 */
public final class ScreenPopBenchmark {
    private ScreenPopBenchmark() {}

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Histogram ours = runCentralita(agents);
        Histogram peer = runPeer(agents, Math.max(1, (int) ours.getTotalCount()));
        System.out.printf("agents=%d cores=%d%n", agents, Runtime.getRuntime().availableProcessors());
        print("centralita (auth, sessions, per-user SSE routing, real dialer)", ours);
        print("peer: plain Vert.x event bus -> SSE", peer);
        System.out.printf(
                "ratio p99 centralita/peer = %.2f%n",
                (double) ours.getValueAtPercentile(99) / Math.max(1, peer.getValueAtPercentile(99)));
        System.exit(0);
    }

    static void print(String name, Histogram h) {
        System.out.printf(
                "%-62s pops=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms%n",
                name,
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getMaxValue());
    }

    static Histogram runCentralita(int agents) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_HTTP_HOST", "127.0.0.1");
        env.put("CENTRALITA_HTTP_PORT", "0");
        env.put("CENTRALITA_AMI_ENABLED", "false");
        env.put("CENTRALITA_SECURITY_BCRYPT_COST", "4");
        env.put("CENTRALITA_SECURITY_LOGIN_MAX_FAILURES", "1000");
        env.put(
                "CENTRALITA_DATABASE_URL",
                "jdbc:h2:mem:b" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        env.put("CENTRALITA_ADMIN_PASSWORD", "bench-admin-1");
        ServerConfig config = ServerConfig.load(null, env);
        CentralitaServer server = CentralitaServer.start(
                        config,
                        ServerDatabase::open,
                        p -> {
                            UserStore users = new UserStore(p.vertx(), p.dataSource(), 4, Clock.systemUTC());
                            Components.Builder b = Components.builder()
                                    .extra(ManagedComponent.of(
                                            "bench-users",
                                            () -> {
                                                Future<Void> chain = Future.succeededFuture();
                                                for (int i = 1; i <= agents; i++) {
                                                    String name = "bench" + i;
                                                    chain = chain.compose(v -> users.create(new UserStore.NewUser(
                                                                    name,
                                                                    name,
                                                                    Role.AGENT,
                                                                    "es",
                                                                    DemoMode.PASSWORD,
                                                                    false))
                                                            .mapEmpty());
                                                }
                                                return chain;
                                            },
                                            Future::succeededFuture));
                            return DemoMode.wire(
                                            p,
                                            b,
                                            r -> new SimCallPlan(SimAnswer.HUMAN, 50, 600_000, SimAmdVerdict.HUMAN, 20))
                                    .build();
                        },
                        env)
                .toCompletionStage()
                .toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + server.httpPort();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Histogram h = new Histogram(60_000, 3);
        CountDownLatch pops = new CountDownLatch(agents);
        List<String[]> sessions = new ArrayList<>();
        for (int i = 1; i <= agents; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                    .put("username", "bench" + i)
                                    .put("password", DemoMode.PASSWORD)
                                    .encode()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            sessions.add(new String[] {cookie, new JsonObject(r.body()).getString("csrfToken")});
        }
        for (String[] s : sessions) {
            HttpRequest events = HttpRequest.newBuilder(URI.create(base + "/api/events"))
                    .header("Cookie", s[0])
                    .header("Accept", "text/event-stream")
                    .build();
            http.sendAsync(events, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(resp -> consume(resp.body(), "reservedAt", h, pops));
        }
        Thread.sleep(1000); // streams open (a benchmark, not a test)
        long t0 = System.nanoTime();
        for (String[] s : sessions) {
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/agent/login"))
                            .header("Cookie", s[0])
                            .header("X-CSRF-Token", s[1])
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        boolean all = pops.await(120, TimeUnit.SECONDS);
        System.out.printf(
                "centralita: %d agents logged in, %s pops in %.1f s%n",
                agents, all ? "all" : "not all", (System.nanoTime() - t0) / 1e9);
        server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return h;
    }

    static void consume(Stream<String> lines, String stampField, Histogram h, CountDownLatch done) {
        String[] event = {""};
        lines.forEach(line -> {
            if (line.startsWith("event: ")) {
                event[0] = line.substring(7);
            } else if (line.startsWith("data: ") && "screen-pop".equals(event[0])) {
                long now = System.currentTimeMillis();
                JsonObject pop = new JsonObject(line.substring(6));
                synchronized (h) {
                    h.recordValue(Math.max(0, now - pop.getLong(stampField)));
                }
                done.countDown();
            }
        });
    }

    /** The peer: the same fan-out with nothing but the event bus and an SSE response per desktop. */
    static Histogram runPeer(int agents, int popsTotal) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> {
                    String agent = req.getParam("agent");
                    req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    req.response().write(": ok\n\n");
                    var c = vertx.eventBus().<JsonObject>consumer("peer.agent." + agent, m -> req.response()
                            .write("event: screen-pop\ndata: " + m.body().encode() + "\n\n"));
                    req.connection().closeHandler(v -> c.unregister());
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Histogram h = new Histogram(60_000, 3);
        CountDownLatch pops = new CountDownLatch(popsTotal);
        for (int i = 1; i <= agents; i++) {
            http.sendAsync(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + server.actualPort() + "/?agent=" + i))
                                    .build(),
                            HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(resp -> consume(resp.body(), "sentAt", h, pops));
        }
        Thread.sleep(1000);
        // Same rate as the demo dialer's claims: 10 per second.
        for (int i = 0; i < popsTotal; i++) {
            int agent = i % agents + 1;
            vertx.runOnContext(v -> vertx.eventBus()
                    .publish(
                            "peer.agent." + agent,
                            new JsonObject()
                                    .put("type", "screen-pop")
                                    .put("sentAt", System.currentTimeMillis())
                                    .put("contact", new JsonObject().put("name", "Ana López"))
                                    .put("survey", "x".repeat(1500))));
            Thread.sleep(100);
        }
        pops.await(30, TimeUnit.SECONDS);
        vertx.close();
        return h;
    }
}
