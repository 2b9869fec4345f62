package org.centralita.flows.selfservice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A customer account the IVR can identify (the PIN hash stays in storage).
 *
 * @param id account number the caller types
 * @param name customer name, for agents
 * @param namePrompt the catalog prompt that says the name ("press 1 if you are María")
 * @param phone caller ID number on file, may be null
 * @param language preferred language
 * @param amountDue balance due
 * @param currency ISO code
 * @param dueDate due date
 * @param minPayment the smallest partial payment accepted
 */
public record Account(
        String id,
        String name,
        String namePrompt,
        String phone,
        String language,
        BigDecimal amountDue,
        String currency,
        LocalDate dueDate,
        BigDecimal minPayment) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(amountDue, "amountDue");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(minPayment, "minPayment");
    }
}
