package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.nabla.optim.ReduceLROnPlateau.Mode;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LRSchedulerTest {
    static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), lr);
    }

    /** A metric that improves, stalls and improves again, so the plateau schedule acts. */
    static double metric(int epoch) {
        return epoch < 5 ? 1.0 / (epoch + 1) : epoch < 15 ? 0.2 : 0.1;
    }

    static Arguments schedule(String name, Function<Optimizer, LRScheduler> make) {
        return Arguments.of(name, make);
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                schedule("StepLR", o -> new StepLR(o, 3, 0.5)),
                schedule("ExponentialLR", o -> new ExponentialLR(o, 0.9)),
                schedule("CosineAnnealingLR", o -> new CosineAnnealingLR(o, 7, 1e-3)),
                schedule("ReduceLROnPlateau", o -> new ReduceLROnPlateau(o, Mode.MIN, 0.5, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void resumingFromAStateDictContinuesTheSameSequence(String name, Function<Optimizer, LRScheduler> make) {
        SGD straightOpt = sgd(0.1);
        LRScheduler straight = make.apply(straightOpt);
        SGD firstOpt = sgd(0.1);
        LRScheduler first = make.apply(firstOpt);
        for (int e = 0; e < 8; e++) {
            straight.step(metric(e));
            first.step(metric(e));
        }
        SGD resumedOpt = sgd(0.1);
        resumedOpt.loadStateDict(firstOpt.stateDict());
        LRScheduler resumed = make.apply(resumedOpt);
        resumed.loadStateDict(first.stateDict());
        assertThat(resumed.lastLr()).containsExactly(first.lastLr());
        for (int e = 8; e < 25; e++) {
            straight.step(metric(e));
            resumed.step(metric(e));
            assertThat(resumedOpt.lr()).as(name + " epoch " + e).isEqualTo(straightOpt.lr());
        }
        assertThat(straightOpt.lr()).as(name + " changed the learning rate").isLessThan(0.1);
    }

    @Test
    void theFirstEpochUsesTheOptimizersLearningRate() {
        SGD opt = sgd(0.1);
        StepLR schedule = new StepLR(opt, 1);
        assertThat(opt.lr()).isEqualTo(0.1);
        assertThat(schedule.lastLr()).containsExactly(0.1);
        schedule.step(123.0);
        assertThat(opt.lr()).as("the metric is ignored").isCloseTo(0.01, offset(1e-17));
        assertThat(schedule.lastEpoch()).isEqualTo(1);
    }

    @Test
    void plateauNeedsTheMetric() {
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(sgd(0.1));
        assertThatThrownBy(plateau::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("ReduceLROnPlateau needs the monitored metric: call step(metric), e.g."
                        + " step(validationLoss)");
        plateau.step(0.5);
        assertThat(plateau.best()).isEqualTo(0.5);
    }

    @Test
    void aScheduleMustBeCreatedAfterEveryParameterGroup() {
        SGD opt = sgd(0.1);
        StepLR schedule = new StepLR(opt, 2);
        opt.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of());
        assertThatThrownBy(schedule::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("StepLR was created for 1 parameter group(s) and the optimizer now has 2: create the"
                        + " schedule after adding every parameter group");
    }

    @Test
    void loadingChecksKeysAndShapes() {
        StepLR schedule = new StepLR(sgd(0.1), 2);
        Map<String, Tensor> sd = schedule.stateDict();
        assertThat(sd.keySet()).containsExactly("last_epoch", "base_lrs", "last_lr");
        sd.remove("last_epoch");
        sd.put("base_lrs", StateDicts.vector(new double[] {0.1, 0.2}));
        sd.put("gamma", StateDicts.scalar(0.1));
        assertThatThrownBy(() -> schedule.loadStateDict(sd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Error loading state dict into StepLR: missing [last_epoch]; unexpected [gamma] (expected"
                        + " [last_epoch, base_lrs, last_lr]); base_lrs: checkpoint has shape [2], expected [1]");
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(sgd(0.1));
        assertThat(plateau.stateDict().keySet())
                .containsExactly("best", "num_bad_epochs", "cooldown_counter", "last_epoch", "last_lr");
        assertThatThrownBy(() -> plateau.loadStateDict(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Error loading state dict into ReduceLROnPlateau: missing [best, cooldown_counter,");
    }
}
