package org.centralita.gateway.agi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.centralita.gateway.agi.AgiHangupException;
import org.centralita.gateway.agi.AgiReply;
import org.junit.jupiter.api.Test;

class ScriptedAgiSessionTest {

    @Test
    void answersExpectedCommandsInOrderAndRecordsThem() {
        ScriptedAgiSession s =
                ScriptedAgiSession.builder().callerId("600111222").build();
        s.expect("ANSWER");
        s.expect("GET DATA beep 5000 4").reply("200 result=5678");
        AgiReply answer = s.answer().result();
        AgiReply data = s.getData("beep", Duration.ofSeconds(5), 4).result();
        assertThat(answer.isSuccess()).isTrue();
        assertThat(data.result()).isEqualTo("5678");
        assertThat(s.commands()).containsExactly("ANSWER", "GET DATA beep 5000 4");
        assertThat(s.request().callerId()).isEqualTo("600111222");
        s.assertComplete();
    }

    @Test
    void unexpectedCommandFailsTheFutureAndTheFinalAssertion() {
        ScriptedAgiSession s = ScriptedAgiSession.builder().build();
        s.expect("ANSWER");
        assertThat(s.streamFile("hello", "").failed()).isTrue();
        assertThatThrownBy(s::assertComplete)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("STREAM FILE hello \"\"")
                .hasMessageContaining("never sent");
    }

    @Test
    void callerHangUpDuringMediaGivesMinusOneThenMediaFailsButVariablesWork() {
        ScriptedAgiSession s = ScriptedAgiSession.builder().build();
        s.expectPrefix("GET DATA").hangUp();
        assertThat(s.getData("pin", Duration.ofSeconds(5), 4).result().result()).isEqualTo("-1");
        assertThat(s.isHungUp()).isTrue();
        assertThat(s.streamFile("bye", "").cause()).isInstanceOf(AgiHangupException.class);
        assertThat(s.setVariable("X", "1").succeeded()).isTrue();
        s.assertComplete();
    }

    @Test
    void hangUpAtCommandIndexAppliesToAnyCommand() {
        ScriptedAgiSession s = ScriptedAgiSession.builder().build().otherwise(c -> AgiReplies.ok());
        s.hangUpAtCommand(1);
        assertThat(s.answer().succeeded()).isTrue();
        assertThat(s.streamFile("a", "").result().result()).isEqualTo("-1");
        assertThat(s.streamFile("b", "").failed()).isTrue();
    }

    @Test
    void replyLinesAreParsedLikeAsterisk() {
        AgiReply r = AgiReplies.parse("200 result=49 endpos=26880");
        assertThat(r.digit()).isEqualTo('1');
        assertThat(r.endpos()).hasValue(26880);
        assertThat(AgiReplies.parse("200 result= (timeout)").isTimeout()).isTrue();
        assertThat(AgiReplies.parse("200 result=1 (hello world)").data()).isEqualTo("hello world");
    }
}
