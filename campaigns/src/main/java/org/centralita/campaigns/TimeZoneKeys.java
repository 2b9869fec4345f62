package org.centralita.campaigns;

import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A contact's time-zone key: one zone id ({@code Europe/Madrid}), or several joined by {@code |} when the number
 * alone cannot tell which one applies; a contact with several zones is callable only when all of them are open.
 */
final class TimeZoneKeys {
    private static final ConcurrentHashMap<String, List<ZoneId>> CACHE = new ConcurrentHashMap<>();

    private TimeZoneKeys() {}

    static List<ZoneId> zones(String key) {
        return CACHE.computeIfAbsent(key, k -> {
            String[] parts = k.split("\\|");
            ZoneId[] zones = new ZoneId[parts.length];
            for (int i = 0; i < parts.length; i++) {
                zones[i] = ZoneId.of(parts[i]);
            }
            return List.of(zones);
        });
    }

    static String key(List<String> zoneIds) {
        return String.join("|", zoneIds.stream().sorted().distinct().toList());
    }
}
