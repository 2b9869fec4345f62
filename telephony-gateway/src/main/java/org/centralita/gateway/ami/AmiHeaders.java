package org.centralita.gateway.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The headers of one AMI message, in wire order, duplicates kept.
 *
 * <p>Asterisk sometimes repeats a key in one message: a {@code UserEvent} whose user fields include
 * {@code Channel:} carries two {@code Channel:} headers (the channel snapshot and the user field). A map would
 * silently lose one of them, so this is an ordered list with case-insensitive look-ups.
 */
public final class AmiHeaders {
    private final List<AmiHeader> headers;

    private AmiHeaders(List<AmiHeader> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Returns headers holding {@code headers} in the given order. */
    public static AmiHeaders of(List<AmiHeader> headers) {
        Objects.requireNonNull(headers, "headers");
        return new AmiHeaders(headers);
    }

    /** Returns headers built from alternating keys and values, e.g. {@code of("Event", "Hangup", "Cause", "16")}. */
    public static AmiHeaders of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs, got " + keysAndValues.length);
        }
        var list = new ArrayList<AmiHeader>(keysAndValues.length / 2);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            list.add(new AmiHeader(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new AmiHeaders(list);
    }

    /** Returns all headers in wire order. */
    public List<AmiHeader> list() {
        return headers;
    }

    /** Returns the number of header lines. */
    public int size() {
        return headers.size();
    }

    /** Returns the value of the first header named {@code key} (case-insensitive), if any. */
    public Optional<String> first(String key) {
        for (AmiHeader h : headers) {
            if (h.is(key)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** Returns the value of the first header named {@code key}, or {@code ""} when there is none. */
    public String get(String key) {
        return first(key).orElse("");
    }

    /** Returns every value of the headers named {@code key}, in wire order. */
    public List<String> getAll(String key) {
        var out = new ArrayList<String>(2);
        for (AmiHeader h : headers) {
            if (h.is(key)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** Returns whether a header named {@code key} is present. */
    public boolean has(String key) {
        return first(key).isPresent();
    }

    /** Returns a copy with the value of every header named {@code key} replaced by {@code value}. */
    public AmiHeaders with(String key, String value) {
        var out = new ArrayList<AmiHeader>(headers.size());
        for (AmiHeader h : headers) {
            out.add(h.is(key) ? new AmiHeader(h.name(), value) : h);
        }
        return new AmiHeaders(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmiHeaders other && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        for (AmiHeader h : headers) {
            if (h.is("Secret")) {
                sb.append(h.name()).append(": ***").append("; ");
            } else {
                sb.append(h).append("; ");
            }
        }
        return sb.toString();
    }
}
