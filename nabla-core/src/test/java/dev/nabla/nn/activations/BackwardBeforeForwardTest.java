package dev.nabla.nn.activations;

import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.nn.NnTesting;
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
 * STYLE rule 2: an activation Function whose backward runs before its forward throws an
 * IllegalStateException that says so. Each case calls backward on a fresh instance with a null context.
 */
class BackwardBeforeForwardTest {
    private static Tensor dy() {
        return Tensor.ones(2, 3);
    }

    private record Case(String function, String saved, ThrowingCallable backward) {}

    private static List<Case> cases() {
        return List.of(
                new Case("ReLUFunction", "output", () -> new ReLU.ReLUFunction().backward(null, dy())),
                new Case("LeakyReLUFunction", "input",
                        () -> new LeakyReLU.LeakyReLUFunction(0.01).backward(null, dy())),
                new Case("ELUFunction", "input", () -> new ELU.ELUFunction(1.0).backward(null, dy())),
                new Case("SigmoidFunction", "output", () -> new Sigmoid.SigmoidFunction().backward(null, dy())),
                new Case("TanhFunction", "output", () -> new Tanh.TanhFunction().backward(null, dy())),
                new Case("SoftmaxFunction", "output", () -> new Softmax.SoftmaxFunction(1).backward(null, dy())),
                new Case("LogSoftmaxFunction", "output",
                        () -> new LogSoftmax.LogSoftmaxFunction(1).backward(null, dy())));
    }

    static Stream<Arguments> functions() {
        return cases().stream().map(c -> Arguments.of(c.function(), c.saved(), c.backward()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void backwardWithoutForwardIsAnIllegalState(String function, String saved, ThrowingCallable backward) {
        assertThatThrownBy(backward).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage(function + ".backward called before forward: no saved " + saved);
    }

    @Test
    void everyFunctionOfThePackageIsCovered() {
        TreeSet<String> covered = cases().stream().map(Case::function).collect(toCollection(TreeSet::new));
        assertThat(covered).containsExactlyElementsOf(NnTesting.functionsInPackageOf(ReLU.class));
    }
}
