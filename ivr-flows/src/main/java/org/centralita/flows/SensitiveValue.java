package org.centralita.flows;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret the caller typed (card number, CVV, PIN, expiry). {@link #toString()} masks it, so it cannot leak into
 * logs or traces by accident; only {@link #reveal()} gives the digits, to the action that needs them.
 */
public final class SensitiveValue {

    private final char[] digits;

    private SensitiveValue(char[] digits) {
        this.digits = digits;
    }

    /** Wraps {@code value}. */
    public static SensitiveValue of(String value) {
        return new SensitiveValue(Objects.requireNonNull(value, "value").toCharArray());
    }

    /** Returns the secret in clear. Never log or store the result. */
    public String reveal() {
        return new String(digits);
    }

    /** Returns the number of characters. */
    public int length() {
        return digits.length;
    }

    /** Returns the last {@code n} characters (e.g. the last four digits of a card), or all if shorter. */
    public String last(int n) {
        return new String(digits, Math.max(0, digits.length - n), Math.min(n, digits.length));
    }

    /** Returns a mask: {@code ****}, whatever the length. */
    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SensitiveValue s && Arrays.equals(digits, s.digits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digits);
    }
}
