package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AmiChannelRegistryTest {

    private static AmiEvent channelEvent(String event, String uid, String name, String state) {
        return AmiEvent.of(
                "Event", event, "Channel", name, "ChannelStateDesc", state, "Uniqueid", uid, "Linkedid", uid);
    }

    private static AmiEvent listed(String uid, String name) {
        return AmiEvent.of(
                "Event",
                "CoreShowChannel",
                "ActionID",
                "c-1",
                "Channel",
                name,
                "ChannelStateDesc",
                "Up",
                "Uniqueid",
                uid,
                "Linkedid",
                uid);
    }

    @Test
    void tracksStateVariablesRenamesAndHangups() {
        var r = new AmiChannelRegistry();
        r.onEvent(channelEvent("Newchannel", "1.1", "Local/a;1", "Down"));
        r.onEvent(channelEvent("Newstate", "1.1", "Local/a;1", "Up"));
        r.onEvent(AmiEvent.of("Event", "VarSet", "Uniqueid", "1.1", "Variable", "X", "Value", ""));
        r.onEvent(AmiEvent.of("Event", "Rename", "Uniqueid", "1.1", "Channel", "Local/a;1", "Newname", "Local/b;1"));

        assertThat(r.byUniqueId("1.1")).get().satisfies(c -> {
            assertThat(c.state()).isEqualTo("Up");
            assertThat(c.channel()).isEqualTo("Local/b;1");
            assertThat(c.variables()).containsEntry("X", "");
        });

        r.onEvent(channelEvent("Hangup", "1.1", "Local/b;1", "Up"));
        assertThat(r.snapshot()).isEmpty();
    }

    @Test
    void rebuildKeepsKnownVariablesAndHonoursEventsInterleavedWithTheList() {
        var r = new AmiChannelRegistry();
        r.onEvent(channelEvent("Newchannel", "1.1", "Local/a;1", "Up"));
        r.onEvent(AmiEvent.of("Event", "VarSet", "Uniqueid", "1.1", "Variable", "CAMPAIGN", "Value", "spring"));
        r.onEvent(channelEvent("Newchannel", "1.9", "Local/gone;1", "Up"));

        r.beginRebuild();
        r.onEvent(channelEvent("Newchannel", "1.5", "Local/new;1", "Ring")); // born after the snapshot
        r.onEvent(channelEvent("Hangup", "1.2", "Local/c;1", "Up")); // died while the list was on its way
        r.rebuild(List.of(listed("1.1", "Local/a;1"), listed("1.2", "Local/c;1")));

        assertThat(r.snapshot().keySet()).containsExactlyInAnyOrder("1.1", "1.5");
        assertThat(r.byUniqueId("1.1").orElseThrow().variables()).containsEntry("CAMPAIGN", "spring");
        assertThat(r.byName("Local/gone;1")).isEmpty();
    }
}
