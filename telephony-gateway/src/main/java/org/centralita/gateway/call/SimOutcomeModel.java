package org.centralita.gateway.call;

/** Decides the fate of each simulated call when it is originated. */
@FunctionalInterface
public interface SimOutcomeModel {

    /** Returns the plan for the call {@code request} places. */
    SimCallPlan plan(OriginateRequest request);
}
