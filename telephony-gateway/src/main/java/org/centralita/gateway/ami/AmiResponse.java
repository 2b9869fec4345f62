package org.centralita.gateway.ami;

import java.util.List;
import java.util.Objects;

/**
 * A response to an action ({@code Response: Success|Error|Goodbye|Follows}).
 *
 * @param headers every header in wire order
 * @param events for event-list actions ({@code EventList: start}, e.g. {@code CoreShowChannels}) the list's
 *     events in order, ending with the {@code ...Complete} event; empty otherwise
 */
public record AmiResponse(AmiHeaders headers, List<AmiEvent> events) implements AmiInbound {
    public AmiResponse {
        Objects.requireNonNull(headers, "headers");
        events = List.copyOf(events);
    }

    /** Returns a response without list events. */
    public static AmiResponse of(AmiHeaders headers) {
        return new AmiResponse(headers, List.of());
    }

    /** Returns the {@code Response:} value, e.g. {@code Success}. */
    public String response() {
        return headers.get("Response");
    }

    /** Returns whether Asterisk accepted the action ({@code Success}, {@code Goodbye} or {@code Follows}). */
    public boolean isSuccess() {
        return !response().equalsIgnoreCase("Error");
    }

    /** Returns the {@code ActionID:} value, or {@code ""}. */
    public String actionId() {
        return headers.get("ActionID");
    }

    /** Returns the {@code Message:} value, or {@code ""}. */
    public String message() {
        return headers.get("Message");
    }

    /** Returns whether this response opens an event list ({@code EventList: start}). */
    public boolean startsEventList() {
        return headers.get("EventList").equalsIgnoreCase("start");
    }

    /** Returns the first value of {@code key}, or {@code ""}. */
    public String get(String key) {
        return headers.get(key);
    }

    /** Returns this response with the list events attached. */
    AmiResponse withEvents(List<AmiEvent> listEvents) {
        return new AmiResponse(headers, listEvents);
    }
}
