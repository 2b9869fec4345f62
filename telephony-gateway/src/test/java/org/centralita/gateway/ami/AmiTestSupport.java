package org.centralita.gateway.ami;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.centralita.gateway.call.OriginateRequest;
import org.centralita.gateway.testing.AmiTranscript;
import org.centralita.gateway.testing.FakeAsteriskAmi;

/** Shared helpers for the AMI client tests. */
final class AmiTestSupport {
    private AmiTestSupport() {}

    /** Waits for a future on the test thread (never on an event loop). */
    static <T> T await(Future<T> f) {
        try {
            return f.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within 10 s", e);
        }
    }

    /** Waits for a future that must fail and returns its cause. */
    static Throwable awaitFailure(Future<?> f) {
        try {
            f.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within 10 s", e);
        } catch (RuntimeException e) {
            return f.cause() != null ? f.cause() : e;
        }
        throw new AssertionError("expected a failure but got " + f.result());
    }

    /** A client for {@code fake} with keep-alive effectively off and quick reconnects. */
    static AmiClient.Builder client(Vertx vertx, FakeAsteriskAmi fake) {
        return AmiClient.builder(vertx)
                .host("127.0.0.1")
                .port(fake.port())
                .username("dialer")
                .secret("dialer-secret")
                .actionTimeout(Duration.ofSeconds(5))
                .pingInterval(Duration.ofHours(1))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    /** The OriginateRequest that produces this transcript Originate block (Context/Exten form only). */
    static OriginateRequest requestFrom(AmiTranscript.ClientAction a, String callId) {
        var vars = new LinkedHashMap<String, String>();
        for (String v : a.getAll("Variable")) {
            String[] kv = v.split("=", 2);
            vars.put(kv[0], kv[1]);
        }
        return new OriginateRequest(
                callId,
                a.get("Channel"),
                a.get("Context"),
                a.get("Exten"),
                Integer.parseInt(a.get("Priority")),
                a.get("CallerID"),
                Duration.ofMillis(Long.parseLong(a.get("Timeout"))),
                vars);
    }

    /** The raw action of a transcript block, without its ActionID. */
    static AmiAction rawAction(AmiTranscript.ClientAction a) {
        var headers = new ArrayList<AmiHeader>();
        for (String l : a.lines()) {
            if (l.isEmpty()) {
                continue;
            }
            int c = l.indexOf(": ");
            String key = l.substring(0, c);
            if (!key.equalsIgnoreCase("ActionID")) {
                headers.add(new AmiHeader(key, l.substring(c + 2)));
            }
        }
        return new AmiAction(headers);
    }

    /** The transcript's response to the action with this ActionID. */
    static List<String> responseTo(AmiTranscript t, String actionId) {
        for (AmiTranscript.AsteriskMessage m : t.asteriskMessages()) {
            if (!m.lines().isEmpty() && m.lines().get(0).startsWith("Response:")) {
                boolean match = actionId.isEmpty()
                        ? !m.lines().get(1).startsWith("ActionID: ")
                        : m.lines().contains("ActionID: " + actionId);
                if (match) {
                    return m.lines();
                }
            }
        }
        throw new IllegalArgumentException("no response to " + actionId + " in " + t);
    }

    /** The transcript's OriginateResponse event for this ActionID. */
    static List<String> originateResponse(AmiTranscript t, String actionId) {
        for (AmiTranscript.AsteriskMessage m : t.asteriskMessages()) {
            if (m.lines().get(0).equals("Event: OriginateResponse") && m.lines().contains("ActionID: " + actionId)) {
                return m.lines();
            }
        }
        throw new IllegalArgumentException("no OriginateResponse for " + actionId + " in " + t);
    }

    static String value(List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith(key + ": ")) {
                return l.substring(key.length() + 2);
            }
        }
        return "";
    }
}
