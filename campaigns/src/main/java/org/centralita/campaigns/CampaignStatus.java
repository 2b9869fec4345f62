package org.centralita.campaigns;

/** Life cycle of a campaign: only RUNNING campaigns hand out contacts. */
public enum CampaignStatus {
    DRAFT,
    RUNNING,
    PAUSED,
    FINISHED
}
