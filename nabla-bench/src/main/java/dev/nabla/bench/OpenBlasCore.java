package dev.nabla.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;

/**
 * The kernels ("core type") that OpenBLAS picks for the reference scripts, and the ones they should get.
 *
 * <p>Debian's PyTorch and NumPy use whatever {@code libblas.so.3} points to. OpenBLAS chooses its kernels
 * when it is loaded, from the CPU model; a release older than the CPU does not know the model and falls
 * back to kernels for CPUs without AVX. OpenBLAS 0.3.21 picks its Prescott kernels (SSE3) on a Sapphire
 * Rapids–class Xeon, and PyTorch's W3 then took 23.1–27.1 ms instead of 5.1–6.1 ms with its AVX-512 kernels
 * (2 threads, bench/README.md): every MLP ratio against such a reference flatters nabla 4–5×.
 * OpenBLAS says which kernels it picked ({@code Core: Prescott}) when {@value #VERBOSE}=2, and
 * {@value #ENV} overrides the choice.
 */
public final class OpenBlasCore {
    /** The environment variable that makes OpenBLAS use a given core type's kernels. */
    public static final String ENV = "OPENBLAS_CORETYPE";

    /** The environment variable that makes OpenBLAS print its core type when it is loaded. */
    static final String VERBOSE = "OPENBLAS_VERBOSE";

    /** OpenBLAS's x86 core types without AVX kernels (driver/others/dynamic.c), in lower case. */
    private static final Set<String> PRE_AVX = Set.of("katmai", "coppermine", "northwood", "prescott", "banias",
            "atom", "core2", "penryn", "dunnington", "nehalem", "athlon", "opteron", "opteron(sse3)", "barcelona",
            "nano", "bobcat");

    /** Longest wait for the probe, which only loads NumPy (a fraction of a second). */
    private static final long PROBE_SECONDS = 60;

    /**
     * What to do about the reference's kernels.
     *
     * @param coreType the value of {@value #ENV} to run the reference scripts with; empty to leave their
     *     environment as it is
     * @param note one line for the user that says what was found and what is used
     */
    public record Advice(Optional<String> coreType, String note) {}

    private OpenBlasCore() {}

    /**
     * The core type in OpenBLAS's verbose output ({@code Core: Prescott}), or empty when there is no such
     * line; other lines (Python's, or OpenBLAS's {@code Core not found: X}) are ignored.
     */
    public static Optional<String> parse(String output) {
        for (String line : output.split("\n")) {
            String t = line.strip();
            if (t.startsWith("Core:")) {
                String name = t.substring(5).strip();
                if (!name.isEmpty() && !name.contains(" ")) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The core type whose kernels fit a CPU with {@code vectorBits}-bit preferred vectors, when OpenBLAS
     * picked {@code core}, one without AVX; empty when {@code core} is fine or the width is not wider.
     *
     * <p>Java's preferred vector shape is the widest that <em>every</em> lane type supports, bytes included,
     * so on x86 512 bits means AVX-512 F and BW, which SkylakeX's kernels use, and 256 bits means AVX2, which
     * Haswell's use (with FMA, which every AVX2 CPU has).
     */
    public static Optional<String> coreTypeFor(String core, int vectorBits) {
        if (!PRE_AVX.contains(core.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (vectorBits >= 512) {
            return Optional.of("SkylakeX");
        }
        return vectorBits >= 256 ? Optional.of("Haswell") : Optional.empty();
    }

    /**
     * The advice for OpenBLAS's choice {@code core} on a CPU with {@code vectorBits}-bit vectors, given the
     * user's own {@value #ENV} (empty when unset); empty when the reference runs on fitting kernels. A
     * user's setting is kept, since it may be deliberate, but the note says what it costs.
     */
    public static Optional<Advice> advise(String core, int vectorBits, Optional<String> userCoreType) {
        return coreTypeFor(core, vectorBits).map(fit -> {
            String found = "OpenBLAS %s its %s kernels (no AVX) on this CPU, which has %d-bit vectors"
                    .formatted(userCoreType.isPresent() ? "runs" : "picked", core, vectorBits);
            String isa = vectorBits >= 512 ? "AVX-512" : "AVX2";
            if (userCoreType.isPresent()) {
                return new Advice(Optional.empty(), "note: " + found + ", because " + ENV + "=" + userCoreType.get()
                        + " is set; the reference scripts keep it, so their MLP times are slower than OpenBLAS can"
                        + " be here (" + ENV + "=" + fit + " selects its kernels for " + isa + ").");
            }
            return new Advice(Optional.of(fit), "note: " + found + "; the reference scripts run with " + ENV + "="
                    + fit + ", its kernels for " + isa + " (set " + ENV + " to choose others).");
        });
    }

    /** The preferred float vector width of this JVM's CPU in bits; 0 without the Vector API module. */
    public static int preferredVectorBits() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? FloatVector.SPECIES_PREFERRED.vectorBitSize()
                : 0;
    }

    /**
     * The core type that OpenBLAS picks under {@code python}, read from what {@code python -c "import numpy"}
     * prints with {@value #VERBOSE}=2 in this process's environment; empty when the probe cannot run,
     * fails, takes over a minute or prints no core type (NumPy on another BLAS, say).
     */
    public static Optional<String> probe(String python) throws InterruptedException {
        Path log = null;
        try {
            log = Files.createTempFile("nabla-openblas-probe", ".txt");
            ProcessBuilder pb = new ProcessBuilder(List.of(python, "-c", "import numpy"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put(VERBOSE, "2");
            Process p = pb.start();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? parse(Files.readString(log, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // A leftover file in the temp folder is harmless.
                }
            }
        }
    }
}
