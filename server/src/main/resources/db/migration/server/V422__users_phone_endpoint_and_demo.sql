-- An agent's phone endpoint (e.g. PJSIP/ana): the agent may log in to the dialer only on a channel of it.
-- Demo accounts (public password, created by `serve --demo`) are marked, so that a normal server disables them.
-- Portable H2 / PostgreSQL SQL.
ALTER TABLE users ADD COLUMN phone_endpoint VARCHAR(80);
ALTER TABLE users ADD COLUMN demo BOOLEAN DEFAULT FALSE NOT NULL;
