package org.centralita.campaigns;

/** The standard contact columns an upload can map; every other column becomes a custom field. */
public enum ContactField {
    PHONE,
    NAME,
    FIRST_NAME,
    LAST_NAME,
    CUSTOMER_ID,
    LANGUAGE,
    TIME_ZONE,
    EMAIL
}
