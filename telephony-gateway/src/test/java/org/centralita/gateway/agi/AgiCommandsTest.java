package org.centralita.gateway.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetFullVariableCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.SayDateTimeCommand;
import org.asteriskjava.fastagi.command.SayDigitsCommand;
import org.asteriskjava.fastagi.command.SayNumberCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.VerboseCommand;
import org.junit.jupiter.api.Test;

class AgiCommandsTest {
    private static final List<String> ARGUMENTS = Arrays.asList(
            null,
            "",
            "welcome",
            "a b",
            "say \"hi\"",
            "back\\slash",
            "\\\"",
            "line\nbreak",
            "\n",
            "cr\rkept",
            "último, ñandú €",
            "$1 \\1 ${X}",
            "%s %n %%");

    @Test
    void buildsTheSameLinesAsAsteriskJavasOwnCommandClasses() {
        for (AsteriskVersion version : List.of(AsteriskVersion.ASTERISK_22, AsteriskVersion.ASTERISK_1_4)) {
            for (String a : ARGUMENTS) {
                assertSameLine(new StreamFileCommand(a, a), AgiCommands.streamFile(a, a), version);
                assertSameLine(new GetDataCommand(a, 5000, 4), AgiCommands.getData(a, 5000, 4), version);
                assertSameLine(new SayNumberCommand(a, a), AgiCommands.sayNumber(a, a), version);
                assertSameLine(new SayDigitsCommand(a, a), AgiCommands.sayDigits(a, a), version);
                assertSameLine(new SayDateTimeCommand(7, a, a), AgiCommands.sayDateTime(7, a, a), version);
                assertSameLine(new SetVariableCommand(a, a), AgiCommands.setVariable(a, a), version);
                assertSameLine(new GetVariableCommand(a), AgiCommands.getVariable(a), version);
                assertSameLine(new GetFullVariableCommand(a), AgiCommands.getFullVariable(a), version);
                assertSameLine(new ExecCommand("Playback", a, a), AgiCommands.exec("Playback", a, a), version);
                assertSameLine(new VerboseCommand(a, 3), AgiCommands.verbose(a, 3), version);
            }
        }
    }

    @Test
    void quotesLikeAsteriskJava() {
        assertEquals("\"\"", AgiCommands.quote(null));
        assertEquals("\"a\\\\b \\\"c\\\" d\re\"", AgiCommands.quote("a\\b \"c\" d\r\ne"));
    }

    @Test
    void remembersTheAsteriskVersionOfEachMajorNumber() {
        assertSame(AsteriskVersion.ASTERISK_22, AgiCommands.versionOf("22.10.1"));
        assertSame(AsteriskVersion.ASTERISK_22, AgiCommands.versionOf("22.10.1"));
        AsteriskVersion twenty = AsteriskVersion.getDetermineVersionFromString("Asterisk 20");
        assertSame(twenty == null ? AsteriskVersion.ASTERISK_22 : twenty, AgiCommands.versionOf("20.1.0"));
        assertSame(AgiCommands.versionOf("20.1.0"), AgiCommands.versionOf("20.2.0"));
        assertSame(AsteriskVersion.ASTERISK_22, AgiCommands.versionOf("not-a-version"));
        assertSame(AsteriskVersion.ASTERISK_22, AgiCommands.versionOf(""));
        assertSame(AsteriskVersion.ASTERISK_22, AgiCommands.versionOf(null));
    }

    private static void assertSameLine(AbstractAgiCommand original, AbstractAgiCommand fast, AsteriskVersion v) {
        assertEquals(AgiCommands.build(original, v), AgiCommands.build(fast, v));
    }
}
