package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./nabla} launcher script, run from the repository root as a user runs it: it finds a
 * JDK ≥ 21 ({@code $JAVA_HOME}, then the {@code java} on {@code PATH}, then /usr/lib/jvm/*), and starts
 * the jar with the Vector API module. {@code NABLA_NO_BUILD=1} keeps it from rebuilding the jar, which the
 * package phase has just built.
 */
class LauncherIT {
    private static final Pattern JVM_LINE = Pattern.compile("(?m)^JVM: .* (\\d+)[.+\\-\\d]");

    @TempDir
    Path tmp;

    private static Path root() {
        return Path.of(System.getProperty("nabla.root", "..")).toAbsolutePath().normalize();
    }

    /** Runs {@code ./nabla args} in the repository root; {@code env} values of null remove a variable. */
    private Cli.Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path launcher = root().resolve("nabla");
        assertThat(launcher).as("the launcher script").isExecutable();
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("NABLA_NO_BUILD", "1");
        pb.environment().put("CI", "true");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./nabla " + String.join(" ", args) + " did not finish in 2 minutes");
        }
        return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The major Java version in {@code --version}'s "JVM:" line. */
    private static int jvmMajor(Cli.Result r) {
        Matcher m = JVM_LINE.matcher(r.out());
        assertThat(m.find()).as("a JVM line in\n" + r).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void helpAndVersionWork() throws Exception {
        Cli.Result help = launch(Map.of(), "--help");
        assertThat(help.code()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: nabla").contains("train").contains("--version");
        assertThat(help.err()).as("the incubator notice is dropped").doesNotContain("incubator");

        Cli.Result version = launch(Map.of(), "--version");
        assertThat(version.code()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("nabla " + VersionProvider.version())
                .contains("Kernels: Vector API");
        assertThat(jvmMajor(version)).isGreaterThanOrEqualTo(21);
        assertThat(version.err()).doesNotContain("incubator");
    }

    @Test
    void findsAJdk21WhenJavaHomeIsMissingOrTooOld() throws Exception {
        List<String> homes = new ArrayList<>(List.of(tmp.resolve("no-such-jdk").toString(), fakeJdk17().toString()));
        Path debian17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        if (Files.isExecutable(debian17.resolve("bin/javac"))) {
            homes.add(debian17.toString());
        }
        for (String home : homes) {
            Cli.Result r = launch(Map.of("JAVA_HOME", home), "--version");
            assertThat(r.code()).as("JAVA_HOME=" + home + "\n" + r).isZero();
            assertThat(jvmMajor(r)).as("JAVA_HOME=" + home).isGreaterThanOrEqualTo(21);
        }
    }

    /**
     * Without JAVA_HOME, the {@code java} on PATH decides even when no {@code javac} is on PATH: here a
     * symlink to a JDK whose java logs each call, ahead of /usr/bin (where another java may be).
     */
    @Test
    void usesTheJavaOnPath() throws Exception {
        Path jdk = tmp.resolve("jdk");
        Path log = tmp.resolve("java-calls.log");
        Path realBin = Path.of(System.getProperty("java.home"), "bin");
        script(jdk.resolve("bin/java"), "echo \"$*\" >> '" + log + "'\nexec '" + realBin.resolve("java") + "' \"$@\"");
        Files.createSymbolicLink(jdk.resolve("bin/javac"), realBin.resolve("javac"));
        Path pathDir = Files.createDirectories(tmp.resolve("path"));
        Files.createSymbolicLink(pathDir.resolve("java"), jdk.resolve("bin/java"));

        Cli.Result r = launch(envWithPath(pathDir + ":/usr/bin:/bin"), "--version");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(jvmMajor(r)).isGreaterThanOrEqualTo(21);
        assertThat(log).as("the java on PATH ran nabla").content().contains("-jar");
    }

    private static Map<String, String> envWithPath(String path) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("JAVA_HOME", null);
        env.put("PATH", path);
        return env;
    }

    /** A JDK 17 as the launcher sees it: a javac, and a java that reports version 17. */
    private Path fakeJdk17() throws IOException {
        Path home = tmp.resolve("jdk-17");
        script(home.resolve("bin/java"), "echo 'openjdk version \"17.0.2\" 2022-01-18' >&2\nexit 0");
        script(home.resolve("bin/javac"), "exit 0");
        return home;
    }

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
