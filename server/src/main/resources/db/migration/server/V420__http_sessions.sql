-- Browser sessions, kept in the database so a restart (or another instance on the same database) does not sign
-- anybody out. Only the SHA-256 of the session id (the cookie value) is stored. Portable H2 / PostgreSQL SQL.
CREATE TABLE http_sessions (
    id_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    csrf_token VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    address VARCHAR(64),
    CONSTRAINT http_sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX http_sessions_user_idx ON http_sessions (user_id);
CREATE INDEX http_sessions_expires_idx ON http_sessions (expires_at);
