package dev.nabla.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Side-by-side figures of nabla, PyTorch and NumPy for the seeds' workloads, read from the RESULT lines
 * that all three harnesses print ({@code RESULT framework=torch workload=W1_... median_ms=4.239 ...}),
 * and the table that compares them as ratios of median step times (lower is faster for nabla).
 *
 * <p>The targets are those of the performance issue: training steps at most 0.8× PyTorch's time (W1 and
 * W1b also faster than the NumPy MLP), inference throughput at least 1.25× PyTorch's, which is the same
 * as a time ratio of at most 0.8.
 */
public final class Comparison {
    /** Largest nabla/PyTorch time ratio that meets the targets (1.25× throughput for inference). */
    public static final double TARGET = 0.8;

    /** One RESULT line. */
    public record Result(String framework, String workload, int threads, double medianMs, double bgPct) {}

    private Comparison() {}

    /** The RESULT line in {@code line}, if it is one; malformed lines are errors that quote the line. */
    public static Optional<Result> parse(String line) {
        String t = line.strip();
        if (!t.startsWith("RESULT ")) {
            return Optional.empty();
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String field : t.substring(7).trim().split("\\s+")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed RESULT field '" + field + "' in: " + t);
            }
            kv.put(field.substring(0, eq), field.substring(eq + 1));
        }
        for (String key : List.of("framework", "workload", "median_ms")) {
            if (!kv.containsKey(key)) {
                throw new IllegalArgumentException("RESULT line without " + key + ": " + t);
            }
        }
        try {
            return Optional.of(new Result(kv.get("framework"), kv.get("workload"),
                    Integer.parseInt(kv.getOrDefault("threads", "0")), Double.parseDouble(kv.get("median_ms")),
                    Double.parseDouble(kv.getOrDefault("bg_pct", "0"))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RESULT line with a non-numeric value (" + e.getMessage() + "): " + t);
        }
    }

    /** Every RESULT line of {@code text}; other lines are ignored. */
    public static List<Result> parseAll(String text) {
        List<Result> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            parse(line).ifPresent(out::add);
        }
        return out;
    }

    /**
     * A warning when the PyTorch script reports that torch runs on the reference (Netlib) BLAS, or empty.
     * Debian's torch uses whatever {@code libblas.so.3} points to; without OpenBLAS installed that is the
     * unoptimised reference library, and torch's MLP steps become 20–30× slower (measured: W1 59 ms
     * instead of 2.0 ms), which would make any ratio against it meaningless.
     */
    public static Optional<String> blasWarning(String text) {
        for (String line : text.split("\n")) {
            int at = line.indexOf("blas(");
            if (line.startsWith("# torch") && at >= 0) {
                String blas = line.substring(at).toLowerCase(Locale.ROOT);
                if (!blas.contains("openblas") && !blas.contains("mkl") && !blas.contains("blis")) {
                    return Optional.of("warning: PyTorch runs on the reference BLAS (" + line.substring(at)
                            + "), which is many times slower than an optimised one; its MLP timings are not a fair"
                            + " comparison. Install OpenBLAS (apt-get install libopenblas0-pthread) and run again.");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A Markdown table with one row per workload that nabla ran: nabla's, PyTorch's and NumPy's (float32)
     * median ms, the time ratios nabla/PyTorch and nabla/NumPy, and whether the target is met.
     */
    public static String table(List<Result> results) {
        Map<String, Map<String, Result>> byWorkload = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.framework().equals("nabla")) {
                byWorkload.computeIfAbsent(r.workload(), w -> new LinkedHashMap<>());
            }
        }
        for (Result r : results) {
            Map<String, Result> row = byWorkload.get(r.workload());
            if (row != null) {
                row.put(r.framework(), r);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | nabla ms | PyTorch ms | nabla/PyTorch | NumPy f32 ms | nabla/NumPy | target | met |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|---|\n");
        for (Map.Entry<String, Map<String, Result>> e : byWorkload.entrySet()) {
            String workload = e.getKey();
            Map<String, Result> row = e.getValue();
            double nabla = row.get("nabla").medianMs();
            Result torch = row.get("torch");
            Result numpy = row.get("numpy-float32");
            boolean inference = workload.endsWith("_infer");
            boolean needsNumpy = workload.startsWith("W1_") || workload.startsWith("W1b_");
            String target = inference ? "throughput ≥ 1.25× PyTorch" : "≤ 0.8× PyTorch" + (needsNumpy ? ", < NumPy" : "");
            String met = "?";
            if (torch != null) {
                boolean ok = nabla / torch.medianMs() <= TARGET;
                if (needsNumpy && numpy != null) {
                    ok &= nabla < numpy.medianMs();
                }
                met = ok ? "yes" : "no";
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %s | %s | %s | %s |%n", workload, nabla,
                    torch == null ? "—" : String.format(Locale.ROOT, "%.3f", torch.medianMs()), ratio(nabla, torch),
                    numpy == null ? "—" : String.format(Locale.ROOT, "%.3f", numpy.medianMs()), ratio(nabla, numpy),
                    target, met));
        }
        return sb.toString();
    }

    private static String ratio(double nabla, Result other) {
        return other == null ? "—" : String.format(Locale.ROOT, "%.2f", nabla / other.medianMs());
    }
}
