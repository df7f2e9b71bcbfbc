package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.bench.Comparison;
import dev.nabla.bench.Comparison.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ratio table of {@code nabla bench compare}, from hand-made RESULT figures (nabla-bench has no tests of its own). */
class ComparisonTest {
    private static final String W1 = "W1_mlp3072-100-10_b200_sgd_train";
    private static final String W1B = "W1b_mlp784-300-10sig_b32_sgd_train";
    private static final String W1C = "W1c_mlp3072-400x3-10_b400_adam_train";
    private static final String W2 = "W2_vgg_b32_adam_train";
    private static final String W2I = "W2i_vgg_b256_eval_infer";
    private static final String W3 = "W3_mlp3072-100-10_b1000_infer";
    private static final String HEADER = """
            | workload | nabla ms | PyTorch ms | nabla/PyTorch | NumPy f32 ms | nabla/NumPy | target | met |
            |---|---:|---:|---:|---:|---:|---|---|
            """;

    @Test
    void oneRunGivesTheTableOfRatiosOfMedians() {
        List<Result> run = List.of(nabla(W1, 1.5), nabla(W1B, 0.5), nabla(W1C, 13.4), nabla(W2, 165), nabla(W3, 3.1),
                torch(W1, 2.0), torch(W1B, 1.0), torch(W1C, 20.1), torch(W2I, 431), torch(W3, 2.9),
                numpy(W1, 1.75), numpy(W1B, 0.45), numpy(W3, 2.85));
        assertThat(Comparison.table(run)).isEqualTo(HEADER + """
                | W1_mlp3072-100-10_b200_sgd_train | 1.500 | 2.000 | 0.75 | 1.750 | 0.86 | ≤ 0.8× PyTorch, < NumPy | yes |
                | W1b_mlp784-300-10sig_b32_sgd_train | 0.500 | 1.000 | 0.50 | 0.450 | 1.11 | ≤ 0.8× PyTorch, < NumPy | no |
                | W1c_mlp3072-400x3-10_b400_adam_train | 13.400 | 20.100 | 0.67 | — | — | ≤ 0.8× PyTorch | yes |
                | W2_vgg_b32_adam_train | 165.000 | — | — | — | — | ≤ 0.8× PyTorch | ? |
                | W3_mlp3072-100-10_b1000_infer | 3.100 | 2.900 | 1.07 | 2.850 | 1.09 | throughput ≥ 1.25× PyTorch | no |
                """);
    }

    @Test
    void oneRoundGivesExactlyTheTableOfOneRun() {
        List<Result> run = List.of(nabla(W1, 1.5), torch(W1, 2.0), numpy(W1, 1.75), nabla(W2, 165));
        assertThat(Comparison.tableOfRounds(List.of(run))).isEqualTo(Comparison.table(run)).isEqualTo(HEADER + """
                | W1_mlp3072-100-10_b200_sgd_train | 1.500 | 2.000 | 0.75 | 1.750 | 0.86 | ≤ 0.8× PyTorch, < NumPy | yes |
                | W2_vgg_b32_adam_train | 165.000 | — | — | — | — | ≤ 0.8× PyTorch | ? |
                """);
    }

    @Test
    void anOddNumberOfRoundsShowsTheMiddlePerRoundRatioAndTheRange() {
        // Per round, nabla/PyTorch is 0.50, 1.50, 0.67 and nabla/NumPy 0.80, 1.50, 0.50. The mean ratio (0.89),
        // the ratio of the medians (2/4 = 0.50) or pairing a round with another would all read differently.
        String table = Comparison.tableOfRounds(List.of(
                List.of(nabla(W1B, 2), torch(W1B, 4), numpy(W1B, 2.5)),
                List.of(nabla(W1B, 6), torch(W1B, 4), numpy(W1B, 4)),
                List.of(nabla(W1B, 1), torch(W1B, 1.5), numpy(W1B, 2))));
        assertThat(table).isEqualTo(HEADER + """
                | W1b_mlp784-300-10sig_b32_sgd_train | 2.000 | 4.000 | 0.67 (0.50–1.50) | 2.500 | 0.80 (0.50–1.50) | ≤ 0.8× PyTorch, < NumPy | yes |

                Over 3 rounds: each ratio is the median of the per-round ratios (nabla's median over the other \
                framework's in the same round), min–max in brackets; the ms columns are the medians of each \
                framework's per-round medians.
                """);
    }

    @Test
    void anEvenNumberOfRoundsShowsTheMeanOfTheTwoMiddleRatios() {
        // Ratios 0.50, 1.50, 0.80, 0.60: the median is (0.60 + 0.80) / 2 = 0.70 (target met), the mean 0.85 (not).
        String table = Comparison.tableOfRounds(List.of(
                List.of(nabla(W3, 1), torch(W3, 2)),
                List.of(nabla(W3, 3), torch(W3, 2)),
                List.of(nabla(W3, 4), torch(W3, 5)),
                List.of(nabla(W3, 3), torch(W3, 5))));
        assertThat(table.lines().filter(l -> l.startsWith("| W3_"))).containsExactly(
                "| W3_mlp3072-100-10_b1000_infer | 3.000 | 3.500 | 0.70 (0.50–1.50) | — | — | throughput ≥ 1.25× PyTorch | yes |");
        assertThat(table).contains("Over 4 rounds: each ratio is the median of the per-round ratios");
    }

    @Test
    void aRoundWithoutAFigureIsLeftOutOfThatRatioAndSaidSo() {
        // Round 2 has no PyTorch figure for W1: nabla/PyTorch is over rounds 1 and 3 (0.50 and 1.50), while
        // nabla/NumPy keeps all three rounds. W1c has no NumPy figure in any round, which needs no note.
        String table = Comparison.tableOfRounds(List.of(
                List.of(nabla(W1, 1), torch(W1, 2), numpy(W1, 2), nabla(W1C, 10), torch(W1C, 20)),
                List.of(nabla(W1, 100), numpy(W1, 200), nabla(W1C, 10), torch(W1C, 20)),
                List.of(nabla(W1, 3), torch(W1, 2), numpy(W1, 2), nabla(W1C, 10), torch(W1C, 20))));
        assertThat(table).startsWith(HEADER + """
                | W1_mlp3072-100-10_b200_sgd_train | 3.000 | 2.000 | 1.00 (0.50–1.50) | 2.000 | 0.50 (0.50–1.50) | ≤ 0.8× PyTorch, < NumPy | no |
                | W1c_mlp3072-400x3-10_b400_adam_train | 10.000 | 20.000 | 0.50 (0.50–0.50) | — | — | ≤ 0.8× PyTorch | yes |

                Over 3 rounds:""");
        assertThat(table.lines().filter(l -> l.contains("figure is missing"))).containsExactly(
                "W1_mlp3072-100-10_b200_sgd_train: no nabla/PyTorch ratio in round 2 (a figure is missing); its median"
                        + " and range are over the other 2 rounds.");
    }

    private static Result nabla(String workload, double ms) {
        return new Result("nabla", workload, 1, ms, 0);
    }

    private static Result torch(String workload, double ms) {
        return new Result("torch", workload, 1, ms, 0);
    }

    private static Result numpy(String workload, double ms) {
        return new Result("numpy-float32", workload, 1, ms, 0);
    }
}
