package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.lab.grid.GridResults;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code nabla grid} on the real jar: the spec form on synth, 8 configurations × 2 repeats, run
 * once uninterrupted with 2 workers (the reference), and once killed with SIGKILL half-way and resumed.
 */
class GridIT {
    private static final String SPEC = """
            base: {recipe: mnist-sigmoid, dataset: synth, synth_train: 2000, synth_test: 500, hidden: [8], max_steps: 300, eval_every: 100}
            axes: {lr: [0.01, 0.1], optimizer: [sgd, adam], hidden: [[8], [8, 8]]}
            repeats: 2
            metric: test_acc
            """;

    @TempDir
    static Path dir;

    private static Cli.Result reference;

    @BeforeAll
    static void runTheReferenceGrid() throws Exception {
        Files.writeString(dir.resolve("spec.yaml"), SPEC);
        reference = NablaProcess.run(dir, "grid", "spec.yaml", "--out", "full", "--workers", "2");
    }

    @Test
    void aSmallGridWritesItsTablesAggregatesAndPlots() throws Exception {
        assertThat(reference.code()).as(reference.toString()).isZero();
        assertThat(reference.err()).contains("grid: 16 runs, 0 already finished; 2 workers").contains("[16/16] ")
                .contains("best last_test_acc").contains("ETA");
        assertThat(reference.out()).contains("16 of 16 runs finished (16 now, 0 already done)");
        Path full = dir.resolve("full");
        assertThat(Files.readString(full.resolve("grid.yaml"))).isEqualTo(SPEC);

        // results.csv: one row per run, the axes, repeat and seed, then each run's summary.json.
        assertThat(Files.readAllLines(full.resolve("results.csv")).get(0))
                .startsWith("lr,optimizer,hidden,repeat,seed,best_test_acc,").endsWith(",run");
        List<Map<String, String>> rows = GridResults.readCsv(full.resolve("results.csv"));
        assertThat(rows).hasSize(16);
        Set<List<String>> points = new HashSet<>();
        for (Map<String, String> row : rows) {
            points.add(List.of(row.get("lr"), row.get("optimizer"), row.get("hidden"), row.get("repeat")));
            assertThat(row.get("seed")).isEqualTo(String.valueOf(42 + Integer.parseInt(row.get("repeat"))));
            JsonNode summary = RunFolderAssert.JSON.readTree(Files.readString(full.resolve(row.get("run")).resolve("summary.json")));
            for (String key : List.of("best_test_acc", "last_test_acc", "last_test_loss", "steps", "train_seconds")) {
                assertThat(Double.parseDouble(row.get(key))).as(key).isEqualTo(summary.get(key).asDouble());
            }
            assertThat(row.get("steps")).isEqualTo("300");
            JsonNode config = RunFolderAssert.JSON.readTree(Files.readString(full.resolve(row.get("run")).resolve("config.json")))
                    .get("config");
            assertThat(config.get("lr").asDouble()).isEqualTo(Double.parseDouble(row.get("lr")));
            assertThat(config.get("optimizer").asString()).isEqualTo(row.get("optimizer"));
            assertThat(config.get("activation").asString()).isEqualTo("sigmoid");
        }
        Set<List<String>> product = new HashSet<>();
        for (String lr : List.of("0.01", "0.1")) {
            for (String opt : List.of("sgd", "adam")) {
                for (String hidden : List.of("8", "8-8")) {
                    for (String r : List.of("0", "1")) {
                        product.add(List.of(lr, opt, hidden, r));
                    }
                }
            }
        }
        assertThat(points).isEqualTo(product);

        // aggregate.csv: mean and sample std (n - 1) over the two repeats, computed here from results.csv.
        Map<String, List<Map<String, String>>> byConfig = new LinkedHashMap<>();
        rows.forEach(r -> byConfig.computeIfAbsent(r.get("lr") + "/" + r.get("optimizer") + "/" + r.get("hidden"),
                k -> new ArrayList<>()).add(r));
        List<Map<String, String>> aggregate = GridResults.readCsv(full.resolve("aggregate.csv"));
        assertThat(aggregate).hasSize(8);
        Map<String, Double> meanAcc = new HashMap<>();
        for (Map<String, String> a : aggregate) {
            String key = a.get("lr") + "/" + a.get("optimizer") + "/" + a.get("hidden");
            List<Map<String, String>> members = byConfig.get(key);
            assertThat(members).hasSize(2);
            assertThat(a.get("runs")).isEqualTo("2");
            for (String metric : List.of("last_test_acc", "last_test_loss", "best_test_acc")) {
                double x = Double.parseDouble(members.get(0).get(metric));
                double y = Double.parseDouble(members.get(1).get(metric));
                double mean = (x + y) / 2;
                double std = Math.abs(x - y) / Math.sqrt(2);
                assertThat(Double.parseDouble(a.get(metric + "_mean"))).as(key + " " + metric).isCloseTo(mean, within(1e-12));
                assertThat(Double.parseDouble(a.get(metric + "_std"))).as(key + " " + metric).isCloseTo(std, within(1e-12));
            }
            meanAcc.put(key, Double.parseDouble(a.get("last_test_acc_mean")));
        }

        // results.md: ranked by the mean of the metric, best first, the best configuration stated.
        String md = Files.readString(full.resolve("results.md"));
        List<String> table = md.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
        assertThat(table).hasSize(8);
        List<Double> ranked = new ArrayList<>();
        for (String line : table) {
            String[] cells = line.split("\\|");
            ranked.add(Double.parseDouble(cells[7].strip().split(" ")[0]));
        }
        List<Double> expected = meanAcc.values().stream().sorted((a, b) -> Double.compare(b, a)).toList();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ranked.get(i)).isCloseTo(expected.get(i), within(5e-5));
        }
        assertThat(md).contains("| # | Layers | LR | Batch size | Optimizer | Length | Test accuracy (last) |")
                .contains("**Best configuration:**").contains(" ± ");

        for (String png : List.of("last_test_acc-by-optimizer.png", "top-curves.png", "repeats.png")) {
            BufferedImage image = ImageIO.read(full.resolve("plots").resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).as(png).isGreaterThan(300);
        }
    }

    @Test
    void aGridKilledWithSigkillResumesToTheSameResults() throws Exception {
        assertThat(reference.code()).as(reference.toString()).isZero();
        Path killed = dir.resolve("killed");
        Process p = NablaProcess.start(dir, "grid", "spec.yaml", "--out", "killed", "--workers", "1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (rows(killed.resolve("results.csv")) < 5 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).as("the grid is still running when it is killed").isTrue();
        p.destroyForcibly().waitFor();

        Map<String, byte[]> finished = finishedSummaries(killed);
        assertThat(finished.size()).isBetween(5, 15);
        List<Map<String, String>> atKill = GridResults.readCsv(killed.resolve("results.csv"));
        List<String> runsAtKill = atKill.stream().map(r -> r.get("run")).toList();
        assertThat(runsAtKill).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(5);
        assertThat(finished.keySet()).containsAll(runsAtKill);

        Cli.Result resumed = NablaProcess.run(dir, "grid", "spec.yaml", "--out", "killed", "--workers", "2");
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains(String.format("16 of 16 runs finished (%d now, %d already done)",
                16 - finished.size(), finished.size()));
        // The runs that had finished were not run again.
        finished.forEach((run, bytes) -> {
            try {
                assertThat(Files.readAllBytes(killed.resolve(run).resolve("summary.json"))).as(run).isEqualTo(bytes);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(finishedSummaries(killed)).hasSize(16);
        List<Map<String, String>> after = withoutTimes(GridResults.readCsv(killed.resolve("results.csv")));
        assertThat(after).hasSize(16);
        assertThat(after.stream().map(r -> r.get("run"))).doesNotHaveDuplicates();
        assertThat(after).isEqualTo(withoutTimes(GridResults.readCsv(dir.resolve("full/results.csv"))));
    }

    private static int rows(Path csv) throws IOException {
        try {
            return Math.max(0, Files.readAllLines(csv).size() - 1);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    /** summary.json of each finished run, by "runs/ID". */
    private static Map<String, byte[]> finishedSummaries(Path grid) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> s = Files.list(grid.resolve("runs"))) {
            for (Path run : s.toList()) {
                Path summary = run.resolve("summary.json");
                if (Files.isRegularFile(summary)) {
                    out.put("runs/" + run.getFileName(), Files.readAllBytes(summary));
                }
            }
        }
        return out;
    }

    private static List<Map<String, String>> withoutTimes(List<Map<String, String>> rows) {
        rows.forEach(r -> r.remove("train_seconds"));
        return rows;
    }
}
