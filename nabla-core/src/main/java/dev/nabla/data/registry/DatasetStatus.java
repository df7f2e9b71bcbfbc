package dev.nabla.data.registry;

/**
 * One line of {@code nabla data list}: whether a dataset is on this machine, where, and whether its files
 * pass their checksums.
 *
 * @param location where it was found, or null
 * @param detail what is missing or wrong, or empty
 */
public record DatasetStatus(String name, String title, State state, Location location, String detail) {

    public enum State {
        /** Found, and every file matches its published checksum. */
        READY,
        /** Found, nothing contradicts it, but some file has no published checksum to compare with. */
        UNCHECKED,
        /** Found, but a file does not match its checksum. */
        INVALID,
        /** Some of its files are in a searched folder, others are missing. */
        INCOMPLETE,
        /** None of its files is in any searched folder. */
        NOT_FOUND,
        /** Generated on demand (synth): always available. */
        GENERATED
    }
}
