package org.centralita.gateway.ami;

import java.util.Objects;

/**
 * One {@code Key: value} line of an AMI message, exactly as received or to be sent.
 *
 * @param name the key, case preserved ({@code ""} for a line without a colon)
 * @param value the value after {@code ": "}; empty for Asterisk's {@code Key: } empty values
 */
public record AmiHeader(String name, String value) {
    public AmiHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.indexOf('\r') >= 0
                || name.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("AMI header must not contain CR or LF: " + name);
        }
    }

    /** Returns whether this header's name equals {@code key}, ignoring case as Asterisk does. */
    public boolean is(String key) {
        return name.equalsIgnoreCase(key);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
