package org.centralita.server.auth;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first admin when the user table is empty: with the password in
 * {@code CENTRALITA_ADMIN_PASSWORD}, or else with a one-time password printed once, which must be
 * changed at first sign-in.
 */
public final class AdminBootstrap {
    /** Environment variable holding the first admin's password. */
    public static final String ENV = "CENTRALITA_ADMIN_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private AdminBootstrap() {}

    /** What happened at bootstrap; {@code oneTimePassword} is set only when one was generated. */
    public record Result(boolean created, String username, String oneTimePassword) {}

    /**
     * Creates the first admin if there is no user yet.
     *
     * @param envPassword the value of {@value #ENV}, or null
     */
    public static Future<Result> run(UserStore users, String username, String envPassword) {
        Objects.requireNonNull(username, "username");
        return users.isEmpty().compose(empty -> {
            if (!empty) {
                return Future.succeededFuture(new Result(false, username, null));
            }
            boolean generated = envPassword == null || envPassword.isEmpty();
            String password = generated ? generate() : envPassword;
            return users.create(new UserStore.NewUser(username, "Administrator", Role.ADMIN, "es", password, generated))
                    .recover(e -> Future.failedFuture(
                            new org.centralita.server.ServerException(ENV + ": " + e.getMessage(), e)))
                    .map(u -> {
                        if (generated) {
                            String banner = "\n=====================================================================\n"
                                    + "  First start: created admin user '" + username + "'\n"
                                    + "  One-time password: " + password + "\n"
                                    + "  Sign in and choose a new password. This is shown only once.\n"
                                    + "  (Set " + ENV + " to choose it yourself.)\n"
                                    + "=====================================================================";
                            log.warn(banner);
                        } else {
                            log.info("First start: created admin user '{}' with the password from {}", username, ENV);
                        }
                        return new Result(true, username, generated ? password : null);
                    });
        });
    }

    private static String generate() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
