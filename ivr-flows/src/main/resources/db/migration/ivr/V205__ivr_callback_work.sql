-- Callback requests are worked by people: claimed by someone, released after an unanswered attempt, closed with an
-- outcome. Portable H2 / PostgreSQL.
ALTER TABLE ivr_callback_request ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE ivr_callback_request ADD COLUMN claimed_at TIMESTAMP;
ALTER TABLE ivr_callback_request ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE ivr_callback_request ADD COLUMN outcome VARCHAR(32);
ALTER TABLE ivr_callback_request ADD COLUMN note VARCHAR(200);
ALTER TABLE ivr_callback_request ADD COLUMN closed_by VARCHAR(64);
ALTER TABLE ivr_callback_request ADD COLUMN closed_at TIMESTAMP;
