package org.centralita.campaigns;

import java.time.Instant;
import java.util.Objects;

/** A stored campaign: its id, status and the manager's {@link CampaignSpec}. */
public record Campaign(long id, CampaignStatus status, CampaignSpec spec, Instant createdAt, Instant updatedAt) {
    public Campaign {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(spec, "spec");
    }

    public String name() {
        return spec.name();
    }

    public Survey survey() {
        return spec.survey();
    }
}
