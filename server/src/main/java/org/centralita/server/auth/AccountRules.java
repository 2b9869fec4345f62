package org.centralita.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.centralita.server.http.ApiException;

/** Validation of account fields, shared by the API and the first-admin bootstrap. */
final class AccountRules {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,64}");

    private AccountRules() {}

    static String username(String v) {
        if (v == null || !USERNAME.matcher(v).matches()) {
            throw ApiException.invalid("username must be 2-64 characters: lower-case letters, digits, . _ -");
        }
        return v;
    }

    static String displayName(String v) {
        if (v == null || v.isBlank() || v.length() > 128) {
            throw ApiException.invalid("displayName must be 1-128 characters");
        }
        return v.strip();
    }

    static String language(String v) {
        if (!"es".equals(v) && !"en".equals(v)) {
            throw ApiException.invalid("language must be es or en");
        }
        return v;
    }

    static String password(String v) {
        if (v == null || v.length() < 8) {
            throw ApiException.invalid("password must have at least 8 characters");
        }
        if (v.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw ApiException.invalid("password must be at most 72 bytes");
        }
        return v;
    }

    static Role role(String v) {
        try {
            return Role.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }
}
