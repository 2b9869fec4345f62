package org.centralita.server.auth;

import java.util.Locale;

/** What a user may do. Stored by {@link #id()} in the {@code users.role} column. */
public enum Role {
    /** Telephony admin: users, tokens, telephony and pacing settings. */
    ADMIN,
    /** Campaign manager: campaigns, lists, results. */
    MANAGER,
    /** Supervisor: the live wallboard. */
    SUPERVISOR,
    /** Agent: the agent desktop, own calls only. */
    AGENT;

    /** Returns the lower-case id used in JSON and SQL. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a role id.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Role parse(String id) {
        if (id != null) {
            for (Role r : values()) {
                if (r.id().equals(id)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of admin, manager, supervisor, agent; got \"" + id + "\"");
    }
}
