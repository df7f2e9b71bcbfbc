package dev.nabla.data;

/**
 * A data file (or data passed in memory) is not what it claims to be: wrong magic number, truncated,
 * mismatched counts, a label out of range, a checksum that does not match. The message names the file,
 * what was expected and what was found. Nothing built from such input is ever returned.
 */
public class InvalidDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
