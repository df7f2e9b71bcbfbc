package dev.nabla.nn;

import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STYLE rule 2 for one package of Functions: a Function whose backward runs before its forward throws an
 * IllegalStateException that says so, instead of a NullPointerException or a silently wrong gradient. Each
 * case calls backward on a fresh instance with a null context, since backward must stop before it reads
 * anything; and the cases cover every concrete Function of the package, so a new one is noticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackwardBeforeForwardContract {
    /** One call of backward: a label for the report, the Function's class name, what it should miss. */
    public record Case(String label, String function, String saved, ThrowingCallable backward) {
        public Case(String function, String saved, ThrowingCallable backward) {
            this(function, function, saved, backward);
        }
    }

    /** The calls, one or more per Function of the package. */
    protected abstract List<Case> cases();

    /** Any class of the package under test. */
    protected abstract Class<?> packageAnchor();

    Stream<Arguments> functions() {
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
        assertThat(covered).containsExactlyElementsOf(NnTesting.functionsInPackageOf(packageAnchor()));
    }
}
