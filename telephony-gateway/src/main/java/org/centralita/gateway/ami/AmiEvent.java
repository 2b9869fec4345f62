package org.centralita.gateway.ami;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An AMI event, with every header in wire order (duplicates kept).
 *
 * <p>Not every event has {@code Privilege:} or {@code Timestamp:} ({@code FullyBooted} and the list events of
 * {@code CoreShowChannels} have no timestamp), and timestamps are not monotonic in delivery order, so the
 * client orders events by arrival and never by {@link #timestamp()}.
 */
public record AmiEvent(AmiHeaders headers) implements AmiInbound {
    public AmiEvent {
        Objects.requireNonNull(headers, "headers");
    }

    /** Returns an event built from alternating keys and values; the first pair should be {@code Event}. */
    public static AmiEvent of(String... keysAndValues) {
        return new AmiEvent(AmiHeaders.of(keysAndValues));
    }

    /** Returns the event name ({@code Event:} value), e.g. {@code Newstate}. */
    public String name() {
        return headers.get("Event");
    }

    /** Returns whether this event is named {@code eventName} (case-insensitive). */
    public boolean is(String eventName) {
        return name().equalsIgnoreCase(eventName);
    }

    /** Returns the first value of {@code key}, or {@code ""}. */
    public String get(String key) {
        return headers.get(key);
    }

    /** Returns every value of {@code key} in wire order. */
    public List<String> getAll(String key) {
        return headers.getAll(key);
    }

    /** Returns the {@code ActionID:} value (list events and OriginateResponse carry one), or {@code ""}. */
    public String actionId() {
        return headers.get("ActionID");
    }

    /** Returns the {@code Uniqueid:} value, or {@code ""}. */
    public String uniqueId() {
        return headers.get("Uniqueid");
    }

    /** Returns the {@code Linkedid:} value, or {@code ""}. */
    public String linkedId() {
        return headers.get("Linkedid");
    }

    /** Returns the first {@code Channel:} value (the channel snapshot), or {@code ""}. */
    public String channel() {
        return headers.get("Channel");
    }

    /** Returns Asterisk's {@code Timestamp:} in milliseconds since the epoch, when present and valid. */
    public Optional<Long> timestamp() {
        String ts = headers.get("Timestamp");
        if (ts.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.round(Double.parseDouble(ts) * 1000.0));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Returns whether this event closes an event list ({@code EventList: Complete}). */
    public boolean completesEventList() {
        return headers.get("EventList").equalsIgnoreCase("Complete");
    }
}
