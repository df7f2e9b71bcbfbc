package dev.nabla.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Side-by-side figures of nabla, PyTorch and NumPy for the seeds' workloads, read from the RESULT lines
 * that all three harnesses print ({@code RESULT framework=torch workload=W1_... median_ms=4.239 ...}),
 * and the table that compares them as ratios of median step times (lower is faster for nabla).
 *
 * <p>The targets are those of the performance issue: training steps at most 0.8× PyTorch's time (W1 and
 * W1b also faster than the NumPy MLP), inference throughput at least 1.25× PyTorch's, which is the same
 * as a time ratio of at most 0.8.
 *
 * <p>On a noisy shared machine a workload's median drifts by tens of percent within minutes, so figures can
 * come in rounds ({@link #tableOfRounds}): nabla's and the references' figures of one round were measured
 * seconds apart, and only figures of the same round are divided.
 */
public final class Comparison {
    /** Largest nabla/PyTorch time ratio that meets the targets (1.25× throughput for inference). */
    public static final double TARGET = 0.8;

    /** The workloads that shared/bench's bench_numpy.py runs (all of them, every time: it has no --only). */
    public static final List<String> NUMPY_WORKLOADS = List.of("W1", "W1b", "W3");

    private static final String NABLA = "nabla";
    private static final String TORCH = "torch";
    private static final String NUMPY = "numpy-float32";

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
        return tableOfRounds(List.of(results));
    }

    /**
     * The table of {@link #table(List)} for figures measured in rounds, one list of RESULTs per round. Each
     * ratio is taken within a round (nabla's median over the reference's median of the same round), and a
     * row shows the median of those per-round ratios with their range, e.g. {@code 0.74 (0.69–0.81)}; the ms
     * columns show the median of each framework's per-round medians, and the target is judged on the median
     * ratios. A round without one of the two figures is left out of that ratio, with a note under the table.
     * With one round this is exactly {@link #table(List)}.
     */
    public static String tableOfRounds(List<List<Result>> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        Set<String> workloads = new LinkedHashSet<>();
        List<Map<String, Map<String, Result>>> byRound = new ArrayList<>();
        for (List<Result> round : rounds) {
            Map<String, Map<String, Result>> figures = new HashMap<>();
            for (Result r : round) {
                if (r.framework().equals(NABLA)) {
                    workloads.add(r.workload());
                }
                figures.computeIfAbsent(r.workload(), w -> new HashMap<>()).put(r.framework(), r);
            }
            byRound.add(figures);
        }
        boolean several = rounds.size() > 1;
        List<String> notes = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | nabla ms | PyTorch ms | nabla/PyTorch | NumPy f32 ms | nabla/NumPy | target | met |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|---|\n");
        for (String workload : workloads) {
            List<Map<String, Result>> row = byRound.stream().map(f -> f.getOrDefault(workload, Map.of())).toList();
            double nabla = medians(row, NABLA).orElseThrow().median();
            Optional<Spread> torch = ratios(row, TORCH, workload, "PyTorch", notes);
            Optional<Spread> numpy = ratios(row, NUMPY, workload, "NumPy", notes);
            boolean inference = workload.endsWith("_infer");
            boolean needsNumpy = workload.startsWith("W1_") || workload.startsWith("W1b_");
            String target = inference ? "throughput ≥ 1.25× PyTorch" : "≤ 0.8× PyTorch" + (needsNumpy ? ", < NumPy" : "");
            String met = "?";
            if (torch.isPresent()) {
                boolean ok = torch.get().median() <= TARGET;
                if (needsNumpy && numpy.isPresent()) {
                    ok &= numpy.get().median() < 1;
                }
                met = ok ? "yes" : "no";
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %s | %s | %s | %s |%n", workload, nabla,
                    ms(medians(row, TORCH)), ratio(torch, several), ms(medians(row, NUMPY)), ratio(numpy, several),
                    target, met));
        }
        if (several) {
            sb.append(String.format(Locale.ROOT, "%nOver %d rounds: each ratio is the median of the per-round ratios (nabla's"
                    + " median over the other framework's in the same round), min–max in brackets; the ms columns are"
                    + " the medians of each framework's per-round medians.%n", rounds.size()));
            notes.forEach(n -> sb.append(n).append(System.lineSeparator()));
        }
        return sb.toString();
    }

    /** The spread of {@code framework}'s medians over the rounds that have its figure, if any has. */
    private static Optional<Spread> medians(List<Map<String, Result>> rounds, String framework) {
        List<Double> ms = rounds.stream().filter(r -> r.containsKey(framework)).map(r -> r.get(framework).medianMs())
                .toList();
        return ms.isEmpty() ? Optional.empty() : Optional.of(Spread.of(ms));
    }

    /**
     * The spread of nabla's time over {@code framework}'s, per round, over the rounds that have both figures;
     * a note in {@code notes} names the rounds left out when some rounds have both and others do not.
     */
    private static Optional<Spread> ratios(List<Map<String, Result>> rounds, String framework, String workload,
            String label, List<String> notes) {
        List<Double> ratios = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Result nabla = rounds.get(i).get(NABLA);
            Result other = rounds.get(i).get(framework);
            if (nabla != null && other != null) {
                ratios.add(nabla.medianMs() / other.medianMs());
            } else {
                without.add("" + (i + 1));
            }
        }
        if (ratios.isEmpty()) {
            return Optional.empty();
        }
        if (!without.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "%s: no nabla/%s ratio in round%s %s (a figure is missing); its"
                    + " median and range are over the other %d round%s.", workload, label, without.size() > 1 ? "s" : "",
                    String.join(", ", without), ratios.size(), ratios.size() > 1 ? "s" : ""));
        }
        return Optional.of(Spread.of(ratios));
    }

    private static String ms(Optional<Spread> medians) {
        return medians.map(m -> String.format(Locale.ROOT, "%.3f", m.median())).orElse("—");
    }

    /** A ratio cell: the ratio, or with several rounds the median ratio and its range, e.g. {@code 0.74 (0.69–0.81)}. */
    private static String ratio(Optional<Spread> ratios, boolean several) {
        return ratios.map(r -> several
                ? String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", r.median(), r.min(), r.max())
                : String.format(Locale.ROOT, "%.2f", r.median())).orElse("—");
    }
}
