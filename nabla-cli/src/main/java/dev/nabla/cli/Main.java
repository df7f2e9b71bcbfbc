package dev.nabla.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code nabla} command: a thin shell over the library. */
@Command(
        name = "nabla",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Deep learning in pure Java: train, inspect and compare neural networks on the CPU.",
            "",
        },
        subcommands = {TrainCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Run 'nabla COMMAND --help' for the options of a command.",
        })
public final class Main implements Callable<Integer> {

    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        ErrorReporting errors = new ErrorReporting(Arrays.asList(args).contains("--debug"));
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .execute(args);
    }
}
