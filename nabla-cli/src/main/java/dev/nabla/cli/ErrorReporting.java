package dev.nabla.cli;

import dev.nabla.data.registry.DatasetUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports problems: one clear message, a hint, and the exit code (1 failure,
 * 2 usage). Stack traces only with {@code --debug}.
 */
final class ErrorReporting implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final boolean debug;

    ErrorReporting(boolean debug) {
        this.debug = debug;
    }

    /** Bad flags or values, caught by picocli before the command runs. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText("nabla: " + ex.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        return USAGE;
    }

    /** Errors raised while a command runs. */
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean usage = ex instanceof UsageException || ex instanceof IllegalArgumentException
                || ex instanceof DatasetUnavailableException;
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println(cmd.getColorScheme().errorText("nabla: " + message));
        if (usage && !(ex instanceof DatasetUnavailableException)) {
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        } else if (!debug) {
            err.println("(run with --debug for the stack trace)");
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return usage ? USAGE : FAILURE;
    }
}
