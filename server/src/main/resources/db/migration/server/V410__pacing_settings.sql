-- Pacing settings per campaign, set by telephony admins (server module, telephony admin).
-- Portable H2 / PostgreSQL SQL. Keyed by the campaign's id until the campaigns module stores the
-- dial-mode settings itself (see docs/server.md, "Telephony admin").
CREATE TABLE pacing_settings (
    campaign_id VARCHAR(64) NOT NULL PRIMARY KEY,
    mode VARCHAR(16) NOT NULL,
    abandon_target DECIMAL(6, 5) NOT NULL,
    connect_deadline_ms INTEGER NOT NULL,
    ring_timeout_ms INTEGER NOT NULL,
    ratio DECIMAL(5, 2) NOT NULL,
    max_lines_per_agent DECIMAL(5, 2) NOT NULL,
    safety_margin DECIMAL(4, 3) NOT NULL,
    channel_limit INTEGER NOT NULL,
    amd VARCHAR(8) NOT NULL,
    updated_by VARCHAR(64) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pacing_mode_ck CHECK (mode IN ('preview', 'progressive', 'ratio', 'adaptive', 'predictive', 'agentless')),
    CONSTRAINT pacing_abandon_cap_ck CHECK (abandon_target > 0 AND abandon_target <= 0.03),
    CONSTRAINT pacing_deadline_ck CHECK (connect_deadline_ms BETWEEN 0 AND 2000),
    CONSTRAINT pacing_ring_ck CHECK (ring_timeout_ms >= 15000),
    CONSTRAINT pacing_amd_ck CHECK (amd IN ('off', 'hangup', 'message'))
);
