package org.centralita.gateway.ami;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live channels, kept from {@code Newchannel}, {@code Newstate}, {@code VarSet}, {@code Rename} and
 * {@code Hangup} events, and rebuilt from {@code CoreShowChannels} after every (re)connect. Confined to the
 * client's Vert.x context; reads from other threads see a weakly consistent view.
 */
final class AmiChannelRegistry {
    private volatile Map<String, AmiChannel> byUniqueId = new ConcurrentHashMap<>();
    /** While a CoreShowChannels list is on its way: channels created and hung up since it was requested. */
    private Set<String> createdDuringRebuild;

    private Set<String> hungUpDuringRebuild;

    /** Applies one event. */
    void onEvent(AmiEvent e) {
        String uid = e.uniqueId();
        if (uid.isEmpty()) {
            return;
        }
        if (createdDuringRebuild != null) {
            if (e.is("Newchannel")) {
                createdDuringRebuild.add(uid);
            } else if (e.is("Hangup")) {
                hungUpDuringRebuild.add(uid);
            }
        }
        switch (e.name().toLowerCase(java.util.Locale.ROOT)) {
            case "newchannel" ->
                byUniqueId.put(
                        uid, new AmiChannel(uid, e.linkedId(), e.channel(), e.get("ChannelStateDesc"), Map.of()));
            case "newstate" ->
                byUniqueId.compute(
                        uid,
                        (k, c) -> c == null
                                ? new AmiChannel(uid, e.linkedId(), e.channel(), e.get("ChannelStateDesc"), Map.of())
                                : c.withState(e.get("ChannelStateDesc")));
            case "varset" ->
                byUniqueId.computeIfPresent(uid, (k, c) -> c.withVariable(e.get("Variable"), e.get("Value")));
            case "rename" -> byUniqueId.computeIfPresent(uid, (k, c) -> c.withName(e.get("Newname")));
            case "hangup" -> byUniqueId.remove(uid);
            default -> {
                // other events do not change the registry
            }
        }
    }

    /**
     * Replaces the registry with the channels of a {@code CoreShowChannels} list. Variables already known for a
     * channel that still exists are kept (CoreShowChannel does not carry variables); channels that are gone are
     * dropped.
     */
    void rebuild(List<AmiEvent> listEvents) {
        var next = new ConcurrentHashMap<String, AmiChannel>();
        if (createdDuringRebuild != null) {
            // Events interleaved with the list: keep channels born after the snapshot, drop those that died.
            for (String uid : createdDuringRebuild) {
                AmiChannel c = byUniqueId.get(uid);
                if (c != null) {
                    next.put(uid, c);
                }
            }
        }
        for (AmiEvent e : listEvents) {
            if (!e.is("CoreShowChannel") || e.uniqueId().isEmpty()) {
                continue;
            }
            if (hungUpDuringRebuild != null && hungUpDuringRebuild.contains(e.uniqueId())) {
                continue;
            }
            AmiChannel old = byUniqueId.get(e.uniqueId());
            next.put(
                    e.uniqueId(),
                    new AmiChannel(
                            e.uniqueId(),
                            e.linkedId(),
                            e.channel(),
                            e.get("ChannelStateDesc"),
                            old == null ? Map.of() : old.variables()));
        }
        byUniqueId = next;
        createdDuringRebuild = null;
        hungUpDuringRebuild = null;
    }

    /** Starts tracking channel births and deaths until {@link #rebuild} or {@link #abortRebuild}. */
    void beginRebuild() {
        createdDuringRebuild = new HashSet<>();
        hungUpDuringRebuild = new HashSet<>();
    }

    /** Stops tracking after a failed CoreShowChannels. */
    void abortRebuild() {
        createdDuringRebuild = null;
        hungUpDuringRebuild = null;
    }

    /** Returns the channel with this uniqueid. */
    Optional<AmiChannel> byUniqueId(String uniqueId) {
        return Optional.ofNullable(byUniqueId.get(uniqueId));
    }

    /** Returns the channel with this name. */
    Optional<AmiChannel> byName(String channel) {
        return byUniqueId.values().stream()
                .filter(c -> c.channel().equals(channel))
                .findFirst();
    }

    /** Returns an immutable snapshot, keyed by uniqueid. */
    Map<String, AmiChannel> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(byUniqueId));
    }

    void clear() {
        byUniqueId = new ConcurrentHashMap<>();
    }
}
