package org.centralita.benchmarks.flows;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.AgiReply;
import org.centralita.gateway.agi.AgiRequest;
import org.centralita.gateway.agi.AgiSession;

/**
 * A minimal FastAGI server (Vert.x NetServer, LF lines) used by the flows benchmark only, as a stand-in until the
 * gateway's real {@code AgiServer} is in main. It speaks enough of the protocol for the flow engine: the env
 * block, one command at a time, {@code 200}/{@code 511} replies and asynchronous {@code HANGUP} lines.
 */
final class StandInAgiServer {

    private static final Pattern REPLY =
            Pattern.compile("^(\\d{3})(?: result=(\\S*))?(?: \\((.*?)\\))?(?: endpos=(\\d+))?.*$");

    private final Vertx vertx;
    private final Function<String, AgiHandler> handlers;
    private NetServer server;

    StandInAgiServer(Vertx vertx, Function<String, AgiHandler> handlers) {
        this.vertx = vertx;
        this.handlers = handlers;
    }

    Future<Integer> listen(int port) {
        server = vertx.createNetServer().connectHandler(this::connected);
        return server.listen(port, "127.0.0.1").map(NetServer::actualPort);
    }

    Future<Void> close() {
        return server.close();
    }

    private void connected(NetSocket socket) {
        Conn c = new Conn(socket);
        RecordParser parser = RecordParser.newDelimited("\n", c::line).maxRecordSize(8192);
        socket.handler(parser);
        socket.closeHandler(v -> c.closed());
    }

    private final class Conn implements AgiSession {
        private final NetSocket socket;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Deque<Promise<AgiReply>> pending = new ArrayDeque<>();
        private AgiRequest request;
        private boolean hungUp;
        private boolean closed;

        Conn(NetSocket socket) {
            this.socket = socket;
        }

        void line(Buffer b) {
            String line = b.toString(StandardCharsets.UTF_8);
            if (request == null) {
                if (!line.isEmpty()) {
                    int i = line.indexOf(": ");
                    if (i > 4 && line.startsWith("agi_")) {
                        env.put(line.substring(4, i), line.substring(i + 2));
                    } else if (line.endsWith(":") && line.startsWith("agi_")) {
                        env.put(line.substring(4, line.length() - 1), "");
                    }
                    return;
                }
                start();
                return;
            }
            if (line.equals("HANGUP")) {
                hungUp = true;
                return;
            }
            Promise<AgiReply> p = pending.poll();
            if (p == null) {
                return;
            }
            Matcher m = REPLY.matcher(line);
            if (!m.matches()) {
                p.fail(new IllegalStateException("bad reply: " + line));
                return;
            }
            int status = Integer.parseInt(m.group(1));
            if (status == 511) {
                hungUp = true;
                p.fail(new AgiHangupException("511: " + line));
                return;
            }
            OptionalLong endpos =
                    m.group(4) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(4)));
            p.complete(new AgiReply(status, m.group(2), m.group(3), endpos, "", line));
        }

        private void start() {
            String full = env.getOrDefault("network_script", "");
            int q = full.indexOf('?');
            String script = q < 0 ? full : full.substring(0, q);
            Map<String, String> params = new LinkedHashMap<>();
            if (q >= 0) {
                for (String kv : full.substring(q + 1).split("&")) {
                    int e = kv.indexOf('=');
                    if (e > 0) {
                        params.put(kv.substring(0, e), URLDecoder.decode(kv.substring(e + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            List<String> args = new ArrayList<>();
            for (int i = 1; env.containsKey("arg_" + i); i++) {
                args.add(env.get("arg_" + i));
            }
            request = new AgiRequest(env, script, params, args);
            handlers.apply(script).handle(this).onComplete(ar -> {
                closed = true;
                socket.end();
            });
        }

        void closed() {
            closed = true;
            hungUp = true;
            Promise<AgiReply> p;
            while ((p = pending.poll()) != null) {
                p.fail(new AgiHangupException("connection closed"));
            }
        }

        @Override
        public AgiRequest request() {
            return request;
        }

        @Override
        public boolean isHungUp() {
            return hungUp;
        }

        @Override
        public Future<AgiReply> send(String commandLine) {
            if (closed) {
                return Future.failedFuture(new AgiHangupException("session closed"));
            }
            Promise<AgiReply> p = Promise.promise();
            pending.add(p);
            socket.write(commandLine + "\n");
            return p.future();
        }

        @Override
        public Future<AgiReply> send(String commandLine, Duration timeout) {
            return send(commandLine);
        }

        private static String q(String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        @Override
        public Future<AgiReply> answer() {
            return send("ANSWER");
        }

        @Override
        public Future<AgiReply> hangup() {
            return send("HANGUP");
        }

        @Override
        public Future<AgiReply> streamFile(String file, String escapeDigits) {
            return send("STREAM FILE " + file + " " + q(escapeDigits));
        }

        @Override
        public Future<AgiReply> getData(String file, Duration timeout, int maxDigits) {
            return send("GET DATA " + file + " " + timeout.toMillis() + " " + maxDigits);
        }

        @Override
        public Future<AgiReply> waitForDigit(Duration timeout) {
            return send("WAIT FOR DIGIT " + timeout.toMillis());
        }

        @Override
        public Future<AgiReply> sayNumber(long number, String escapeDigits) {
            return send("SAY NUMBER " + number + " " + q(escapeDigits));
        }

        @Override
        public Future<AgiReply> sayDigits(String digits, String escapeDigits) {
            return send("SAY DIGITS " + digits + " " + q(escapeDigits));
        }

        @Override
        public Future<AgiReply> sayDate(long epochSeconds, String escapeDigits) {
            return send("SAY DATE " + epochSeconds + " " + q(escapeDigits));
        }

        @Override
        public Future<AgiReply> setLanguage(String language) {
            return send("SET VARIABLE CHANNEL(language) " + language);
        }

        @Override
        public Future<Optional<String>> getVariable(String name) {
            return send("GET VARIABLE " + name)
                    .map(r -> r.resultAsInt(0) == 1 ? Optional.of(r.data()) : Optional.<String>empty());
        }

        @Override
        public Future<String> getFullVariable(String expression) {
            return send("GET FULL VARIABLE " + expression).map(AgiReply::data);
        }

        @Override
        public Future<AgiReply> setVariable(String name, String value) {
            return send("SET VARIABLE " + name + " " + q(value));
        }

        @Override
        public Future<AgiReply> exec(String application, String... args) {
            return send("EXEC " + application + (args.length == 0 ? "" : " " + String.join(",", args)));
        }

        @Override
        public Future<AgiReply> verbose(String message, int level) {
            return send("VERBOSE " + q(message) + " " + level);
        }
    }
}
