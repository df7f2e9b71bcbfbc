package dev.nabla.data.registry;

import java.util.List;

/**
 * The result of {@code nabla data verify}: every file's checksum verdict, and whether the whole dataset
 * parses with the expected counts.
 *
 * @param trainCount the number of training samples read, or -1 if reading failed
 * @param testCount the number of test samples read, or -1 if reading failed
 * @param problem why reading failed, or null
 */
public record VerifyReport(String name, Location location, List<FileCheck> checks, int trainCount, int testCount,
        String problem) {

    public VerifyReport {
        checks = List.copyOf(checks);
    }

    /** No checksum mismatch and the files parse. */
    public boolean ok() {
        return problem == null && checks.stream().allMatch(FileCheck::ok);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append(" at ").append(location.folder()).append('\n');
        for (FileCheck c : checks) {
            s.append("  ").append(c).append('\n');
        }
        if (problem != null) {
            s.append("  cannot be read: ").append(problem).append('\n');
        } else {
            s.append("  parsed: ").append(trainCount).append(" training and ").append(testCount).append(" test samples\n");
        }
        return s.append(ok() ? "OK" : "FAILED").toString();
    }
}
