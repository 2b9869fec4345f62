package org.centralita.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.centralita.gateway.ami.AmiCallControl;
import org.centralita.gateway.ami.AmiHeader;
import org.centralita.gateway.ami.AmiHeaders;

/**
 * Plays Asterisk's side of AMI over real TCP, for tests without an Asterisk.
 *
 * <p>It behaves like Asterisk 22 as recorded in {@code shared/asterisk/ami/}: the banner
 * {@code Asterisk Call Manager/11.0.0} + CRLF without a blank line; Login answered with
 * {@code Authentication accepted} followed by {@code FullyBooted} (no Timestamp) and {@code SuccessfulAuth}, or, for
 * a wrong secret, {@code Authentication failed} after a 1 s delay and then a close; {@code Permission denied}
 * for actions before login; Ping, Logoff, CoreShowChannels (an event list), Getvar/Setvar, Hangup, Redirect,
 * Bridge; and async Originate with a realistic event stream for each scripted {@link Outcome}. Unknown actions
 * get an Error, and a {@code RequestBadFormat} event after the <em>next</em> response, as Asterisk does.
 *
 * <pre>{@code
 * FakeAsteriskAmi fake = FakeAsteriskAmi.start(vertx).await();
 * fake.onOriginate("Local/busy@customer-sim", FakeAsteriskAmi.Outcome.BUSY);
 * AmiClient client = AmiClient.builder(vertx).port(fake.port()).username("dialer").secret("dialer-secret").build();
 * }</pre>
 *
 * <p>It can also {@linkplain #replay(AmiTranscript) replay a transcript}: the next connection gets the
 * transcript's A: messages, paced by the client's actions, which are checked against the transcript's C: blocks
 * (differences are listed by {@link #mismatches()}); the transcript's ActionIDs are replaced by the client's.
 * Faults on command: {@link #dropConnections()} closes every connection, {@link #goSilent()} stops reading and
 * answering without closing (a half-open connection).
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class FakeAsteriskAmi implements AutoCloseable {

    /** What happens to a scripted originate. */
    public enum Outcome {
        /** Rings, answers: OriginateResponse Success, Reason 4; the channels stay up until hung up. */
        ANSWERED,
        /** Answered, then AMD() on ;1 says HUMAN (VarSet AMDSTATUS/AMDCAUSE and UserEvent AmdResult). */
        ANSWERED_BY_HUMAN,
        /** Answered, then AMD() on ;1 says MACHINE (long greeting). */
        ANSWERED_BY_MACHINE,
        /**
         * Answered, then the person hangs up while AMD() on ;1 listens. As on a real Asterisk 22: ;2 hangs up
         * (cause 16), then AMD sets {@code AMDSTATUS=HANGUP} and an empty {@code AMDCAUSE} on ;1 (VarSet events,
         * no UserEvent: the dialplan stops), then ;1 hangs up (cause 16).
         */
        HUNG_UP_DURING_AMD,
        /** OriginateResponse Failure, Reason 5; the customer half hangs up with cause 17. */
        BUSY,
        /** OriginateResponse Failure, Reason 3; both halves hang up with cause 19. */
        NO_ANSWER,
        /** OriginateResponse Failure, Reason 8; the customer half hangs up with cause 34. */
        CONGESTION,
        /** OriginateResponse Failure, Reason 0 (e.g. bad context); both halves hang up with cause 0. */
        FAILED,
        /** Rings and never answers: no OriginateResponse at all (for connection-loss tests). */
        RING_FOREVER
    }

    /** The banner Asterisk 22 sends. */
    public static final String BANNER = "Asterisk Call Manager/11.0.0";

    private final Vertx vertx;
    private NetServer server;
    private int port;

    // Everything below is guarded by "this".
    private String username = "dialer";
    private String secret = "dialer-secret";
    private Duration loginFailureDelay = Duration.ofSeconds(1);
    private final Deque<AmiTranscript> replays = new ArrayDeque<>();
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final Map<String, Integer> hangupCauses = new HashMap<>();
    private Outcome defaultOutcome = Outcome.ANSWERED;
    private boolean originateResponseBeforeUp;
    private Duration ringTime = Duration.ZERO;
    private Duration talkTime;
    private final Set<String> deniedActions = new HashSet<>();
    private final Map<String, FakeChannel> channels = new LinkedHashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    private final List<AmiHeaders> received = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();
    private int connections;
    private int logins;
    private long uniqueSeq;
    private int channelSeq = 0x20;

    private FakeAsteriskAmi(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts a fake on an ephemeral port of 127.0.0.1, with user {@code dialer} / {@code dialer-secret}. */
    public static Future<FakeAsteriskAmi> start(Vertx vertx) {
        var fake = new FakeAsteriskAmi(Objects.requireNonNull(vertx, "vertx"));
        fake.server = vertx.createNetServer(
                new NetServerOptions().setHost("127.0.0.1").setPort(0));
        fake.server.connectHandler(fake::onConnect);
        return fake.server.listen().map(s -> {
            fake.port = s.actualPort();
            return fake;
        });
    }

    /** Returns the TCP port the fake listens on. */
    public int port() {
        return port;
    }

    /** Sets the accepted credentials. */
    public synchronized FakeAsteriskAmi credentials(String username, String secret) {
        this.username = Objects.requireNonNull(username);
        this.secret = Objects.requireNonNull(secret);
        return this;
    }

    /** Sets how long a refused login waits before its Error (Asterisk: 1 s). */
    public synchronized FakeAsteriskAmi loginFailureDelay(Duration delay) {
        this.loginFailureDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** Makes the next connection replay {@code transcript} instead of the scripted behaviour. */
    public synchronized FakeAsteriskAmi replay(AmiTranscript transcript) {
        replays.add(Objects.requireNonNull(transcript));
        return this;
    }

    /** Scripts the outcome of originates whose {@code Channel:} equals {@code destination}. */
    public synchronized FakeAsteriskAmi onOriginate(String destination, Outcome outcome) {
        outcomes.put(Objects.requireNonNull(destination), Objects.requireNonNull(outcome));
        return this;
    }

    /**
     * Scripts originates to {@code destination} to fail the way many SIP trunks do: OriginateResponse Failure with
     * the generic Reason 1, and the called channel hanging up with {@code cause} (17 busy, 19 no answer, 34
     * congestion...) just after it.
     */
    public synchronized FakeAsteriskAmi onOriginateHangup(String destination, int cause) {
        hangupCauses.put(Objects.requireNonNull(destination), cause);
        return this;
    }

    /** Sets the outcome of originates not scripted with {@link #onOriginate} (default answered). */
    public synchronized FakeAsteriskAmi defaultOutcome(Outcome outcome) {
        this.defaultOutcome = Objects.requireNonNull(outcome);
        return this;
    }

    /**
     * Chooses whether an answered originate's OriginateResponse comes before the {@code Newstate Up} of the ;1
     * channel (both orders happen on a real Asterisk; default after).
     */
    public synchronized FakeAsteriskAmi originateResponseBeforeUp(boolean before) {
        this.originateResponseBeforeUp = before;
        return this;
    }

    /**
     * Sets how long scripted calls ring before their outcome (default 0: the outcome follows the queued response at
     * once). The outcome's events then go to every logged-in connection, as Asterisk's do.
     */
    public synchronized FakeAsteriskAmi ringTime(Duration ringTime) {
        this.ringTime = Objects.requireNonNull(ringTime);
        return this;
    }

    /**
     * Makes answered calls end by themselves after {@code talkTime} (the customer hangs up, cause 16); by default
     * they stay up until a Hangup action or {@link #hangupFromNetwork}.
     */
    public synchronized FakeAsteriskAmi talkTime(Duration talkTime) {
        this.talkTime = Objects.requireNonNull(talkTime);
        return this;
    }

    /** Answers these actions with {@code Permission denied} even after login (a user without write rights). */
    public synchronized FakeAsteriskAmi deny(String... actions) {
        for (String a : actions) {
            deniedActions.add(a.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /** Adds a live channel pair (;1 and ;2 of a Local channel) and returns the ;1 name. */
    public synchronized String addCall(String destination, String state) {
        var pair = newPair(destination);
        pair[0].state = state;
        pair[1].state = state;
        channels.put(pair[0].name, pair[0]);
        channels.put(pair[1].name, pair[1]);
        return pair[0].name;
    }

    /** Returns the live channels by name, with their uniqueid, state and variables. */
    public synchronized Map<String, Map<String, String>> channels() {
        var out = new LinkedHashMap<String, Map<String, String>>();
        channels.forEach((name, c) -> {
            var m = new LinkedHashMap<String, String>();
            m.put("Uniqueid", c.uniqueId);
            m.put("Linkedid", c.linkedId);
            m.put("ChannelStateDesc", c.state);
            c.vars.forEach((k, v) -> m.put("var:" + k, v));
            out.put(name, m);
        });
        return out;
    }

    /** Hangs up a live channel (and its other half) as if the customer hung up, with this cause. */
    public synchronized void hangupFromNetwork(String channelName, int cause) {
        var sb = new StringBuilder();
        hangupPair(channelName, cause, sb);
        broadcast(sb);
    }

    /** Sends an event to every logged-in connection. */
    public synchronized void emit(AmiHeaders event) {
        var sb = new StringBuilder();
        for (AmiHeader h : event.list()) {
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        broadcast(sb.append("\r\n"));
    }

    /** Closes every open connection (Asterisk restart or network failure). */
    public synchronized void dropConnections() {
        for (Session s : List.copyOf(sessions)) {
            s.socket.close();
        }
    }

    /** Stops reading and writing on every open connection without closing it (a half-open connection). */
    public synchronized void goSilent() {
        for (Session s : sessions) {
            s.silent = true;
            s.socket.pause();
        }
    }

    /** Returns every action received so far, in order. */
    public synchronized List<AmiHeaders> receivedActions() {
        return List.copyOf(received);
    }

    /** Returns the received actions named {@code action} (case-insensitive). */
    public synchronized List<AmiHeaders> receivedActions(String action) {
        return received.stream()
                .filter(a -> a.get("Action").equalsIgnoreCase(action))
                .toList();
    }

    /** Returns the differences between replayed transcripts and what the client sent (empty when it matched). */
    public synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** Returns how many TCP connections were accepted. */
    public synchronized int connectionCount() {
        return connections;
    }

    /** Returns how many logins succeeded. */
    public synchronized int loginCount() {
        return logins;
    }

    /** Returns how many connections are open now. */
    public synchronized int openConnections() {
        return sessions.size();
    }

    /** Stops listening and closes every connection; the future completes once the port is released. */
    public Future<Void> stop() {
        dropConnections();
        return server.close();
    }

    /** Stops listening and closes every connection, without waiting. */
    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------ connection handling

    private synchronized void onConnect(NetSocket socket) {
        connections++;
        var session = new Session(socket, replays.poll());
        sessions.add(session);
        socket.closeHandler(v -> {
            synchronized (FakeAsteriskAmi.this) {
                sessions.remove(session);
            }
        });
        var lines = new ArrayList<String>();
        RecordParser parser = RecordParser.newDelimited("\n", buf -> {
            String line = buf.toString(StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    var action = List.copyOf(lines);
                    lines.clear();
                    onAction(session, action);
                }
            } else {
                lines.add(line);
            }
        });
        socket.handler(parser);
        var out = new StringBuilder(BANNER).append("\r\n");
        if (session.replay != null) {
            session.replay.index = 1; // the banner
            playUntilClient(session, out);
        }
        session.write(out);
    }

    private synchronized void onAction(Session session, List<String> lines) {
        if (session.silent) {
            return;
        }
        AmiHeaders action = parse(lines);
        received.add(action);
        var out = new StringBuilder();
        if (session.replay != null && replayAction(session, action, lines, out)) {
            session.write(out);
            return;
        }
        scripted(session, action, out);
        session.write(out);
    }

    private static AmiHeaders parse(List<String> lines) {
        var list = new ArrayList<AmiHeader>();
        for (String l : lines) {
            int c = l.indexOf(':');
            if (c < 0) {
                list.add(new AmiHeader("", l));
            } else {
                String v = l.substring(c + 1);
                list.add(new AmiHeader(l.substring(0, c), v.startsWith(" ") ? v.substring(1) : v));
            }
        }
        return AmiHeaders.of(list);
    }

    // ------------------------------------------------------------------ transcript replay

    private boolean replayAction(Session session, AmiHeaders action, List<String> lines, StringBuilder out) {
        Replay r = session.replay;
        var steps = r.transcript.steps();
        String name = action.get("Action");
        if (r.index < steps.size() && steps.get(r.index) instanceof AmiTranscript.ClientAction expected) {
            if (expected.action().equalsIgnoreCase(name)) {
                String diff = compare(expected.lines(), lines);
                if (diff != null) {
                    mismatches.add(r.transcript.name() + " step " + r.index + ": " + diff);
                }
                String theirs = expected.get("ActionID");
                String ours = action.get("ActionID");
                if (!theirs.isEmpty()) {
                    r.ids.put(theirs, ours);
                } else if (!ours.isEmpty()) {
                    r.insertActionId = ours;
                }
                r.index++;
                playUntilClient(session, out);
                return true;
            }
        }
        if (name.equalsIgnoreCase("Ping") || name.equalsIgnoreCase("CoreShowChannels")) {
            return false; // keep-alive and registry rebuild are answered by the scripted Asterisk
        }
        mismatches.add(r.transcript.name() + " step " + r.index + ": unexpected action " + action);
        return false;
    }

    private void playUntilClient(Session session, StringBuilder out) {
        Replay r = session.replay;
        var steps = r.transcript.steps();
        while (r.index < steps.size() && steps.get(r.index) instanceof AmiTranscript.AsteriskMessage m) {
            List<String> lines = m.lines();
            boolean isResponse = !lines.isEmpty() && lines.get(0).startsWith("Response:");
            boolean hasId = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("ActionID: ")) {
                    hasId = true;
                    l = "ActionID: " + r.ids.getOrDefault(l.substring(10), l.substring(10));
                }
                out.append(l).append("\r\n");
                if (i == 0
                        && isResponse
                        && r.insertActionId != null
                        && !lines.get(1).startsWith("ActionID: ")) {
                    out.append("ActionID: ").append(r.insertActionId).append("\r\n");
                    hasId = true;
                    r.insertActionId = null;
                }
            }
            if (isResponse && hasId) {
                r.insertActionId = null;
            }
            r.index++;
        }
        if (r.index >= steps.size()) {
            r.ended = true; // Asterisk closed the connection at the end of every transcript
        }
    }

    /** Compares a transcript's C: block with the client's action; returns a description or null if equal. */
    private static String compare(List<String> expected, List<String> actual) {
        var e = normalize(expected);
        var a = normalize(actual);
        return e.equals(a) ? null : "expected " + e + " but the client sent " + a;
    }

    private static List<String> normalize(List<String> lines) {
        var out = new ArrayList<String>();
        for (String l : lines) {
            if (l.isEmpty()) {
                continue;
            }
            int c = l.indexOf(": ");
            String key = (c < 0 ? l : l.substring(0, c)).toLowerCase(Locale.ROOT);
            String value = c < 0 ? "" : l.substring(c + 2);
            if (key.equals("actionid")
                    || (key.equals("variable") && value.startsWith(AmiCallControl.CORRELATION_VARIABLE + "="))) {
                continue; // run-specific, and the correlation variable is ours, not the transcript's
            }
            if (key.equals("action")) {
                value = value.toLowerCase(Locale.ROOT);
            }
            String lower = value.toLowerCase(Locale.ROOT);
            if (Set.of("yes", "true", "on", "1", "y", "t").contains(lower) && !key.equals("priority")) {
                value = "true";
            } else if (Set.of("no", "false", "off", "n", "f").contains(lower)) {
                value = "false";
            }
            out.add(key + ": " + value);
        }
        Collections.sort(out);
        return out;
    }

    // ------------------------------------------------------------------ scripted Asterisk

    private void scripted(Session s, AmiHeaders a, StringBuilder out) {
        String action = a.get("Action").toLowerCase(Locale.ROOT);
        String id = a.get("ActionID");
        if (!s.authenticated && s.replay == null && !action.equals("login") && !action.equals("challenge")) {
            response(out, "Error", id, "Message", "Permission denied");
            return;
        }
        if (deniedActions.contains(action)) {
            response(out, "Error", id, "Message", "Permission denied");
            return;
        }
        switch (action) {
            case "login" -> login(s, a, id, out);
            case "ping" -> response(out, "Success", id, "Ping", "Pong", "Timestamp", timestamp());
            case "logoff" -> {
                response(out, "Goodbye", id, "Message", "Thanks for all the fish.");
                s.closeAfterWrite = true;
            }
            case "coreshowchannels" -> coreShowChannels(id, out);
            case "getvar" -> getvar(a, id, out);
            case "setvar" -> setvar(a, id, out);
            case "hangup" -> hangup(a, id, out);
            case "redirect" -> redirect(a, id, out);
            case "bridge" -> bridge(a, id, out);
            case "originate" -> originate(a, id, out);
            default -> {
                response(
                        out,
                        "Error",
                        id,
                        "Message",
                        "Invalid/unknown command: " + a.get("Action")
                                + ". Use Action: ListCommands to show available commands.");
                s.pendingBadFormat = a.get("Action");
                return;
            }
        }
        if (s.pendingBadFormat != null && !action.equals("login")) {
            // Asterisk reports the unknown action as a security event after the next response.
            event(
                    out,
                    "RequestBadFormat",
                    "security,all",
                    "Severity",
                    "Error",
                    "Service",
                    "AMI",
                    "EventVersion",
                    "1",
                    "RequestType",
                    "Action: " + s.pendingBadFormat,
                    "AccountID",
                    username);
            s.pendingBadFormat = null;
        }
    }

    private void login(Session s, AmiHeaders a, String id, StringBuilder out) {
        if (a.get("Username").equals(username) && a.get("Secret").equals(secret)) {
            s.authenticated = true;
            logins++;
            response(out, "Success", id, "Message", "Authentication accepted");
            out.append("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 2796\r\nLastReload: 2796\r\n"
                    + "Status: Fully Booted\r\n\r\n");
            event(
                    out,
                    "SuccessfulAuth",
                    "security,all",
                    "Severity",
                    "Informational",
                    "Service",
                    "AMI",
                    "EventVersion",
                    "1",
                    "AccountID",
                    username,
                    "UsingPassword",
                    "0");
            return;
        }
        var err = new StringBuilder();
        response(err, "Error", id, "Message", "Authentication failed");
        long delay = Math.max(1, loginFailureDelay.toMillis());
        vertx.setTimer(delay, t -> {
            synchronized (FakeAsteriskAmi.this) {
                s.closeAfterWrite = true;
                s.write(err);
            }
        });
    }

    private void coreShowChannels(String id, StringBuilder out) {
        response(out, "Success", id, "EventList", "start", "Message", "Channels will follow");
        for (FakeChannel c : channels.values()) {
            out.append("Event: CoreShowChannel\r\nActionID: ").append(id).append("\r\n");
            snapshot(out, c);
            out.append("Application: Wait\r\nApplicationData: 3600\r\nDuration: 00:00:02\r\nBridgeId: \r\n\r\n");
        }
        out.append("Event: CoreShowChannelsComplete\r\nActionID: ")
                .append(id)
                .append("\r\nEventList: Complete\r\nListItems: ")
                .append(channels.size())
                .append("\r\n\r\n");
    }

    private void getvar(AmiHeaders a, String id, StringBuilder out) {
        String variable = a.get("Variable");
        if (variable.isEmpty()) {
            response(out, "Error", id, "Message", "No variable specified");
            return;
        }
        String channelName = a.get("Channel");
        String value = "";
        if (!channelName.isEmpty()) {
            FakeChannel c = channels.get(channelName);
            if (c == null) {
                response(out, "Error", id, "Message", "No such channel");
                return;
            }
            value = variable.equals("CHANNEL(state)") ? c.state : c.vars.getOrDefault(variable, "");
        }
        response(out, "Success", id, "Variable", variable, "Value", value);
    }

    private void setvar(AmiHeaders a, String id, StringBuilder out) {
        FakeChannel c = channels.get(a.get("Channel"));
        if (c == null) {
            response(out, "Error", id, "Message", "No such channel");
            return;
        }
        c.vars.put(a.get("Variable"), a.get("Value"));
        response(out, "Success", id, "Message", "Variable Set");
        varSet(out, c, a.get("Variable"), a.get("Value"));
    }

    private void hangup(AmiHeaders a, String id, StringBuilder out) {
        String name = a.get("Channel");
        if (!channels.containsKey(name)) {
            response(out, "Error", id, "Message", "No such channel");
            return;
        }
        response(out, "Success", id, "Message", "Channel Hungup");
        int cause = a.get("Cause").isEmpty() ? 0 : Integer.parseInt(a.get("Cause"));
        hangupPair(name, cause, out);
    }

    private void redirect(AmiHeaders a, String id, StringBuilder out) {
        FakeChannel c = channels.get(a.get("Channel"));
        if (c == null) {
            response(out, "Error", id, "Message", "Channel does not exist: " + a.get("Channel"));
            return;
        }
        c.context = a.get("Context");
        c.exten = a.get("Exten");
        c.priority = a.get("Priority");
        response(out, "Success", id, "Message", "Redirect successful");
        channelEvent(out, "Newexten", "dialplan,all", c, "Extension", c.exten, "Application", "Answer", "AppData", "");
    }

    private void bridge(AmiHeaders a, String id, StringBuilder out) {
        FakeChannel c1 = channels.get(a.get("Channel1"));
        FakeChannel c2 = channels.get(a.get("Channel2"));
        if (c1 == null) {
            response(out, "Error", id, "Message", "Channel1 does not exist: " + a.get("Channel1"));
            return;
        }
        if (c2 == null) {
            response(out, "Error", id, "Message", "Channel2 does not exist: " + a.get("Channel2"));
            return;
        }
        response(out, "Success", id, "Message", "Channels have been bridged");
        String bridgeId = UUID.randomUUID().toString();
        event(
                out,
                "BridgeCreate",
                "call,all",
                "BridgeUniqueid",
                bridgeId,
                "BridgeType",
                "basic",
                "BridgeTechnology",
                "simple_bridge",
                "BridgeCreator",
                "<unknown>",
                "BridgeName",
                "<unknown>",
                "BridgeNumChannels",
                "0");
        int n = 0;
        for (FakeChannel c : List.of(c1, c2)) {
            n++;
            out.append("Event: BridgeEnter\r\nPrivilege: call,all\r\nTimestamp: ")
                    .append(timestamp())
                    .append("\r\n");
            out.append("BridgeUniqueid: ")
                    .append(bridgeId)
                    .append("\r\nBridgeType: basic\r\n")
                    .append("BridgeTechnology: simple_bridge\r\nBridgeCreator: <unknown>\r\nBridgeName: <unknown>\r\n")
                    .append("BridgeNumChannels: ")
                    .append(n)
                    .append("\r\nBridgeVideoSourceMode: none\r\n");
            snapshot(out, c);
            out.append("\r\n");
        }
    }

    private void originate(AmiHeaders a, String id, StringBuilder out) {
        String dest = a.get("Channel");
        if (dest.isEmpty()) {
            response(out, "Error", id, "Message", "Channel not specified");
            return;
        }
        response(out, "Success", id, "Message", "Originate successfully queued");
        Outcome outcome = outcomes.getOrDefault(dest, defaultOutcome);
        FakeChannel[] pair = newPair(dest);
        FakeChannel one = pair[0];
        FakeChannel two = pair[1];
        String callerId = a.get("CallerID");
        int lt = callerId.indexOf('<');
        if (lt >= 0 && callerId.endsWith(">")) {
            one.cidNum = callerId.substring(lt + 1, callerId.length() - 1);
            one.cidName = callerId.substring(0, lt).trim().replace("\"", "");
        }
        two.cidNum = one.cidNum;
        two.cidName = one.cidName;
        channels.put(one.name, one);
        channels.put(two.name, two);
        channelEvent(out, "Newchannel", "call,all", one);
        channelEvent(out, "Newchannel", "call,all", two);
        List<String> vars = a.getAll("Variable");
        for (int i = vars.size() - 1; i >= 0; i--) { // ;1 gets them in reverse order
            String[] kv = vars.get(i).split("=", 2);
            one.vars.put(kv[0], kv.length > 1 ? kv[1] : "");
            varSet(out, one, kv[0], kv.length > 1 ? kv[1] : "");
        }
        for (String v : vars) {
            String[] kv = v.split("=", 2);
            two.vars.put(kv[0], kv.length > 1 ? kv[1] : "");
            varSet(out, two, kv[0], kv.length > 1 ? kv[1] : "");
        }
        setState(out, one, 5, "Ringing");
        event(out, "DialBegin", "call,all", "DestChannel", one.name, "DestUniqueid", one.uniqueId, "DialString", dest);
        if (ringTime.isZero()) {
            originateOutcome(id, dest, a, one, two, outcome, out);
        } else {
            vertx.setTimer(ringTime.toMillis(), t -> {
                synchronized (FakeAsteriskAmi.this) {
                    var later = new StringBuilder();
                    originateOutcome(id, dest, a, one, two, outcome, later);
                    broadcast(later);
                }
            });
        }
    }

    private void originateOutcome(
            String id,
            String dest,
            AmiHeaders a,
            FakeChannel one,
            FakeChannel two,
            Outcome outcome,
            StringBuilder out) {
        Integer hangupCause = hangupCauses.get(dest);
        if (hangupCause != null) {
            fail(out, id, dest, a, one, two, 1, hangupCause, hangupCause);
            return;
        }
        switch (outcome) {
            case ANSWERED, ANSWERED_BY_HUMAN, ANSWERED_BY_MACHINE, HUNG_UP_DURING_AMD -> {
                setState(out, two, 6, "Up");
                if (originateResponseBeforeUp) {
                    originateResponse(out, id, "Success", one.name, a, 4, one.uniqueId, one);
                    setState(out, one, 6, "Up");
                } else {
                    setState(out, one, 6, "Up");
                    originateResponse(out, id, "Success", one.name, a, 4, one.uniqueId, one);
                }
                event(
                        out,
                        "DialEnd",
                        "call,all",
                        "DestChannel",
                        one.name,
                        "DestUniqueid",
                        one.uniqueId,
                        "DialStatus",
                        "ANSWER");
                String ctx = a.get("Context");
                one.context = ctx.isEmpty() ? "default" : ctx;
                one.exten = a.get("Exten").isEmpty() ? "s" : a.get("Exten");
                one.priority = a.get("Priority").isEmpty() ? "1" : a.get("Priority");
                if (outcome == Outcome.HUNG_UP_DURING_AMD) {
                    hangupOne(out, two, 16);
                    one.vars.put("AMDSTATUS", "HANGUP");
                    one.vars.put("AMDCAUSE", "");
                    varSet(out, one, "AMDSTATUS", "HANGUP");
                    varSet(out, one, "AMDCAUSE", "");
                    hangupOne(out, one, 16);
                    return;
                }
                if (outcome != Outcome.ANSWERED) {
                    boolean human = outcome == Outcome.ANSWERED_BY_HUMAN;
                    String status = human ? "HUMAN" : "MACHINE";
                    String cause = human ? "HUMAN-801-800" : "LONGGREETING-1500-1500";
                    one.vars.put("AMDSTATUS", status);
                    one.vars.put("AMDCAUSE", cause);
                    varSet(out, one, "AMDSTATUS", status);
                    varSet(out, one, "AMDCAUSE", cause);
                    // UserEvent(AmdResult,Channel: ...) repeats the Channel header, as on a real Asterisk.
                    channelEvent(
                            out,
                            "UserEvent",
                            "user,all",
                            one,
                            "UserEvent",
                            "AmdResult",
                            "Channel",
                            one.name,
                            "Status",
                            status,
                            "Cause",
                            cause);
                }
                if (talkTime != null) {
                    vertx.setTimer(Math.max(1, talkTime.toMillis()), t -> hangupFromNetwork(two.name, 16));
                }
            }
            case BUSY -> fail(out, id, dest, a, one, two, 5, 0, 17);
            case NO_ANSWER -> fail(out, id, dest, a, one, two, 3, 19, 19);
            case CONGESTION -> fail(out, id, dest, a, one, two, 8, 0, 34);
            case FAILED -> fail(out, id, dest, a, one, two, 0, 0, 0);
            case RING_FOREVER -> {
                // no OriginateResponse: the call stays ringing
            }
        }
    }

    private void fail(
            StringBuilder out,
            String id,
            String dest,
            AmiHeaders a,
            FakeChannel one,
            FakeChannel two,
            int reason,
            int cause1,
            int cause2) {
        originateResponse(out, id, "Failure", dest, a, reason, "<unknown>", one);
        hangupOne(out, one, cause1);
        hangupOne(out, two, cause2);
    }

    private void originateResponse(
            StringBuilder out,
            String id,
            String response,
            String channel,
            AmiHeaders a,
            int reason,
            String uniqueId,
            FakeChannel one) {
        out.append("Event: OriginateResponse\r\nPrivilege: call,all\r\nTimestamp: ")
                .append(timestamp())
                .append("\r\n");
        out.append("ActionID: ").append(id).append("\r\n");
        header(out, "Response", response);
        header(out, "Channel", channel);
        header(out, "Context", a.get("Context"));
        header(out, "Exten", a.get("Exten"));
        header(out, "Reason", String.valueOf(reason));
        header(out, "Uniqueid", uniqueId);
        header(out, "CallerIDNum", one.cidNum);
        header(out, "CallerIDName", one.cidName);
        out.append("\r\n");
    }

    private FakeChannel[] newPair(String destination) {
        String base = destination + "-" + String.format("%08x", channelSeq++);
        String uid1 = "1795393266." + (uniqueSeq++);
        String uid2 = "1795393266." + (uniqueSeq++);
        var one = new FakeChannel(base + ";1", uid1, uid1, "Down", 0);
        var two = new FakeChannel(base + ";2", uid2, uid1, "Ring", 4);
        one.peer = two.name;
        two.peer = one.name;
        return new FakeChannel[] {one, two};
    }

    private void hangupPair(String name, int cause, StringBuilder out) {
        FakeChannel c = channels.get(name);
        if (c == null) {
            return;
        }
        hangupOne(out, c, cause);
        FakeChannel peer = c.peer == null ? null : channels.get(c.peer);
        if (peer != null) {
            hangupOne(out, peer, cause);
        }
    }

    private void hangupOne(StringBuilder out, FakeChannel c, int cause) {
        channels.remove(c.name);
        channelEvent(out, "Hangup", "call,all", c, "Cause", String.valueOf(cause), "Cause-txt", causeText(cause));
    }

    private static String causeText(int cause) {
        return switch (cause) {
            case 16 -> "Normal Clearing";
            case 17 -> "User busy";
            case 19 -> "User alerting, no answer";
            case 34 -> "Circuit/channel congestion";
            default -> "Unknown";
        };
    }

    private void setState(StringBuilder out, FakeChannel c, int code, String desc) {
        c.stateCode = code;
        c.state = desc;
        channelEvent(out, "Newstate", "call,all", c);
    }

    private void varSet(StringBuilder out, FakeChannel c, String variable, String value) {
        channelEvent(out, "VarSet", "dialplan,all", c, "Variable", variable, "Value", value);
    }

    private void channelEvent(StringBuilder out, String name, String privilege, FakeChannel c, String... extra) {
        out.append("Event: ").append(name).append("\r\nPrivilege: ").append(privilege);
        out.append("\r\nTimestamp: ").append(timestamp()).append("\r\n");
        snapshot(out, c);
        for (int i = 0; i < extra.length; i += 2) {
            header(out, extra[i], extra[i + 1]);
        }
        out.append("\r\n");
    }

    private static void snapshot(StringBuilder out, FakeChannel c) {
        header(out, "Channel", c.name);
        header(out, "ChannelState", String.valueOf(c.stateCode));
        header(out, "ChannelStateDesc", c.state);
        header(out, "CallerIDNum", c.cidNum);
        header(out, "CallerIDName", c.cidName);
        header(out, "ConnectedLineNum", c.cidNum);
        header(out, "ConnectedLineName", c.cidName);
        header(out, "Language", "en");
        header(out, "AccountCode", "");
        header(out, "Context", c.context);
        header(out, "Exten", c.exten);
        header(out, "Priority", c.priority);
        header(out, "Uniqueid", c.uniqueId);
        header(out, "Linkedid", c.linkedId);
    }

    private void event(StringBuilder out, String name, String privilege, String... kv) {
        out.append("Event: ").append(name).append("\r\nPrivilege: ").append(privilege);
        out.append("\r\nTimestamp: ").append(timestamp()).append("\r\n");
        for (int i = 0; i < kv.length; i += 2) {
            header(out, kv[i], kv[i + 1]);
        }
        out.append("\r\n");
    }

    private static void response(StringBuilder out, String response, String id, String... kv) {
        header(out, "Response", response);
        if (!id.isEmpty()) {
            header(out, "ActionID", id);
        }
        for (int i = 0; i < kv.length; i += 2) {
            header(out, kv[i], kv[i + 1]);
        }
        out.append("\r\n");
    }

    private static void header(StringBuilder out, String key, String value) {
        out.append(key).append(": ").append(value).append("\r\n");
    }

    private static String timestamp() {
        long micros = System.currentTimeMillis() * 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private void broadcast(StringBuilder sb) {
        for (Session s : sessions) {
            if (s.authenticated || s.replay != null) {
                s.write(sb);
            }
        }
    }

    private static final class FakeChannel {
        final String name;
        final String uniqueId;
        final String linkedId;
        final Map<String, String> vars = new LinkedHashMap<>();
        String state;
        int stateCode;
        String peer;
        String cidNum = "<unknown>";
        String cidName = "<unknown>";
        String context = "customer-sim";
        String exten = "s";
        String priority = "1";

        FakeChannel(String name, String uniqueId, String linkedId, String state, int stateCode) {
            this.name = name;
            this.uniqueId = uniqueId;
            this.linkedId = linkedId;
            this.state = state;
            this.stateCode = stateCode;
        }
    }

    private static final class Replay {
        final AmiTranscript transcript;
        final Map<String, String> ids = new HashMap<>();
        int index;
        String insertActionId;
        boolean ended;

        Replay(AmiTranscript transcript) {
            this.transcript = transcript;
        }
    }

    private final class Session {
        final NetSocket socket;
        final Replay replay;
        boolean authenticated;
        boolean silent;
        boolean closeAfterWrite;
        String pendingBadFormat;

        Session(NetSocket socket, AmiTranscript transcript) {
            this.socket = socket;
            this.replay = transcript == null ? null : new Replay(transcript);
        }

        void write(CharSequence text) {
            if (silent) {
                return;
            }
            if (text.length() > 0) {
                socket.write(text.toString());
            }
            if (closeAfterWrite || (replay != null && replay.ended)) {
                socket.close();
            }
        }
    }
}
