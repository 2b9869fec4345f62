-- The next-contact claim at a million contacts (issue 4). Portable: H2 2.x and PostgreSQL 12+.

-- contacts_next covers every column the candidate read needs (list_id for paused lists, phone for the
-- do-not-call probe), so the read of a few hundred candidates per claim never opens the wide contact row.
DROP INDEX contacts_next;
CREATE INDEX contacts_next ON contacts (campaign_id, state, time_zone, priority, next_due_at, id, list_id, phone);

-- An UPDATE rewrites the row in every index of the table (H2 removes and re-adds all of them; PostgreSQL adds
-- new entries because state is indexed), and a claim updates 100 rows. contacts_phone served only the
-- do-not-call updates, which now find the rows through contacts_campaign_phone (campaign_id, phone).
DROP INDEX contacts_phone;

-- Bumped in the same transaction as every change the claim's cache depends on: settings (windows), status,
-- contact lists (created, activated, paused, resumed) and the campaign's time-zone keys.
ALTER TABLE campaigns ADD COLUMN dialing_rev BIGINT DEFAULT 0 NOT NULL;
