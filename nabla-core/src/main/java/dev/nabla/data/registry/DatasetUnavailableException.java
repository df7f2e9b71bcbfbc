package dev.nabla.data.registry;

/**
 * A named dataset is on none of the searched paths and could not be downloaded. The message is meant for
 * the user as it is: where nabla looked, why the download failed, and every way to provide the files.
 */
public class DatasetUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetUnavailableException(String message) {
        super(message);
    }
}
