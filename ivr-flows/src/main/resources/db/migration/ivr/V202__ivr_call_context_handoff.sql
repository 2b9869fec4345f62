-- The agent hand-off carries who the caller is, how they were verified, where they failed and why they want a
-- person (issue 3, "everything the IVR learned travels with the call"). Portable H2 / PostgreSQL.
ALTER TABLE ivr_call_context ADD COLUMN customer_name VARCHAR(100);
ALTER TABLE ivr_call_context ADD COLUMN verification VARCHAR(16);
ALTER TABLE ivr_call_context ADD COLUMN failed_at VARCHAR(64);
ALTER TABLE ivr_call_context ADD COLUMN transfer_reason VARCHAR(32);
