package dev.nabla.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code nabla} command in its own JVM: the shaded jar built by {@code package}, started with the
 * same flags as the {@code ./nabla} launcher. For the end-to-end (*IT) tests.
 */
final class NablaProcess {
    private NablaProcess() {}

    static List<String> command(String... args) {
        String jar = System.getProperty("nabla.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the nabla jar is missing (" + jar + "): run these tests with ./mvnw verify");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-jar", jar));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the command in {@code dir} with CI set (plain progress lines), stdout and stderr to files. */
    static Process start(Path dir, String... args) throws IOException {
        return start(dir, Map.of(), args);
    }

    /** As {@link #start(Path, String...)} with extra environment variables. */
    static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("CI", "true");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs the command to completion (at most 10 minutes). */
    static Cli.Result run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, Map.of(), args);
    }

    /** As {@link #run(Path, String...)} with extra environment variables. */
    static Cli.Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = start(dir, env, args);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("nabla " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Cli.Result(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
