package dev.nabla.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
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
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, PlotCommand.class, GridCommand.class,
            ReportCommand.class, ExplainCommand.class, GradcheckCommand.class, DataCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        footer = {
            "",
            "Run 'nabla COMMAND --help' for the options of a command.",
        })
public final class Main implements Callable<Integer> {

    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    /** Where commands print results (stdout) and progress, notes and errors (stderr). */
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    /** Runs the command line printing to the given streams (tests capture them). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        Main main = new Main();
        main.out = out;
        main.err = err;
        ErrorReporting errors = new ErrorReporting(Arrays.asList(args).contains("--debug"));
        CommandLine cli = new CommandLine(main)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        shareVersion(cli);
        return cli.execute(args);
    }

    /** Every subcommand's -V prints the same version as the top-level command. */
    private static void shareVersion(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new VersionProvider());
            shareVersion(sub);
        }
    }
}
