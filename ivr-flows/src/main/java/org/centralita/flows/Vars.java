package org.centralita.flows;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The variables of one call: an immutable map of names to plain strings or {@link SensitiveValue}s. Reading a
 * sensitive variable as text gives its mask; {@link #toString()} masks too.
 */
public final class Vars {

    private static final Vars EMPTY = new Vars(Map.of());

    private final Map<String, Object> values;

    private Vars(Map<String, Object> values) {
        this.values = values;
    }

    /** Returns no variables. */
    public static Vars empty() {
        return EMPTY;
    }

    /** Returns variables holding the given plain values. */
    public static Vars of(Map<String, String> plain) {
        Vars v = EMPTY;
        for (Map.Entry<String, String> e : plain.entrySet()) {
            v = v.with(e.getKey(), e.getValue());
        }
        return v;
    }

    /** Returns a copy with {@code name} set to a plain value. */
    public Vars with(String name, String value) {
        return put(name, Objects.requireNonNull(value, "value"));
    }

    /** Returns a copy with {@code name} set to a secret. */
    public Vars withSecret(String name, SensitiveValue value) {
        return put(name, Objects.requireNonNull(value, "value"));
    }

    /** Returns a copy without {@code name}. */
    public Vars without(String name) {
        if (!values.containsKey(name)) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.remove(name);
        return new Vars(Collections.unmodifiableMap(copy));
    }

    /** Returns a copy with every variable of {@code other} put over these. */
    public Vars withAll(Vars other) {
        if (other.values.isEmpty()) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.putAll(other.values);
        return new Vars(Collections.unmodifiableMap(copy));
    }

    private Vars put(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Vars(Collections.unmodifiableMap(copy));
    }

    /** Returns the text of {@code name}: the value, a mask for a secret, or {@code ""} if unset. */
    public String text(String name) {
        Object v = values.get(name);
        return v == null ? "" : v.toString();
    }

    /** Returns whether {@code name} is set. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Returns the secret held in {@code name}, if it holds one. */
    public Optional<SensitiveValue> secret(String name) {
        return values.get(name) instanceof SensitiveValue s ? Optional.of(s) : Optional.empty();
    }

    /** Returns whether {@code name} holds a secret. */
    public boolean isSecret(String name) {
        return values.get(name) instanceof SensitiveValue;
    }

    /** Returns the plain (non-secret) variables, for traces and the call context. */
    public Map<String, String> plain() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof String s) {
                out.put(k, s);
            }
        });
        return out;
    }

    /** Returns the variables with secrets masked, e.g. {@code {account=1001, card=****}}. */
    @Override
    public String toString() {
        return values.toString();
    }
}
