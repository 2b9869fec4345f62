package org.centralita.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.asteriskjava.manager.action.SetVarAction;
import org.centralita.gateway.ami.AmiClient;

/**
 * Shared set-up of the opt-in suites that run against a real Asterisk (docs/asterisk.md). They are enabled by
 * {@code CENTRALITA_ASTERISK_AMI} (host:port), {@code CENTRALITA_ASTERISK_USER} and
 * {@code CENTRALITA_ASTERISK_SECRET}, and need the dialplan of {@code docs/asterisk/extensions.conf}.
 */
public final class RealAsterisk {
    /** Environment variable with the AMI address, {@code host:port}. */
    public static final String AMI_ENV = "CENTRALITA_ASTERISK_AMI";
    /** Environment variable with the AMI user. */
    public static final String USER_ENV = "CENTRALITA_ASTERISK_USER";
    /** Environment variable with the AMI secret. */
    public static final String SECRET_ENV = "CENTRALITA_ASTERISK_SECRET";
    /** Dialplan global with the {@code host:port} of our FastAGI server, used by every AGI() of the test dialplan. */
    public static final String AGI_GLOBAL = "CENTRALITA_AGI";

    private RealAsterisk() {}

    /** Returns an AMI client builder for the Asterisk the environment names, with quick keep-alive and reconnect. */
    public static AmiClient.Builder client(Vertx vertx) {
        String[] hostPort = System.getenv(AMI_ENV).split(":");
        return AmiClient.builder(vertx)
                .host(hostPort[0])
                .port(Integer.parseInt(hostPort[1]))
                .username(System.getenv(USER_ENV))
                .secret(System.getenv(SECRET_ENV))
                .actionTimeout(Duration.ofSeconds(10))
                .pingInterval(Duration.ofSeconds(5))
                .reconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /**
     * Host our FastAGI server listens on, as Asterisk reaches it: {@code CENTRALITA_AGI_HOST}, by default
     * 127.0.0.1 (Asterisk on the same machine).
     */
    public static String agiHost() {
        return System.getenv().getOrDefault("CENTRALITA_AGI_HOST", "127.0.0.1");
    }

    /**
     * Points the test dialplan's FastAGI address (the global {@value #AGI_GLOBAL}) at our server: an AMI
     * {@code Setvar} without a channel sets a dialplan global.
     */
    public static Future<Void> pointFastAgiAt(AmiClient client, int port) {
        return client.send(new SetVarAction(AGI_GLOBAL, agiHost() + ":" + port)).mapEmpty();
    }
}
