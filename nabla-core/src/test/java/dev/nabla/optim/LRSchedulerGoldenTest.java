package dev.nabla.optim;

import static dev.nabla.testing.TensorAssert.assertClose;

import dev.nabla.optim.ReduceLROnPlateau.Mode;
import dev.nabla.optim.ReduceLROnPlateau.ThresholdMode;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each schedule's learning rates over 30 epochs against PyTorch 1.13 (make_optim.py), for one or two
 * parameter groups with different base rates; ReduceLROnPlateau is fed the fixture's metric sequence.
 */
class LRSchedulerGoldenTest {
    static final Golden GOLDEN = Golden.load("optim");
    static final int EPOCHS = 30;

    /** The schedules of make_optim.py, by case name. */
    static final Map<String, Function<Optimizer, LRScheduler>> SCHEDULES = Map.of(
            "sched_step", o -> new StepLR(o, 7, 0.5),
            "sched_exponential", o -> new ExponentialLR(o, 0.9),
            "sched_cosine", o -> new CosineAnnealingLR(o, 10, 0.001),
            "sched_cosine_long", o -> new CosineAnnealingLR(o, 30),
            "sched_plateau_min",
                    o -> new ReduceLROnPlateau(o, Mode.MIN, 0.5, 2, 1e-2, ThresholdMode.REL, 1, 0.01, 1e-8),
            "sched_plateau_defaults", ReduceLROnPlateau::new,
            "sched_plateau_max_abs", o -> new ReduceLROnPlateau(o, Mode.MAX, 0.3, 1, 0.05, ThresholdMode.ABS, 2, 0.002,
                    1e-8));

    static Stream<String> cases() {
        return GOLDEN.names().stream().filter(n -> n.startsWith("sched_"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void learningRatesMatchPyTorchEveryEpoch(String name) {
        Golden.Case c = GOLDEN.get(name);
        List<Tensor> expected = new ArrayList<>();
        for (int g = 0; c.has("lr.g" + g); g++) {
            expected.add(c.tensor("lr.g" + g, DType.FLOAT64));
        }
        Optimizer opt = new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), expected.get(0).getFlat(0));
        for (int g = 1; g < expected.size(); g++) {
            opt.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of("lr", expected.get(g).getFlat(0)));
        }
        LRScheduler schedule = SCHEDULES.get(name).apply(opt);
        Tensor metrics = c.has("metrics") ? c.tensor("metrics", DType.FLOAT64) : null;
        double[][] actual = new double[expected.size()][EPOCHS + 1];
        record(opt, actual, 0);
        for (int e = 0; e < EPOCHS; e++) {
            if (metrics != null) {
                schedule.step(metrics.getFlat(e));
            } else {
                schedule.step();
            }
            record(opt, actual, e + 1);
        }
        for (int g = 0; g < expected.size(); g++) {
            assertClose(Tensor.of(actual[g], EPOCHS + 1), expected.get(g), 1e-12, 0, name + " group " + g);
        }
    }

    private static void record(Optimizer opt, double[][] out, int epoch) {
        for (int g = 0; g < out.length; g++) {
            out[g][epoch] = opt.paramGroups().get(g).lr();
        }
    }
}
