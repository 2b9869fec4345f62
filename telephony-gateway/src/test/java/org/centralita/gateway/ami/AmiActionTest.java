package org.centralita.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import org.asteriskjava.manager.action.BridgeAction;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.LoginAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.junit.jupiter.api.Test;

class AmiActionTest {

    @Test
    void writesAnAsteriskJavaActionWithTheActionIdSecondAndCrLfLines() {
        String wire = AmiAction.from(new GetVarAction("Local/s@customer-sim-00000019;1", "CAMPAIGN"))
                .toWire("getvar-1");

        assertThat(wire)
                .isEqualTo("Action: GetVar\r\nActionID: getvar-1\r\nChannel: Local/s@customer-sim-00000019;1\r\n"
                        + "Variable: CAMPAIGN\r\n\r\n");
    }

    @Test
    void writesOriginateVariablesAsOneLinePerVariableInOrder() {
        var action = new OriginateAction();
        action.setChannel("Local/s@customer-sim");
        action.setContext("test-misc");
        action.setExten("park");
        action.setPriority(1);
        action.setCallerId("\"Dialer\" <1000>");
        var vars = new LinkedHashMap<String, String>();
        vars.put("RINGSEC", "1");
        vars.put("TALKSEC", "120");
        vars.put("CAMPAIGN", "spring");
        action.setVariables(vars);
        action.setAsync(true);

        String wire = AmiAction.from(action).plus("Timeout", "30000").toWire("orig-ctl-1");

        assertThat(wire)
                .isEqualTo("Action: Originate\r\nActionID: orig-ctl-1\r\nChannel: Local/s@customer-sim\r\n"
                        + "Context: test-misc\r\nExten: park\r\nPriority: 1\r\nCallerID: \"Dialer\" <1000>\r\n"
                        + "Variable: RINGSEC=1\r\nVariable: TALKSEC=120\r\nVariable: CAMPAIGN=spring\r\n"
                        + "Async: true\r\nTimeout: 30000\r\n\r\n");
    }

    @Test
    void writesHangupCauseBridgeChannelsAndLoginCredentials() {
        assertThat(AmiAction.from(new HangupAction("Local/x;1", 16)).toWire("h"))
                .isEqualTo("Action: Hangup\r\nActionID: h\r\nChannel: Local/x;1\r\nCause: 16\r\n\r\n");
        assertThat(AmiAction.from(new BridgeAction("A;1", "B;1", false)).toWire("b"))
                .isEqualTo("Action: Bridge\r\nActionID: b\r\nChannel1: A;1\r\nChannel2: B;1\r\nTone: false\r\n\r\n");
        assertThat(AmiAction.from(new LoginAction("dialer", "s3cret")).toWire("l"))
                .isEqualTo("Action: Login\r\nActionID: l\r\nUsername: dialer\r\nSecret: s3cret\r\n\r\n");
    }

    @Test
    void neverShowsTheSecretInToString() {
        assertThat(AmiAction.from(new LoginAction("dialer", "s3cret")).toString())
                .doesNotContain("s3cret")
                .contains("Username: dialer");
    }

    @Test
    void rejectsActionIdsSetByHandAndLineBreaksInValues() {
        assertThatThrownBy(() -> AmiAction.of("Ping", "ActionID", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ActionID");
        assertThatThrownBy(() -> AmiAction.of("Setvar", "Value", "a\r\nAction: Hangup"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> AmiAction.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
