package org.centralita.dialer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A contact to dial.
 *
 * @param id the contact's id in the campaigns module
 * @param phone the number in E.164 form
 * @param fields custom fields (for the screen pop and the survey placeholders)
 */
public record Contact(String id, String phone, Map<String, String> fields) {
    public Contact {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("contact id must not be blank");
        }
        if (phone == null || phone.isBlank()) {
            throw new IllegalArgumentException("phone of contact " + id + " must not be blank");
        }
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
