package dev.nabla.optim;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.kernel.Kernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lazy state, parameter groups, state dicts and the update's independence from threads and storage offsets. */
class OptimizerStateTest {
    /** Every optimizer, with the options that add state (momentum, amsgrad, centered). */
    static Arguments optimizer(String name, Function<List<Tensor>, Optimizer> make) {
        return Arguments.of(name, make);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                optimizer("SGD", p -> new SGD(p, 0.1, 0.9, 0, 0.01, true)),
                optimizer("Adam", p -> new Adam(p, 0.01, 0.9, 0.99, 1e-8, 0.01, true)),
                optimizer("AdamW", p -> new AdamW(p, 0.01)),
                optimizer("Adadelta", p -> new Adadelta(p, 1.0, 0.9, 1e-6, 0.01)),
                optimizer("RMSprop", p -> new RMSprop(p, 0.01, 0.99, 1e-8, 0.01, 0.9, true)),
                optimizer("Adagrad", p -> new Adagrad(p, 0.1, 0.01, 0.01, 0.1, 1e-10)));
    }

    static List<Tensor> params(Rng rng) {
        return new ArrayList<>(List.of(Tensor.randn(rng, 3, 4).requiresGrad(true),
                Tensor.randn(rng, 4).requiresGrad(true), Tensor.randn(rng, 2).requiresGrad(true)));
    }

    static List<Tensor> copies(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(p.copy().requiresGrad(true));
        }
        return out;
    }

    /** Gradients for step s from a seeded generator; the last parameter gets none before step 4. */
    static void setGrads(List<Tensor> params, int s) {
        Rng rng = new Rng(100 + s);
        for (int k = 0; k < params.size(); k++) {
            params.get(k).setGrad(k == 2 && s < 4 ? null : Tensor.randn(rng, params.get(k).shape()));
        }
    }

    @Test
    void stateIsCreatedOnTheFirstStepAndOnlyForParametersWithAGradient() {
        List<Tensor> params = params(new Rng(1));
        Tensor untouched = params.get(1).copy();
        Adam adam = new Adam(params, 0.01);
        assertThat(adam.state(params.get(0))).isEmpty();
        assertThat(adam.stateDict().keySet()).noneMatch(k -> k.startsWith("state."));

        params.get(0).setGrad(Tensor.ones(3, 4));
        adam.step();

        assertThat(adam.state(params.get(0))).containsOnlyKeys("step", "exp_avg", "exp_avg_sq");
        assertThat(adam.state(params.get(0)).get("step").getFlat(0)).isEqualTo(1.0);
        assertThat(adam.state(params.get(1))).as("no gradient, no state").isEmpty();
        assertBitIdentical(params.get(1), untouched, "a parameter without a gradient is not updated");
        assertThat(adam.stateDict().keySet()).containsExactly("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq",
                "param_groups.0.lr", "param_groups.0.beta1", "param_groups.0.beta2", "param_groups.0.eps",
                "param_groups.0.weight_decay", "param_groups.0.amsgrad", "param_groups.0.params");
        assertThat(adam.stateDict().get("param_groups.0.params").toDoubleArray()).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> adam.state(Tensor.zeros(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this tensor (shape [2]) is not optimized by this Adam");
    }

    @Test
    void zeroGradClearsEveryGradient() {
        List<Tensor> params = params(new Rng(2));
        SGD sgd = new SGD(params, 0.1);
        setGrads(params, 5);
        sgd.zeroGrad();
        assertThat(params).allMatch(p -> p.grad() == null);
    }

    @Test
    void theLearningRateIsReadableAndSettableForEveryGroup() {
        List<Tensor> params = params(new Rng(3));
        SGD sgd = new SGD(params.subList(0, 2), 0.1);
        sgd.addParamGroup(params.subList(2, 3), Map.of("lr", 0.5));
        assertThat(sgd.lr()).isEqualTo(0.1);
        assertThat(sgd.paramGroups().get(1).lr()).isEqualTo(0.5);
        sgd.setLr(0.02);
        assertThat(sgd.paramGroups()).extracting(ParamGroup::lr).containsExactly(0.02, 0.02);
    }

    @Test
    void eachGroupIsUpdatedWithItsOwnHyperparameters() {
        List<Tensor> params = params(new Rng(4));
        Tensor frozen = params.get(1).copy();
        SGD sgd = new SGD(List.of(params.get(0)), 0.1);
        sgd.addParamGroup(List.of(params.get(1)), Map.of("lr", 0.0));
        sgd.addParamGroup(List.of(params.get(2)), Map.of("momentum", 0.9, "nesterov", true));
        setGrads(params, 5);
        sgd.step();
        assertBitIdentical(params.get(1), frozen, "lr 0 leaves the parameter as it was");
        assertThat(sgd.state(params.get(0))).as("no momentum in group 0").isEmpty();
        assertThat(sgd.state(params.get(2))).containsOnlyKeys("momentum_buffer");
        assertThat(sgd.paramGroups().get(2).flag("nesterov")).isTrue();
        assertThat(sgd.toString()).isEqualTo("SGD(group 0: lr=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0,"
                + " nesterov=false; group 1: lr=0.0, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=false;"
                + " group 2: lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=true)");
    }

    @Test
    void toStringShowsTheHyperparametersAsPyTorchPrintsThem() {
        assertThat(new Adam(params(new Rng(5))).toString())
                .isEqualTo("Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0.0, amsgrad=false)");
        assertThat(new AdamW(params(new Rng(5))).toString())
                .isEqualTo("AdamW(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0.01, amsgrad=false)");
    }

    @Test
    void badParameterListsAndGroupsAreRejected() {
        List<Tensor> params = params(new Rng(6));
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SGD got an empty parameter list");
        assertThatThrownBy(() -> new SGD(List.of(params.get(0), params.get(0)), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
        Tensor computed = params.get(1).mul(2.0);
        assertThatThrownBy(() -> new SGD(List.of(computed), 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SGD can't optimize a non-leaf tensor");
        SGD sgd = new SGD(List.of(params.get(0)), 0.1);
        assertThatThrownBy(() -> sgd.addParamGroup(List.of(params.get(0)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> sgd.addParamGroup(List.of(params.get(1)), Map.of("betas", 0.9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SGD has no hyperparameter 'betas'; its hyperparameters are [lr, momentum, dampening,"
                        + " weight_decay, nesterov]");
        assertThatThrownBy(() -> sgd.addParamGroup(List.of(params.get(1)), Map.of("nesterov", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'nesterov' must be true or false, got 1");
        assertThatThrownBy(() -> sgd.addParamGroup(List.of(params.get(1)), Map.of("lr", true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'lr' must be a number, got true");
        assertThat(sgd.paramGroups()).hasSize(1);
    }

    @Test
    void float64ParametersAreRejectedAtStep() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Adam adam = new Adam(List.of(p));
        p.setGrad(Tensor.ones(DType.FLOAT64, 2, 3));
        assertThatThrownBy(adam::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("Adam.step(): parameter 0 (shape [2, 3]) is float64; the optimizers update float32"
                        + " parameters. Convert the model with model.to(DType.FLOAT32) before training.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingFromAStateDictGivesTheSameBitsAsAnUninterruptedRun(String name,
            Function<List<Tensor>, Optimizer> make) {
        List<Tensor> straight = params(new Rng(7));
        Optimizer uninterrupted = make.apply(straight);
        List<Tensor> resumed = copies(straight);
        Optimizer first = make.apply(resumed);
        for (int s = 0; s < 3; s++) {
            setGrads(straight, s);
            uninterrupted.step();
            setGrads(resumed, s);
            first.step();
        }
        uninterrupted.setLr(0.5 * uninterrupted.lr());
        first.setLr(0.5 * first.lr());
        Map<String, Tensor> checkpoint = first.stateDict();
        assertThat(checkpoint.keySet()).as("the third parameter has had no gradient yet")
                .noneMatch(k -> k.startsWith("state.2."));

        Optimizer second = make.apply(resumed);
        second.loadStateDict(checkpoint);
        assertThat(second.lr()).as("the learning rate comes from the checkpoint").isEqualTo(first.lr());
        for (int s = 3; s < 7; s++) {
            setGrads(straight, s);
            uninterrupted.step();
            setGrads(resumed, s);
            second.step();
        }
        for (int k = 0; k < straight.size(); k++) {
            assertBitIdentical(resumed.get(k), straight.get(k), name + " parameter " + k);
        }
        Map<String, Tensor> a = uninterrupted.stateDict();
        Map<String, Tensor> b = second.stateDict();
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        a.forEach((k, v) -> assertBitIdentical(b.get(k), v, name + " " + k));
    }

    @Test
    void theStateDictIsASnapshot() {
        List<Tensor> params = params(new Rng(8));
        Adam adam = new Adam(params, 0.01);
        setGrads(params, 0);
        adam.step();
        Map<String, Tensor> sd = adam.stateDict();
        Tensor saved = sd.get("state.0.exp_avg").copy();
        adam.step();
        assertBitIdentical(sd.get("state.0.exp_avg"), saved, "a later step does not change a saved state dict");
    }

    /** A trained Adam's state dict, and an Adam over the same shapes to load it into. */
    private static Map<String, Tensor> adamCheckpoint(boolean amsgrad) {
        List<Tensor> params = params(new Rng(9));
        Adam adam = new Adam(params, 0.01, 0.9, 0.999, 1e-8, 0, amsgrad);
        setGrads(params, 0);
        adam.step();
        return adam.stateDict();
    }

    private static void assertLoadFails(Map<String, Tensor> sd, String message) {
        List<Tensor> params = params(new Rng(9));
        Adam adam = new Adam(params, 0.01);
        setGrads(params, 0);
        adam.step();
        Map<String, Tensor> before = adam.stateDict();
        assertThatThrownBy(() -> adam.loadStateDict(sd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        Map<String, Tensor> after = adam.stateDict();
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        before.forEach((k, v) -> assertBitIdentical(after.get(k), v, "a failed load changes nothing: " + k));
    }

    @Test
    void loadingChecksKeysShapesGroupsAndValues() {
        Map<String, Tensor> missing = adamCheckpoint(false);
        missing.remove("state.0.exp_avg_sq");
        assertLoadFails(missing, "Error loading state dict into Adam: state.0: missing [exp_avg_sq]");

        Map<String, Tensor> unexpected = adamCheckpoint(false);
        unexpected.put("momentum", Tensor.zeros(1));
        unexpected.put("state.0.momentum_buffer", Tensor.zeros(3, 4));
        assertLoadFails(unexpected, "Error loading state dict into Adam: unexpected key momentum (keys are"
                + " state.<i>.<name> and param_groups.<g>.<name>); state.0: unexpected [momentum_buffer] (expected"
                + " [step, exp_avg, exp_avg_sq])");

        Map<String, Tensor> shape = adamCheckpoint(false);
        shape.put("state.0.exp_avg", Tensor.zeros(4, 3));
        assertLoadFails(shape, "Error loading state dict into Adam: state.0.exp_avg: checkpoint has shape [4, 3],"
                + " expected [3, 4] for parameter 0 of shape [3, 4]");

        Map<String, Tensor> value = adamCheckpoint(false);
        value.put("param_groups.0.beta1", StateDicts.scalar(1.0));
        assertLoadFails(value,
                "Error loading state dict into Adam: param_groups.0: Invalid beta parameter at index 0: 1.0");

        Map<String, Tensor> flag = adamCheckpoint(false);
        flag.put("param_groups.0.amsgrad", StateDicts.scalar(0.5));
        assertLoadFails(flag,
                "Error loading state dict into Adam: param_groups.0.amsgrad: a flag must be 0 or 1, got 0.5");

        Map<String, Tensor> amsgrad = adamCheckpoint(false);
        amsgrad.put("param_groups.0.amsgrad", StateDicts.scalar(1));
        assertLoadFails(amsgrad, "Error loading state dict into Adam: state.0: missing [max_exp_avg_sq]; state.1:"
                + " missing [max_exp_avg_sq]");

        Map<String, Tensor> extraParam = adamCheckpoint(false);
        extraParam.put("state.3.step", StateDicts.scalar(1));
        assertLoadFails(extraParam, "Error loading state dict into Adam: state.3: this Adam has only 3 parameters");

        Map<String, Tensor> groupSize = adamCheckpoint(false);
        groupSize.put("param_groups.0.params", StateDicts.vector(new double[] {0, 1}));
        assertLoadFails(groupSize, "Error loading state dict into Adam: param_groups.0.params: the checkpoint's group"
                + " has 2 parameters, this Adam's has 3");

        Map<String, Tensor> twoGroups = new LinkedHashMap<>(adamCheckpoint(false));
        twoGroups.put("param_groups.1.lr", StateDicts.scalar(0.1));
        assertLoadFails(twoGroups, "Error loading state dict into Adam: the checkpoint has parameter groups [0, 1],"
                + " this Adam has [0]");

        Map<String, Tensor> noGroup = adamCheckpoint(false);
        noGroup.remove("param_groups.0.eps");
        assertLoadFails(noGroup, "Error loading state dict into Adam: param_groups.0: missing [eps]");
    }

    @Test
    void anSgdCheckpointDoesNotLoadIntoAdam() {
        List<Tensor> params = params(new Rng(10));
        SGD sgd = new SGD(params, 0.1, 0.9);
        setGrads(params, 0);
        sgd.step();
        Adam adam = new Adam(params(new Rng(10)));
        assertThatThrownBy(() -> adam.loadStateDict(sgd.stateDict())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("param_groups.0: missing [amsgrad, beta1, beta2, eps]; param_groups.0: unexpected"
                        + " [dampening, momentum, nesterov]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void largeParametersGiveTheSameBitsOnOneOrTwoThreads(String name, Function<List<Tensor>, Optimizer> make) {
        int threads = Kernels.threads();
        try {
            List<Tensor> results = new ArrayList<>();
            for (int t : new int[] {1, 2}) {
                Kernels.setThreads(t);
                Tensor p = Tensor.randn(new Rng(11), 200_003).requiresGrad(true);
                Optimizer opt = make.apply(List.of(p));
                for (int s = 0; s < 3; s++) {
                    p.setGrad(Tensor.randn(new Rng(20 + s), 200_003));
                    opt.step();
                }
                results.add(p);
            }
            assertBitIdentical(results.get(1), results.get(0), name + " on 2 threads vs 1");
        } finally {
            Kernels.setThreads(threads);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void parametersThatAreViewsIntoAFlatBufferAreUpdatedInPlace(String name, Function<List<Tensor>, Optimizer> make) {
        int n = 10_001; // several of the chunks in which operands at other offsets are copied
        Tensor flat = Tensor.randn(new Rng(12), n + 10);
        Tensor view = flat.narrow(0, 7, n).detach().requiresGrad(true);
        Tensor alone = view.copy().requiresGrad(true);
        Tensor before = flat.copy();
        Optimizer onView = make.apply(List.of(view));
        Optimizer onCopy = make.apply(List.of(alone));
        for (int s = 0; s < 3; s++) {
            Tensor g = Tensor.randn(new Rng(30 + s), n + 20).narrow(0, 5, n);
            view.setGrad(g);
            alone.setGrad(g.copy());
            onView.step();
            onCopy.step();
        }
        assertBitIdentical(flat.narrow(0, 7, n), alone, name + " view");
        assertBitIdentical(flat.narrow(0, 0, 7), before.narrow(0, 0, 7), name + " elements before the view");
        assertBitIdentical(flat.narrow(0, n + 7, 3), before.narrow(0, n + 7, 3), name + " elements after the view");
    }
}
