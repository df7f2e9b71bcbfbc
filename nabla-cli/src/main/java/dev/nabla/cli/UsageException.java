package dev.nabla.cli;

/**
 * A mistake in how the command was called (a bad value, a missing dataset, a model that does not fit
 * the data): reported as one message with a hint, exit code 2, no stack trace.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
