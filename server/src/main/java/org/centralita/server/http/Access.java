package org.centralita.server.http;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.centralita.server.auth.Role;

/**
 * Who may call a route: anyone, any signed-in user, or users with one of some roles.
 *
 * @param authenticated whether a signed-in user (session or API token) is required
 * @param roles the roles allowed; empty with {@code authenticated} means every role
 */
public record Access(boolean authenticated, Set<Role> roles) {
    /** Validates and freezes the role set. */
    public Access {
        Objects.requireNonNull(roles, "roles");
        if (!authenticated && !roles.isEmpty()) {
            throw new IllegalArgumentException("a public route cannot require roles");
        }
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    }

    /** Returns access for everybody, signed in or not. */
    public static Access anyone() {
        return new Access(false, Set.of());
    }

    /** Returns access for every signed-in user. */
    public static Access signedIn() {
        return new Access(true, Set.of());
    }

    /** Returns access for signed-in users with one of {@code roles}. */
    public static Access roles(Role first, Role... more) {
        return new Access(true, EnumSet.of(first, more));
    }

    /** Returns whether a user with {@code role} passes. */
    public boolean allows(Role role) {
        return roles.isEmpty() || roles.contains(role);
    }
}
