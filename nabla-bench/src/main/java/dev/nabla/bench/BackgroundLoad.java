package dev.nabla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time used by <em>other</em> processes during a measurement, in percent of all cores: the
 * machine-wide busy time from {@code /proc/stat} minus this process's CPU time, as in the reference
 * scripts' {@code benchutil.py}. Benchmarks report it so a reader can discard a noisy run. Where
 * {@code /proc/stat} does not exist the load reads as 0.
 */
final class BackgroundLoad {
    /** USER_HZ: the unit of {@code /proc/stat}; 100 on every Linux architecture Java runs on. */
    private static final double CLOCK_TICKS = 100.0;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final double busy0;
    private final double own0;
    private final long wall0;

    private BackgroundLoad() {
        busy0 = machineBusySeconds();
        own0 = ownCpuSeconds();
        wall0 = System.nanoTime();
    }

    /** Starts a measurement window. */
    static BackgroundLoad start() {
        return new BackgroundLoad();
    }

    /** Percent of all cores that other processes used since {@link #start()}. */
    double percent() {
        double wall = (System.nanoTime() - wall0) * 1e-9;
        double other = (machineBusySeconds() - busy0) - (ownCpuSeconds() - own0);
        return Math.max(0, 100 * other / (wall * Runtime.getRuntime().availableProcessors()));
    }

    /** Polls one-second windows until the background load is below {@code thresholdPct} or time runs out. */
    static void waitQuiet(double thresholdPct, double timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < end) {
            BackgroundLoad w = start();
            Thread.sleep(1000);
            if (w.percent() < thresholdPct) {
                return;
            }
        }
    }

    /** user + nice + system + irq + softirq + steal of the aggregate "cpu" line, in seconds. */
    private static double machineBusySeconds() {
        try {
            String line = Files.readAllLines(PROC_STAT).get(0);
            String[] f = line.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() * 1e-9;
    }
}
