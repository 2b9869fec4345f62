-- Card payments are written PENDING before the gateway is asked and settled after (APPROVED, DECLINED, or
-- NOT_CHARGED by reconciliation), so a charge never exists without a row. The embedded sandbox gateway keeps its
-- idempotency ledger here so it survives a restart, like a real gateway's. No card data in either table.
-- Portable H2 / PostgreSQL.
ALTER TABLE ivr_payment ADD COLUMN settled_at TIMESTAMP;
CREATE INDEX ivr_payment_status ON ivr_payment (status);

CREATE TABLE ivr_sandbox_charge (
    idempotency_key   VARCHAR(120)  NOT NULL PRIMARY KEY,
    approved          BOOLEAN       NOT NULL,
    token             VARCHAR(64)   NOT NULL,
    confirmation_code VARCHAR(16)   NOT NULL,
    decline_reason    VARCHAR(64)   NOT NULL,
    amount            DECIMAL(12,2) NOT NULL,
    currency          VARCHAR(3)    NOT NULL,
    created_at        TIMESTAMP     NOT NULL
);
