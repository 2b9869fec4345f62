package org.centralita.server.http;

/** A feature's HTTP routes (campaigns, agents, pacing...), added to the route table at start-up. */
@FunctionalInterface
public interface ApiModule {
    /** Adds this feature's rows to {@code routes}. */
    void register(ApiRoutes routes);
}
