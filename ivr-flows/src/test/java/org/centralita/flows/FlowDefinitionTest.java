package org.centralita.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowDefinitionTest {

    @TempDir
    Path dir;

    private static List<Problem> check(String yaml) {
        List<Problem> out = new java.util.ArrayList<>();
        FlowRegistry.parseAndCheck(
                "t.yaml", "t", yaml, PromptCatalog.any(), IvrFlows.BUILT_IN_ACTIONS::contains, n -> n.equals("t"), out);
        return out;
    }

    private static List<String> messages(String yaml) {
        return check(yaml).stream().map(Problem::toString).toList();
    }

    @Test
    void shippedMainFlowIsValidWithItsPromptsInBothLanguages() {
        Path root = TestEnv.repoRoot();
        assertThat(IvrFlows.validate(root.resolve("flows"), root.resolve("prompts"), Set.of()))
                .isEmpty();
    }

    @Test
    void unknownNodeTypeIsReportedAtTheTypeValue() {
        assertThat(messages("""
                languages: [es]
                start: a
                nodes:
                  a:
                    type: dance
                    next: end
                """))
                .containsExactly(
                        "t.yaml:5:11: unknown node type 'dance' (known: action, branch, collect, goto, hangup, hours, http, menu, play, say, set, subflow, transfer)");
    }

    @Test
    void danglingNextIsReportedWhereTheTargetIsWritten() {
        assertThat(messages("""
                languages: [es]
                start: a
                nodes:
                  a:
                    type: play
                    prompts: [hello]
                    next: nowhere
                """)).containsExactly("t.yaml:7:11: 'nowhere' is not a node of this flow (dangling next)");
    }

    @Test
    void unreachableNodeIsReported() {
        assertThat(messages("""
                languages: [es]
                start: a
                nodes:
                  a: {type: hangup}
                  orphan: {type: hangup}
                """)).containsExactly("t.yaml:5:3: node 'orphan' is unreachable from 'a'");
    }

    @Test
    void loopWithNoInputIsReportedWithItsPath() {
        assertThat(messages("""
                languages: [es]
                start: a
                nodes:
                  a:
                    type: set
                    values: {x: "1"}
                    next: b
                  b:
                    type: play
                    prompts: [hello]
                    next: a
                """)).containsExactly("t.yaml:11:11: loop with no input: a -> b -> a");
    }

    @Test
    void loopThroughAMenuIsFine() {
        assertThat(messages("""
                languages: [es]
                start: m
                agent: bye
                nodes:
                  m:
                    type: menu
                    prompts: [hello]
                    choices: {"1": p}
                  p:
                    type: play
                    prompts: [hello]
                    next: m
                  bye: {type: hangup}
                """)).isEmpty();
    }

    @Test
    void missingPromptIsReportedPerDeclaredLanguage() {
        List<Problem> out = new java.util.ArrayList<>();
        PromptCatalog catalog = (lang, p) -> lang.equals("es");
        FlowRegistry.parseAndCheck("t.yaml", "t", """
                languages: [es, en]
                start: a
                nodes:
                  a:
                    type: hangup
                    prompts: [goodbye, digits/5]
                """, catalog, a -> true, n -> true, out);
        assertThat(out)
                .extracting(Problem::toString)
                .containsExactly("t.yaml:4:3: prompt 'goodbye' of node 'a' is missing in language 'en'");
    }

    @Test
    void badValidatorSpecsAndBadExpressionsAreReportedWithLocations() {
        assertThat(messages("""
                languages: [es]
                start: c
                agent: bye
                nodes:
                  c:
                    type: collect
                    prompts: [x]
                    variable: v
                    validator: {range: {min: "a", max: "9"}}
                    next: b
                  b:
                    type: branch
                    cases:
                      - {if: "v == ", next: bye}
                    else: bye
                  bye: {type: hangup}
                """))
                .containsExactly(
                        "t.yaml:9:24: range bound 'a' is not a number",
                        "t.yaml:14:19: bad expression: expression ends too early at character 6");
    }

    @Test
    void menuKeyZeroIsReservedForAPerson() {
        assertThat(messages("""
                languages: [es]
                start: m
                agent: m
                nodes:
                  m:
                    type: menu
                    prompts: [x]
                    choices: {"1": m, "0": m}
                """))
                .containsExactly(
                        "t.yaml:8:23: menu key '0' is reserved: it reaches a person (set 'operator:' to choose where)");
    }

    @Test
    void menuThatCouldTrapTheCallerIsRefused() {
        assertThat(messages("""
                languages: [es]
                start: m
                nodes:
                  m:
                    type: menu
                    prompts: [x]
                    choices: {"1": m}
                """)).anyMatch(s -> s.startsWith("t.yaml:4:3: menu 'm' has no way to a person"));
    }

    @Test
    void malformedYamlGivesTheParserLocation() {
        List<Problem> p = check("languages: [es\nstart: a\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).line()).isPositive();
        assertThat(p.get(0).message()).startsWith("malformed YAML");
    }

    @Test
    void unknownFieldsAndActionsAreReported() {
        assertThat(messages("""
                languages: [es]
                start: a
                nodes:
                  a:
                    type: action
                    name: no.such.action
                    nxt: end
                    next: end
                """)).containsExactly("t.yaml:7:5: unknown field 'nxt' for a action node");
        assertThat(messages("""
                languages: [es]
                start: a
                nodes:
                  a:
                    type: action
                    name: no.such.action
                    next: end
                """)).containsExactly("t.yaml:4:3: unknown action 'no.such.action'");
    }

    @Test
    void flowNamesListTheFilesToRegisterAsAgiScripts() {
        TestEnv.write(dir, "main.yaml", "x");
        TestEnv.write(dir, "sales.yml", "x");
        TestEnv.write(dir, "notes.txt", "x");
        assertThat(IvrFlows.flowNames(dir)).containsExactly("main", "sales");
    }

    @Test
    void validateFolderNamesEachFile() {
        TestEnv.write(dir, "ok.yaml", "languages: [es]\nstart: a\nnodes:\n  a: {type: hangup}\n");
        TestEnv.write(dir, "bad.yaml", "languages: [es]\nstart: zz\nnodes:\n  a: {type: hangup}\n");
        List<Problem> p = IvrFlows.validate(dir, null, Set.of());
        assertThat(p)
                .extracting(Problem::toString)
                .anyMatch(s -> s.endsWith("bad.yaml:2:8: 'zz' is not a node of this flow (dangling next)"));
        assertThat(p).noneMatch(x -> x.file().endsWith("ok.yaml"));
    }
}
