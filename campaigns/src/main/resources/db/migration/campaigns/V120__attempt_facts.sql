-- Facts the dialer writes on an attempt as they happen (worker threads, never blocking pacing), so that a restart
-- rebuilds the campaign's abandonment ledger and learned statistics from storage (docs/campaigns.md, "Attempt facts";
-- docs/dialer.md, "Restart"). All nullable: attempts of older versions, and facts that did not happen, stay NULL.
ALTER TABLE attempts ADD COLUMN dial_result VARCHAR(12);
ALTER TABLE attempts ADD COLUMN dial_ms BIGINT;
ALTER TABLE attempts ADD COLUMN answered_at TIMESTAMP;
ALTER TABLE attempts ADD COLUMN amd_verdict VARCHAR(10);
ALTER TABLE attempts ADD COLUMN amd_ms BIGINT;
ALTER TABLE attempts ADD COLUMN false_machine BOOLEAN;
ALTER TABLE attempts ADD COLUMN connect_delay_ms BIGINT;
ALTER TABLE attempts ADD COLUMN talk_ms BIGINT;
ALTER TABLE attempts ADD COLUMN screen_ms BIGINT;
ALTER TABLE attempts ADD COLUMN wrap_ms BIGINT;
ALTER TABLE attempts ADD COLUMN ledger_entry VARCHAR(20);
ALTER TABLE attempts ADD COLUMN ledger_at TIMESTAMP;

-- The ledger's rebuild at start: the last 30 days in time order, and one GROUP BY for what is older (covering).
CREATE INDEX attempts_ledger ON attempts (campaign_id, ledger_at, ledger_entry);
