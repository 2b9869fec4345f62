-- Demo accounts for the shipped 'main' flow. PINs are bcrypt hashes (cost 10) of the documented demo PINs:
-- 1001 -> 1234, 1002 -> 4321, 1003 -> 2468 (see docs/flows.md). Never seed real customers here.
INSERT INTO ivr_account (account_id, customer_name, name_prompt, phone, language, pin_hash, amount_due, currency, due_date, min_payment)
VALUES ('1001', 'María García', 'name-maria', '34600111222', 'es', '$2a$10$0YlI3orirf0YPOWG6HtiYurKNeg3xLvKy8QNn6n66HquEwy62Ayv2', 123.45, 'EUR', DATE '2026-12-15', 10.00);
INSERT INTO ivr_account (account_id, customer_name, name_prompt, phone, language, pin_hash, amount_due, currency, due_date, min_payment)
VALUES ('1002', 'John Smith', 'name-john', '447700900123', 'en', '$2a$10$ROdPOGqGIzxO247rL770Pukv.KN2XCQFrPEVLNz6BCLHzudn9mmOq', 250.00, 'EUR', DATE '2026-12-20', 20.00);
INSERT INTO ivr_account (account_id, customer_name, name_prompt, phone, language, pin_hash, amount_due, currency, due_date, min_payment)
VALUES ('1003', 'Lucía Fernández', 'name-lucia', NULL, 'es', '$2a$10$g/w.2q8ZpZDfEvIvQqXH8uSzk3BJlOBtWH1ElJxaxug0v0IgL8siu', 75.50, 'EUR', DATE '2026-12-31', 5.00);
