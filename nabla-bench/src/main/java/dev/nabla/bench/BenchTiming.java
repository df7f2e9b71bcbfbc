package dev.nabla.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Timing in the manner of {@code shared/bench/benchutil.py}, so nabla's RESULT lines sit beside PyTorch's:
 * warm-up calls, then timed calls, reported as median/min/p90 with the share of the CPUs that other
 * processes used meanwhile ({@code bg_pct}, from {@code /proc/stat}).
 */
public final class BenchTiming {
    /** Shortest warm-up, whatever the number of warm-up calls. */
    static final double WARMUP_SECONDS = 3;

    private BenchTiming() {}

    /** Median, min and p90 in ms over {@code n} timed calls, and the background load during them. */
    public record Result(double medianMs, double minMs, double p90Ms, int n, double bgPct) {
        /** The same result with every time multiplied by {@code factor}, e.g. per item of a timed run. */
        public Result scaled(double factor) {
            return new Result(medianMs * factor, minMs * factor, p90Ms * factor, n, bgPct);
        }
    }

    /** Runs {@code warmup} calls (for at least {@link #WARMUP_SECONDS}), then at least {@code steps} timed calls lasting at least {@code minSeconds}. */
    public static Result measure(Runnable fn, int steps, int warmup, double minSeconds) {
        // At least WARMUP_SECONDS too: C2 compiles the vector kernels in the background, on the same two
        // cores, and a few calls are not enough for it to finish (the profile showed the Vector API's
        // interpreted fallbacks in half of a short W1 run's samples).
        long warmStart = System.nanoTime();
        for (int i = 0; i < warmup || (System.nanoTime() - warmStart) / 1e9 < WARMUP_SECONDS; i++) {
            fn.run();
        }
        List<Double> ms = new ArrayList<>();
        double busy0 = busySeconds();
        double cpu0 = processCpuSeconds();
        long start = System.nanoTime();
        while (ms.size() < steps || (System.nanoTime() - start) / 1e9 < minSeconds) {
            long t0 = System.nanoTime();
            fn.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double other = (busySeconds() - busy0) - (processCpuSeconds() - cpu0);
        double bg = busy0 < 0 ? -1 : Math.max(0, 100 * other / (wall * Runtime.getRuntime().availableProcessors()));
        Collections.sort(ms);
        int n = ms.size();
        return new Result(Spread.medianOfSorted(ms), ms.get(0), ms.get((int) (0.9 * (n - 1))), n, bg);
    }

    /** One RESULT line; {@code extra} is appended as is (e.g. {@code " items_per_s=1234"}). */
    public static void report(PrintStream out, String workload, int threads, Result r, String extra) {
        out.printf(Locale.ROOT, "RESULT framework=nabla workload=%s threads=%d median_ms=%.3f min_ms=%.3f p90_ms=%.3f"
                + " n=%d bg_pct=%.1f tries=1%s%n", workload, threads, r.medianMs(), r.minMs(), r.p90Ms(), r.n(),
                r.bgPct(), extra);
        out.flush();
    }

    // CPU seconds all cores spent busy (user nice system irq softirq steal), or -1 off Linux.
    private static double busySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double processCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return 0;
    }
}
