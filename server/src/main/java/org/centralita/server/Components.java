package org.centralita.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.centralita.server.health.HealthCheck;
import org.centralita.server.http.ApiModule;

/**
 * The modules {@code centralita serve} runs, one named slot each. Empty slots are logged at start-up.
 *
 * <p>Start order: flows, AMI client, dialer, extras, then the FastAGI listener last (calls arrive only
 * when everything they need is up). Stop order ({@link #stopOrder()}): the dialer first, which stops placing calls
 * and lets the calls it placed finish (their people still need FastAGI's {@code dialer-connect} and AMI to be
 * bridged), then the FastAGI listener, which lets IVR calls finish, then the extras in reverse, the AMI client and
 * the flows.
 *
 * @param agiServer the FastAGI listener (telephony-gateway {@code AgiServer})
 * @param amiClient the AMI connection (telephony-gateway), connecting in the background
 * @param flows the IVR flow engine and its registry (ivr-flows)
 * @param dialer the pacing loop, agent pool and router (dialer)
 * @param extras anything else with a life cycle
 * @param healthChecks checks shown by {@code /health} and {@code /ready} besides the database
 * @param apiModules the modules' HTTP routes
 */
public record Components(
        Optional<ManagedComponent> agiServer,
        Optional<ManagedComponent> amiClient,
        Optional<ManagedComponent> flows,
        Optional<ManagedComponent> dialer,
        List<ManagedComponent> extras,
        List<HealthCheck> healthChecks,
        List<ApiModule> apiModules) {

    /** Freezes the lists. */
    public Components {
        extras = List.copyOf(extras);
        healthChecks = List.copyOf(healthChecks);
        apiModules = List.copyOf(apiModules);
    }

    /** Returns components with every slot empty. */
    public static Components none() {
        return builder().build();
    }

    /** Returns a builder with every slot empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the components in start order. */
    public List<ManagedComponent> startOrder() {
        List<ManagedComponent> out = new ArrayList<>();
        flows.ifPresent(out::add);
        amiClient.ifPresent(out::add);
        dialer.ifPresent(out::add);
        out.addAll(extras);
        agiServer.ifPresent(out::add);
        return out;
    }

    /** Returns the components in stop order: dialer, FastAGI listener, extras in reverse, AMI client, flows. */
    public List<ManagedComponent> stopOrder() {
        List<ManagedComponent> out = new ArrayList<>();
        dialer.ifPresent(out::add);
        agiServer.ifPresent(out::add);
        List<ManagedComponent> rev = new ArrayList<>(extras);
        java.util.Collections.reverse(rev);
        out.addAll(rev);
        amiClient.ifPresent(out::add);
        flows.ifPresent(out::add);
        return out;
    }

    /** Returns the names of empty slots, for the start-up log. */
    public List<String> emptySlots() {
        List<String> out = new ArrayList<>();
        if (agiServer.isEmpty()) {
            out.add("agiServer");
        }
        if (amiClient.isEmpty()) {
            out.add("amiClient");
        }
        if (flows.isEmpty()) {
            out.add("flows");
        }
        if (dialer.isEmpty()) {
            out.add("dialer");
        }
        return out;
    }

    /** Fills the slots of {@link Components}. */
    public static final class Builder {
        private ManagedComponent agiServer;
        private ManagedComponent amiClient;
        private ManagedComponent flows;
        private ManagedComponent dialer;
        private final List<ManagedComponent> extras = new ArrayList<>();
        private final List<HealthCheck> healthChecks = new ArrayList<>();
        private final List<ApiModule> apiModules = new ArrayList<>();

        private Builder() {}

        /** Sets the FastAGI listener. */
        public Builder agiServer(ManagedComponent c) {
            this.agiServer = c;
            return this;
        }

        /** Sets the AMI client. */
        public Builder amiClient(ManagedComponent c) {
            this.amiClient = c;
            return this;
        }

        /** Sets the flow engine. */
        public Builder flows(ManagedComponent c) {
            this.flows = c;
            return this;
        }

        /** Sets the dialer. */
        public Builder dialer(ManagedComponent c) {
            this.dialer = c;
            return this;
        }

        /** Adds another component with a life cycle. */
        public Builder extra(ManagedComponent c) {
            extras.add(c);
            return this;
        }

        /** Adds a check to {@code /health} and {@code /ready}. */
        public Builder healthCheck(HealthCheck c) {
            healthChecks.add(c);
            return this;
        }

        /** Adds a module's HTTP routes. */
        public Builder api(ApiModule m) {
            apiModules.add(m);
            return this;
        }

        /** Returns the components. */
        public Components build() {
            return new Components(
                    Optional.ofNullable(agiServer),
                    Optional.ofNullable(amiClient),
                    Optional.ofNullable(flows),
                    Optional.ofNullable(dialer),
                    extras,
                    healthChecks,
                    apiModules);
        }
    }

    /** Builds the components once the platform (Vert.x, database, metrics) exists. */
    @FunctionalInterface
    public interface Factory {
        /** Creates (but does not start) the components. */
        Components create(Platform platform);
    }
}
