package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.centralita.gateway.testing.FakeAsteriskAmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whether the client's channel registry can be trusted: only once rebuilt after the login. */
@ExtendWith(VertxExtension.class)
class AmiChannelsKnownTest {

    private static AmiClient client(Vertx vertx, FakeAsteriskAmi ami) {
        return AmiClient.builder(vertx)
                .port(ami.port())
                .username("dialer")
                .secret("dialer-secret")
                .build();
    }

    @Test
    void channelsAreKnownOnceTheRegistryIsRebuiltAfterLogin(Vertx vertx) {
        FakeAsteriskAmi ami = FakeAsteriskAmi.start(vertx).await();
        ami.addCall("Local/+34612345678@customer-sim", "Up");
        AmiClient c = client(vertx, ami);
        try {
            assertThat(c.channelsKnown()).isFalse();
            c.connect().await();
            assertThat(c.channelsKnown()).isTrue();
            assertThat(c.channels()).hasSize(2);
        } finally {
            c.close().await();
            ami.stop().await();
        }
        assertThat(c.channelsKnown()).as("closed").isFalse();
    }

    @Test
    void aLoginWhoseChannelListFailsIsConnectedButDoesNotKnowItsChannels(Vertx vertx) {
        FakeAsteriskAmi ami = FakeAsteriskAmi.start(vertx).await();
        ami.addCall("Local/+34612345678@customer-sim", "Ringing");
        ami.deny("CoreShowChannels");
        AmiClient c = client(vertx, ami);
        try {
            c.connect().await();
            assertThat(c.isConnected()).isTrue();
            assertThat(c.channelsKnown())
                    .as("an empty registry here proves nothing")
                    .isFalse();
        } finally {
            c.close().await();
            ami.stop().await();
        }
    }
}
