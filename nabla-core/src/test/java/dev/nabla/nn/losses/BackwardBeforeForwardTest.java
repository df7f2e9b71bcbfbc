package dev.nabla.nn.losses;

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
 * STYLE rule 2: a loss Function (and the L2 penalty's) whose backward runs before its forward throws an
 * IllegalStateException that says so. Each case calls backward on a fresh instance with a null context and
 * the scalar upstream gradient 1.
 */
class BackwardBeforeForwardTest {
    private static Tensor one() {
        return Tensor.ones(new int[0]);
    }

    private record Case(String function, String saved, ThrowingCallable backward) {}

    private static List<Case> cases() {
        return List.of(
                new Case("CrossEntropyFunction", "probabilities",
                        () -> new CrossEntropyLoss.CrossEntropyFunction(new int[] {0}, Reduction.MEAN)
                                .backward(null, one())),
                new Case("NLLFunction", "input shape",
                        () -> new NLLLoss.NLLFunction(new int[] {0}, Reduction.SUM).backward(null, one())),
                new Case("MSEFunction", "difference",
                        () -> new MSELoss.MSEFunction(Reduction.MEAN).backward(null, one())),
                new Case("SquaredNormFunction", "inputs",
                        () -> new L2Penalty.SquaredNormFunction(0.1).backward(null, one())));
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
        assertThat(covered).containsExactlyElementsOf(NnTesting.functionsInPackageOf(L2Penalty.class));
    }
}
