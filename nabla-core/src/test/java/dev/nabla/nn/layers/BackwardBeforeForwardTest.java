package dev.nabla.nn.layers;

import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.kernel.Window2d;
import dev.nabla.nn.NnTesting;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STYLE rule 2: a layer Function whose backward runs before its forward throws an IllegalStateException that
 * says so, instead of a NullPointerException or a silently wrong gradient. Each case calls backward on a
 * fresh instance; the context is null, since backward must stop before it reads anything.
 */
class BackwardBeforeForwardTest {
    /** A 2×2 window of stride 2 over one 4×4 channel; the output gradient is [1, 1, 2, 2]. */
    private static final Window2d WINDOW = new Window2d(1, 1, 4, 4, 2, 2, 2, 2, 0, 0);

    private static Tensor dy() {
        return Tensor.ones(1, 1, 2, 2);
    }

    private record Case(String label, String function, String saved, ThrowingCallable backward) {}

    private static List<Case> cases() {
        return List.of(
                new Case("Linear", "LinearFunction", "input",
                        () -> new Linear.LinearFunction().backward(null, Tensor.ones(2, 3))),
                new Case("Conv2d", "Conv2dFunction", "input",
                        () -> new Conv2d.Conv2dFunction(WINDOW, 1).backward(null, dy())),
                new Case("MaxPool2d", "MaxPool2dFunction", "argmax",
                        () -> new MaxPool2d.MaxPool2dFunction(WINDOW).backward(null, dy())),
                new Case("AvgPool2d", "AvgPool2dFunction", "input shape",
                        () -> new AvgPool2d.AvgPool2dFunction(WINDOW).backward(null, dy())),
                new Case("BatchNorm (training)", "BatchNormFunction", "xHat",
                        () -> new BatchNorm.BatchNormFunction(1e-5).backward(null, dy())),
                new Case("BatchNorm (evaluation)", "BatchNormFunction", "xHat",
                        () -> new BatchNorm.BatchNormFunction(1e-5, Tensor.zeros(1), Tensor.ones(1))
                                .backward(null, dy())),
                new Case("LayerNorm", "LayerNormFunction", "xHat",
                        () -> new LayerNorm.LayerNormFunction(new int[] {2}, 1e-5).backward(null, dy())),
                new Case("Dropout", "DropoutFunction", "mask",
                        () -> new Dropout.DropoutFunction(0.5, new Rng(1)).backward(null, dy())));
    }

    static Stream<Arguments> functions() {
        return cases().stream().map(c -> Arguments.of(c.label(), c.function(), c.saved(), c.backward()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void backwardWithoutForwardIsAnIllegalState(String label, String function, String saved,
            ThrowingCallable backward) {
        assertThatThrownBy(backward).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage(function + ".backward called before forward: no saved " + saved);
    }

    @Test
    void everyFunctionOfThePackageIsCovered() {
        TreeSet<String> covered = cases().stream().map(Case::function).collect(toCollection(TreeSet::new));
        assertThat(covered).containsExactlyElementsOf(NnTesting.functionsInPackageOf(Linear.class));
    }
}
