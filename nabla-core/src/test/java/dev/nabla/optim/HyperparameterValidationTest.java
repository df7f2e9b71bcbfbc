package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.optim.ReduceLROnPlateau.Mode;
import dev.nabla.optim.ReduceLROnPlateau.ThresholdMode;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid hyperparameter is rejected in the constructor, with PyTorch's message where it has one. */
class HyperparameterValidationTest {
    static List<Tensor> params() {
        return List.of(Tensor.zeros(2).requiresGrad(true));
    }

    static Arguments rejects(String message, Executable construct) {
        return Arguments.of(message, construct);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                rejects("Invalid learning rate: -1.0", () -> new SGD(params(), -1.0)),
                rejects("Invalid learning rate: nan", () -> new SGD(params(), Double.NaN)),
                rejects("Invalid momentum value: -0.1", () -> new SGD(params(), 0.1, -0.1)),
                rejects("Invalid weight_decay value: -0.1", () -> new SGD(params(), 0.1, 0, 0, -0.1, false)),
                rejects("Nesterov momentum requires a momentum and zero dampening",
                        () -> new SGD(params(), 0.1, 0, 0, 0, true)),
                rejects("Nesterov momentum requires a momentum and zero dampening",
                        () -> new SGD(params(), 0.1, 0.9, 0.1, 0, true)),
                rejects("Invalid learning rate: -1.0", () -> new Adam(params(), -1.0)),
                rejects("Invalid epsilon value: -1e-08", () -> new Adam(params(), 1e-3, 0.9, 0.999, -1e-8, 0, false)),
                rejects("Invalid beta parameter at index 0: 1.0",
                        () -> new Adam(params(), 1e-3, 1.0, 0.999, 1e-8, 0, false)),
                rejects("Invalid beta parameter at index 0: -0.1",
                        () -> new Adam(params(), 1e-3, -0.1, 0.999, 1e-8, 0, false)),
                rejects("Invalid beta parameter at index 1: 1.5",
                        () -> new Adam(params(), 1e-3, 0.9, 1.5, 1e-8, 0, false)),
                rejects("Invalid weight_decay value: -0.1",
                        () -> new Adam(params(), 1e-3, 0.9, 0.999, 1e-8, -0.1, false)),
                rejects("Invalid learning rate: -0.001", () -> new AdamW(params(), -1e-3)),
                rejects("Invalid beta parameter at index 1: 1.0",
                        () -> new AdamW(params(), 1e-3, 0.9, 1.0, 1e-8, 0.01, false)),
                rejects("Invalid weight_decay value: -0.01",
                        () -> new AdamW(params(), 1e-3, 0.9, 0.999, 1e-8, -0.01, false)),
                rejects("Invalid learning rate: -1.0", () -> new Adadelta(params(), -1.0)),
                rejects("Invalid rho value: 1.5", () -> new Adadelta(params(), 1.0, 1.5, 1e-6, 0)),
                rejects("Invalid rho value: -0.5", () -> new Adadelta(params(), 1.0, -0.5, 1e-6, 0)),
                rejects("Invalid epsilon value: -1e-06", () -> new Adadelta(params(), 1.0, 0.9, -1e-6, 0)),
                rejects("Invalid weight_decay value: -0.1", () -> new Adadelta(params(), 1.0, 0.9, 1e-6, -0.1)),
                rejects("Invalid learning rate: -0.01", () -> new RMSprop(params(), -0.01)),
                rejects("Invalid epsilon value: -1e-08", () -> new RMSprop(params(), 0.01, 0.99, -1e-8, 0, 0, false)),
                rejects("Invalid momentum value: -0.1", () -> new RMSprop(params(), 0.01, 0.99, 1e-8, 0, -0.1, false)),
                rejects("Invalid weight_decay value: -0.1",
                        () -> new RMSprop(params(), 0.01, 0.99, 1e-8, -0.1, 0, false)),
                rejects("Invalid alpha value: -0.1", () -> new RMSprop(params(), 0.01, -0.1, 1e-8, 0, 0, false)),
                rejects("Invalid learning rate: -0.01", () -> new Adagrad(params(), -0.01)),
                rejects("Invalid lr_decay value: -0.1", () -> new Adagrad(params(), 0.01, -0.1, 0, 0, 1e-10)),
                rejects("Invalid weight_decay value: -0.1", () -> new Adagrad(params(), 0.01, 0, -0.1, 0, 1e-10)),
                rejects("Invalid initial_accumulator_value value: -1.0",
                        () -> new Adagrad(params(), 0.01, 0, 0, -1, 1e-10)),
                rejects("Invalid epsilon value: -1e-10", () -> new Adagrad(params(), 0.01, 0, 0, 0, -1e-10)),
                rejects("Invalid learning rate: -1.0", () -> new SGD(params(), 0.1).setLr(-1.0)),
                rejects("Invalid learning rate: -1.0",
                        () -> new SGD(params(), 0.1).addParamGroup(List.of(Tensor.zeros(1)), Map.of("lr", -1.0))),
                rejects("Invalid momentum value: -0.5",
                        () -> new SGD(params(), 0.1).addParamGroup(List.of(Tensor.zeros(1)), Map.of("momentum", -0.5))),
                rejects("Invalid learning rate: -1.0", () -> new SGD(params(), 0.1).paramGroups().get(0).setLr(-1.0)),
                rejects("StepLR: step_size must be at least 1 epoch, got 0",
                        () -> new StepLR(new SGD(params(), 0.1), 0)),
                rejects("CosineAnnealingLR: T_max must be at least 1 epoch, got 0",
                        () -> new CosineAnnealingLR(new SGD(params(), 0.1), 0)),
                rejects("Factor should be < 1.0.",
                        () -> new ReduceLROnPlateau(new SGD(params(), 0.1), Mode.MIN, 1.0, 10)),
                rejects("ReduceLROnPlateau: patience, cooldown and min_lr must not be negative, got patience=-1,"
                        + " cooldown=0, min_lr=0.0", () -> new ReduceLROnPlateau(new SGD(params(), 0.1), Mode.MIN, 0.5,
                                -1, 1e-4, ThresholdMode.REL, 0, 0, 1e-8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectedWithTheMessage(String message, Executable construct) {
        assertThatThrownBy(construct::execute).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
