package org.centralita.dialer.runtime;

import java.util.List;
import java.util.Objects;
import org.centralita.campaigns.Attempt;
import org.centralita.campaigns.ClaimedContact;
import org.centralita.campaigns.Survey;

/**
 * A claimed contact with everything its screen pop needs, loaded on a worker before the call is placed.
 *
 * @param claimed the contact as claimed from the campaigns module
 * @param survey the campaign's survey with this contact's placeholders filled
 * @param history the contact's earlier attempts, oldest first
 */
record Lead(ClaimedContact claimed, Survey survey, List<Attempt> history) {
    Lead {
        Objects.requireNonNull(claimed, "claimed");
        Objects.requireNonNull(survey, "survey");
        history = List.copyOf(history);
    }

    long contactId() {
        return claimed.contact().id();
    }

    /** Returns the contact in the dialer core's vocabulary. */
    org.centralita.dialer.Contact toDialerContact() {
        var c = claimed.contact();
        return new org.centralita.dialer.Contact(String.valueOf(c.id()), c.phone(), c.fields());
    }
}
