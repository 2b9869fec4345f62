package org.centralita.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** Hashes and verifies passwords with bcrypt; blocking (call from a worker thread). */
final class PasswordHasher {
    private final int cost;
    private final String dummyHash;

    PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4-31, got " + cost);
        }
        this.cost = cost;
        this.dummyHash = hash("not-a-real-password");
    }

    String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    boolean verify(String password, String hash) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (pw.length > 72) {
            return false;
        }
        return BCrypt.verifyer().verify(pw, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the same time as a real verification, so unknown user names cannot be told apart. */
    void verifyDummy(String password) {
        verify(password, dummyHash);
    }
}
