package org.centralita.campaigns;

import java.time.Instant;

/**
 * A callback promised to a customer.
 *
 * @param agent the agent who must take it, or null for any agent
 * @param status PENDING, DIALED or CANCELLED
 */
public record Callback(
        long id,
        long contactId,
        long campaignId,
        Instant dueAt,
        String agent,
        String note,
        String createdBy,
        String status) {}
