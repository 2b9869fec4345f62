package org.centralita.gateway.agi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An unmodifiable, insertion-ordered map of strings held in two arrays: the form of {@link AgiRequest#env()} and
 * {@link AgiRequest#parameters()}.
 *
 * <p>Every live call keeps its request for as long as it lasts, so at thousands of calls its size is what the
 * garbage collector copies. A {@code LinkedHashMap} of the 22 keys Asterisk sends costs about 3.8 KB per call;
 * this map, with the keys and the values that repeat from call to call shared (see {@link #canonicalKey} and
 * {@link #canonicalValue}), costs about a quarter of that. Lookups scan the keys, which is as fast as hashing for a
 * few dozen entries. {@code equals}, {@code hashCode} and {@code toString} are those of any {@link Map}.
 */
final class AgiEnvironmentMap extends AbstractMap<String, String> {
    /** The {@code agi_*} keys (without the prefix) that Asterisk 22 sends for every call, in its order. */
    private static final String[] KNOWN_KEYS = {
        "network",
        "network_script",
        "request",
        "channel",
        "language",
        "type",
        "uniqueid",
        "version",
        "callerid",
        "calleridname",
        "callingpres",
        "callingani2",
        "callington",
        "callingtns",
        "dnid",
        "rdnis",
        "context",
        "extension",
        "priority",
        "enhanced",
        "accountcode",
        "threadid",
        "arg_1",
        "arg_2",
        "arg_3",
        "arg_4"
    };
    /** Values longer than this are not shared: they are ids, not repeats. */
    private static final int MAX_SHARED_VALUE = 64;
    /** Per known key, the last value seen; a call whose value equals it keeps the shared instance. */
    private static final AtomicReferenceArray<String> LAST_VALUES = new AtomicReferenceArray<>(KNOWN_KEYS.length);

    static final AgiEnvironmentMap EMPTY = new AgiEnvironmentMap(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;

    private AgiEnvironmentMap(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Returns {@code map} itself if it is one of these (they are immutable), otherwise an ordered copy of it. */
    static AgiEnvironmentMap copyOf(Map<String, String> map) {
        if (map instanceof AgiEnvironmentMap same) {
            return same;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        String[] keys = new String[map.size()];
        String[] values = new String[keys.length];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        if (i != keys.length) {
            throw new IllegalStateException("the map changed while it was copied");
        }
        return new AgiEnvironmentMap(keys, values);
    }

    /** Returns the shared instance of a known {@code agi_*} key (without prefix), or {@code key} itself. */
    static String canonicalKey(String key) {
        int i = indexOf(key);
        return i < 0 ? key : KNOWN_KEYS[i];
    }

    /**
     * Returns a shared instance equal to {@code value} if the last call had the same value for this known key
     * (language, context, version, caller ID ...), otherwise remembers and returns {@code value}. The slots hold
     * immutable strings, so a call on another event loop sees either an older value or this one: both are correct.
     */
    static String canonicalValue(String key, String value) {
        int i = indexOf(key);
        if (i < 0 || value.length() > MAX_SHARED_VALUE) {
            return value;
        }
        String last = LAST_VALUES.getPlain(i);
        if (value.equals(last)) {
            return last;
        }
        LAST_VALUES.setPlain(i, value);
        return value;
    }

    private static int indexOf(String key) {
        for (int i = 0; i < KNOWN_KEYS.length; i++) {
            if (KNOWN_KEYS[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private int slotOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return slotOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = slotOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }
}
