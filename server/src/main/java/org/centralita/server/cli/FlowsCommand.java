package org.centralita.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.centralita.flows.IvrFlows;
import org.centralita.flows.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code centralita flows}: Validate voice-menu flow definitions. */
@Command(
        name = "flows",
        mixinStandardHelpOptions = true,
        description = "Validate voice-menu flow definitions.",
        subcommands = {FlowsCommand.Validate.class})
public final class FlowsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("usage: centralita flows validate <dir> [--prompts <dir>] [--action <name>...]");
        return 2;
    }

    /** {@code centralita flows validate <dir>}: prints {@code file:line:column: message} per problem. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check every flow file in a folder; exit 1 and print file:line:column: message on errors.")
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "<dir>", description = "Folder of flow files (*.yaml).")
        Path dir;

        @Option(
                names = "--prompts",
                paramLabel = "<dir>",
                description =
                        "Prompt catalog folder (<lang>/<name>.wav). Default: ../prompts beside <dir>, if present.")
        Path prompts;

        @Option(
                names = "--action",
                paramLabel = "<name>",
                description = "An action name the server registers besides the built-in ones (repeatable).")
        List<String> actions = List.of();

        @Override
        public Integer call() {
            Path catalog = prompts;
            if (catalog == null) {
                Path sibling = dir.toAbsolutePath().normalize().resolveSibling("prompts");
                catalog = Files.isDirectory(sibling) ? sibling : null;
            }
            List<Problem> problems = IvrFlows.validate(dir, catalog, Set.copyOf(actions));
            problems.forEach(p -> System.err.println(p));
            if (problems.isEmpty()) {
                System.out.println("flows OK: " + dir + (catalog == null ? " (prompts not checked)" : ""));
                return 0;
            }
            System.err.println(problems.size() + " problem(s)");
            return 1;
        }
    }
}
