package org.centralita.gateway.ami;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.util.ReflectionUtil;

/**
 * An action ready to write: {@code Action:} first, then the other headers in order. The client adds the
 * {@code ActionID:} itself.
 *
 * <p>Build one from Asterisk-Java's action vocabulary with {@link #from(ManagerAction)} (e.g.
 * {@code new OriginateAction()}, {@code new GetVarAction(channel, variable)}), or by hand with {@link #of}.
 */
public record AmiAction(List<AmiHeader> headers) {
    /** Canonical header spelling for Asterisk-Java property names (Asterisk itself ignores case). */
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("callerid", "CallerID"),
            Map.entry("channel1", "Channel1"),
            Map.entry("channel2", "Channel2"),
            Map.entry("extrachannel", "ExtraChannel"),
            Map.entry("extracontext", "ExtraContext"),
            Map.entry("extraexten", "ExtraExten"),
            Map.entry("extrapriority", "ExtraPriority"),
            Map.entry("earlymedia", "EarlyMedia"),
            Map.entry("channelid", "ChannelId"),
            Map.entry("otherchannelid", "OtherChannelId"),
            Map.entry("callingpres", "CallingPres"),
            Map.entry("authtype", "AuthType"));

    /** Preferred order of well-known headers; everything else follows alphabetically. */
    private static final List<String> ORDER = List.of(
            "channel",
            "channel1",
            "channel2",
            "extrachannel",
            "context",
            "exten",
            "priority",
            "application",
            "data",
            "callerid",
            "timeout",
            "variable",
            "value",
            "cause",
            "tone",
            "username",
            "secret",
            "events",
            "async");

    public AmiAction {
        headers = List.copyOf(headers);
        if (headers.isEmpty()
                || !headers.get(0).is("Action")
                || headers.get(0).value().isBlank()) {
            throw new IllegalArgumentException("an AMI action must start with a non-empty Action header");
        }
        for (AmiHeader h : headers) {
            if (h.is("ActionID")) {
                throw new IllegalArgumentException("ActionID is assigned by the client; do not set it");
            }
        }
    }

    /** Returns an action named {@code action} with alternating header keys and values. */
    public static AmiAction of(String action, String... keysAndValues) {
        Objects.requireNonNull(action, "action");
        var list = new ArrayList<AmiHeader>();
        list.add(new AmiHeader("Action", action));
        list.addAll(AmiHeaders.of(keysAndValues).list());
        return new AmiAction(list);
    }

    /**
     * Returns the headers of an Asterisk-Java action: its non-null bean properties, with a variables map written
     * as one {@code Variable: name=value} line per entry in map order (Asterisk 12+ style), booleans as
     * {@code true}/{@code false}. Any ActionID set on the bean is ignored: the client assigns its own.
     */
    public static AmiAction from(ManagerAction action) {
        Objects.requireNonNull(action, "action");
        var props = new TreeMap<String, Object>();
        for (Map.Entry<String, Method> e :
                ReflectionUtil.getGetters(action.getClass()).entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("action") || name.equals("actionid") || name.equals("class")) {
                continue;
            }
            Object value;
            try {
                value = e.getValue().invoke(action);
            } catch (IllegalAccessException | InvocationTargetException ex) {
                throw new AmiException(
                        "cannot read property " + name + " of "
                                + action.getClass().getName(),
                        ex);
            }
            if (value == null || value instanceof Class<?>) {
                continue;
            }
            props.put(name.equals("variables") ? "variable" : name, value);
        }
        var list = new ArrayList<AmiHeader>();
        list.add(new AmiHeader("Action", action.getAction()));
        for (String key : ORDER) {
            Object v = props.remove(key);
            if (v != null) {
                addProperty(list, key, v);
            }
        }
        props.forEach((k, v) -> addProperty(list, k, v));
        return new AmiAction(list);
    }

    private static void addProperty(List<AmiHeader> list, String key, Object value) {
        String header = canonical(key);
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> list.add(new AmiHeader(header, k + "=" + (v == null ? "" : v))));
        } else {
            list.add(new AmiHeader(header, String.valueOf(value)));
        }
    }

    private static String canonical(String key) {
        String c = CANONICAL.get(key);
        if (c != null) {
            return c;
        }
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    /** Returns a copy with one more header at the end. */
    public AmiAction plus(String key, String value) {
        var list = new ArrayList<>(headers);
        list.add(new AmiHeader(key, value));
        return new AmiAction(list);
    }

    /** Returns the action name ({@code Action:} value). */
    public String name() {
        return headers.get(0).value();
    }

    /** Returns the first value of {@code key}, or {@code ""}. */
    public String get(String key) {
        return AmiHeaders.of(headers).get(key);
    }

    /** Returns the wire form with {@code ActionID: actionId} as the second line, every line ended by CRLF. */
    String toWire(String actionId) {
        var sb = new StringBuilder(64 + headers.size() * 32);
        sb.append(headers.get(0)).append("\r\n");
        sb.append("ActionID: ").append(actionId).append("\r\n");
        for (int i = 1; i < headers.size(); i++) {
            sb.append(headers.get(i)).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Override
    public String toString() {
        return AmiHeaders.of(headers).toString();
    }
}
